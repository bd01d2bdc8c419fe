// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { LinkView } from "./LinkView";
import type { Reason } from "./Reason";
import type { ServiceView } from "./ServiceView";

export type UpSummary = { services: Array<ServiceView>; links: Array<LinkView>; warnings: Array<Reason> };
