// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Identity } from "./Identity";
import type { LabProgress } from "./LabProgress";

export type ProgressView = { identity: Identity | null; labs: Array<LabProgress> };
