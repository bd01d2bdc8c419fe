//! The class file and its Kubernetes render: golden files for a small lab, every rendered
//! file validated strictly against the pinned Kubernetes version's schemas, the built-in labs
//! rendered or refused with the service and field named, and the CLI's exits.

mod golden;
mod schema;
mod cli;
mod swarm_refusals;
