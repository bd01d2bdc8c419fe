// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { LogLine } from "./LogLine";

export type LogBatch = { lines: Array<LogLine>; dropped: number };
