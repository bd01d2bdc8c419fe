// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { EngineVersion } from "./EngineVersion";

export type Requirements = { memory: number | null; cpus: number | null; disk: number | null; engine: EngineVersion | null };
