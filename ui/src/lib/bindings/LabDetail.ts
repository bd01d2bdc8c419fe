// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Credential } from "./Credential";
import type { LabCard } from "./LabCard";
import type { ServiceView } from "./ServiceView";

export type LabDetail = { card: LabCard; services: Array<ServiceView>; credentials: Array<Credential> };
