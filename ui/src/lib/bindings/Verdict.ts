// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Level } from "./Level";
import type { Reason } from "./Reason";

export type Verdict = { level: Level; reasons: Array<Reason> };
