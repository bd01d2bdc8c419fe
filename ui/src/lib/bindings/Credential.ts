// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Text } from "./Text";

export type Credential = { service: string; label: Text; user: string | null; secret: string };
