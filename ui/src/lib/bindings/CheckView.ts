// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Text } from "./Text";

export type CheckView = { passed: boolean; expected: Text; observed: Text; at_ms: number };
