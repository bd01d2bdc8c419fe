// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type Text = { es: string; en: string };
