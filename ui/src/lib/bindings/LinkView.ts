// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Text } from "./Text";

export type LinkView = { service: string; label: Text; url: string | null };
