// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { LogStream } from "./LogStream";
import type { ResourceKind } from "./ResourceKind";
import type { ServicePhase } from "./ServicePhase";

export type Event =
  | { event: "pull_progress"; done_bytes: number; total_bytes: number; images_done: number; images_total: number }
  | { event: "image_progress"; service: string; image: string; done_bytes: number; total_bytes: number; status: string }
  | { event: "image_ready"; service: string; image: string }
  | { event: "build_line"; service: string; line: string }
  | { event: "resource_created"; kind: ResourceKind; name: string }
  | { event: "service_state"; service: string; state: ServicePhase; detail: string | null }
  | { event: "log_line"; service: string; container: string; stream: LogStream; line: string };
