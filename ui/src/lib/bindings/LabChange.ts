// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { LabChangeKind } from "./LabChangeKind";

export type LabChange = { lab: string; service: string | null; kind: LabChangeKind };
