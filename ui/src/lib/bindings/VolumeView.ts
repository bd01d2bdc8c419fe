// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type VolumeView = { name: string; size_bytes: number | null };
