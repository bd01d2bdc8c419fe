// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type Exported = { path: string; bytes: number };
