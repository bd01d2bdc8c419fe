// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { Language } from "./Language";

export type Settings = {
  language: Language;
  workspace: string | null;
  engine_endpoint: string | null;
  port_offset: number;
  expose_lan: boolean;
};
