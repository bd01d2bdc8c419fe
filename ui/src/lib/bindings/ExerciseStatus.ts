// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type ExerciseStatus = "not_tried" | "failed" | "passed";
