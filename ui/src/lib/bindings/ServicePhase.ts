// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type ServicePhase =
  | "waiting" | "pulling" | "building" | "creating" | "starting" | "running" | "healthy"
  | "unhealthy" | "completed" | "failed" | "unchanged" | "stopping" | "stopped" | "removed";
