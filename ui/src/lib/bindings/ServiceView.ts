// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { PortView } from "./PortView";

export type ServiceView = {
  service: string;
  state: string;
  health: "healthy" | "unhealthy" | "starting" | null;
  ports: Array<PortView>;
  started_at_ms: number | null;
  restarts: number;
  exit_code: number | null;
  container_id: string | null;
};
