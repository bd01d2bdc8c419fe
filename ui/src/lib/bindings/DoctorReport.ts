// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { LabVerdict } from "./LabVerdict";

// `facts` is the host facts as the library serialises them (a JSON object).
export type DoctorReport = { facts: Record<string, unknown>; labs: Array<LabVerdict> };
