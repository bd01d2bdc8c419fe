// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
export type PortView = { host_ip: string; host_port: string; target: number; protocol: string; url: string | null };
