//! What the engine says about itself and holds, for the readiness rules: its resources and
//! storage (`/info`), the images it has, and the memory its running containers use. One call
//! each, made concurrently, converted at once into Nivel's own types.

mod cgroup_memory;
mod info;
mod inventory;

pub use info::{engine_info, EngineInfo};
pub use inventory::{local_images, running_containers, LocalImage, RunningContainer};
