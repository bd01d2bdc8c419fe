// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Failure } from "./Failure";

export type EngineState = { available: boolean; version: string | null; problem: Failure | null };
