// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type Level = "ready" | "ready_with_warnings" | "not_ready";
