// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { VolumeView } from "./VolumeView";

export type ResetPlan = {
  lab: string;
  service: string | null;
  containers: Array<string>;
  volumes: Array<VolumeView>;
  networks: Array<string>;
};
