// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Verdict } from "./Verdict";

export type LabVerdict = { id: string; verdict: Verdict };
