// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { CheckView } from "./CheckView";
import type { ExerciseStatus } from "./ExerciseStatus";
import type { Text } from "./Text";

export type ExerciseView = {
  id: string;
  title: Text;
  description: Text;
  hint: Text | null;
  status: ExerciseStatus;
  attempts: number;
  first_passed_ms: number | null;
  last: CheckView | null;
};
