//! The typed compose project, shaped and ordered like compose-go's types so that
//! `nivel config` prints what `docker compose config` prints.
