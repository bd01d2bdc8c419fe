// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type Identity = { name: string; student_id: string | null; email: string | null };
