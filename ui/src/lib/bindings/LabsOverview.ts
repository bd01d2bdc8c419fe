// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { EngineState } from "./EngineState";
import type { LabCard } from "./LabCard";

export type LabsOverview = { engine: EngineState; labs: Array<LabCard> };
