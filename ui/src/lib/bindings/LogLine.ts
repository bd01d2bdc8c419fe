// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { LogStream } from "./LogStream";

export type LogLine = { service: string; stream: LogStream; line: string; ts_ms: number | null };
