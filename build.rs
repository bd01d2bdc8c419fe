//! Embeds the built-in labs: walks `labs/<id>/` and writes `$OUT_DIR/labs.rs`, one
//! `include_bytes!` per file, so the binary carries every lab and needs nothing beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("labs");
    // A folder given here is rescanned for any change below it, new files included.
    println!("cargo:rerun-if-changed=labs");
    let mut labs: Vec<PathBuf> = read_dir(&root).into_iter().filter(|p| p.is_dir()).collect();
    labs.sort();
    let mut out = String::from("/// The built-in labs, as found in `labs/` when the binary was built.\n");
    out.push_str("pub(crate) static EMBEDDED: &[EmbeddedLab] = &[\n");
    for lab in &labs {
        let id = name_of(lab);
        let mut files = Vec::new();
        walk(lab, lab, &mut files);
        files.sort();
        let _ = writeln!(out, "    EmbeddedLab {{ id: {id:?}, files: &[");
        for rel in &files {
            let abs = lab.join(rel);
            let _ = writeln!(out, "        ({rel:?}, include_bytes!({:?})),", abs.display().to_string());
        }
        out.push_str("    ] },\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("labs.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

/// Every file below `dir`, as a `/`-separated path relative to `base`; hidden files and
/// Python caches are a developer's leftovers, not part of a lab.
fn walk(base: &Path, dir: &Path, files: &mut Vec<String>) {
    for path in read_dir(dir) {
        let name = name_of(&path);
        if name.starts_with('.') || name == "__pycache__" || name.ends_with(".pyc") {
            continue;
        }
        if path.is_dir() {
            walk(base, &path, files);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            files.push(parts.join("/"));
        }
    }
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    }
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
