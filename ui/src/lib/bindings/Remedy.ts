// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Text } from "./Text";

export type Remedy =
  | { kind: "port_offset"; offset: number }
  | { kind: "start_engine" }
  | { kind: "start_anyway" }
  | { kind: "wait_longer"; seconds: number }
  | { kind: "wait_for_operation" }
  | { kind: "fix_lab_file"; path: string }
  | { kind: "restore_progress"; date: string }
  | { kind: "choose_another_path" }
  | { kind: "advice"; text: Text };
