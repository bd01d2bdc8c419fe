// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Remedy } from "./Remedy";
import type { Text } from "./Text";

export type Failure = { code: string; message: Text; remedy: Remedy | null; input: boolean };
