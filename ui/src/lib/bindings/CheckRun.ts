// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { ExerciseView } from "./ExerciseView";

export type CheckRun = { lab: string; results: Array<ExerciseView>; passed: number; total: number };
