//! `${VAR}` templates: the substitution rules of the Compose Specification.
