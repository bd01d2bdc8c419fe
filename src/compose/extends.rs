//! `extends`: a service built on another service of the same file or of another file.
