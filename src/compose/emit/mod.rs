//! Printing the model as `docker compose config` does: YAML like Go's yaml.v3, JSON like Go's
//! encoding/json.
