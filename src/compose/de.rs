//! Deserialising a normalised [`Node`](super::Node) tree into the typed model, with errors
//! that name file:line:col (unknown keys with a did-you-mean, wrong types).
