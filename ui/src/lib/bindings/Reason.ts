// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Severity } from "./Severity";
import type { Text } from "./Text";

export type Reason = { code: string; severity: Severity; message: Text; remedy: Text | null };
