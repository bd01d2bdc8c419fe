// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type LabChangeKind = "started" | "stopped" | "died" | "unhealthy" | "healthy" | "changed";
