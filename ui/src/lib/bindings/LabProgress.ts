// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Text } from "./Text";

export type LabProgress = { lab: string; title: Text; passed: number; total: number; time_ms: number };
