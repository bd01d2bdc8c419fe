// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type EngineVersion = { major: number; minor: number; patch: number };
