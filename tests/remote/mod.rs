//! Engines reached the way the docker CLI reaches them beyond the local socket: the docker
//! contexts of a config folder the tests write, a second real dockerd that speaks TLS on
//! loopback with certificates the tests make (and a lab on it at another address of its
//! network), and a real sshd on loopback in front of this machine's engine, with a lab's ports
//! forwarded through it.

mod contexts;
mod tls;
mod tls_lab;
mod ssh;
mod forward;
