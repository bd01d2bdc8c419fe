//! Lexical path arithmetic with Go's `path/filepath` results (`Clean`, `Join`, `Dir`, `Rel`).
//!
//! Paths taken from an extended file are rewritten the way compose-go writes them, so that
//! `config --no-path-resolution` shows the same `sub/ctx`; the standard library's `Path`
//! keeps `.` components and never resolves `..`, which would give different strings.

/// Go's `filepath.Clean`: drops `.` components, folds `dir/..`, keeps a leading `/`.
pub(super) fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Go's `filepath.Join` of two elements: empty elements are skipped, the result cleaned.
pub(super) fn join(base: &str, path: &str) -> String {
    match (base.is_empty(), path.is_empty()) {
        (true, true) => String::new(),
        (true, false) => clean(path),
        (false, true) => clean(base),
        (false, false) => clean(&format!("{base}/{path}")),
    }
}

/// Go's `filepath.Dir`: everything before the last `/`, cleaned.
pub(super) fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => clean(&path[..i]),
        None => ".".to_string(),
    }
}

/// Go's `filepath.Rel`: `target` relative to `base`, or `None` when there is no such path
/// (one absolute and one relative, or `base` climbing above a relative `target`).
pub(super) fn rel(base: &str, target: &str) -> Option<String> {
    let base = clean(base);
    let target = clean(target);
    if base == target {
        return Some(".".to_string());
    }
    if base.starts_with('/') != target.starts_with('/') {
        return None;
    }
    let split = |p: &str| -> Vec<String> {
        if p == "." { Vec::new() } else { p.split('/').filter(|s| !s.is_empty()).map(String::from).collect() }
    };
    let b = split(&base);
    let t = split(&target);
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if b[common..].iter().any(|part| part == "..") {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(t[common..].iter().cloned());
    Some(if parts.is_empty() { ".".to_string() } else { parts.join("/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_matches_go() {
        let cases = [
            ("", "."),
            ("./ctx", "ctx"),
            ("a/../b", "b"),
            ("../x", "../x"),
            ("/../x", "/x"),
            ("sub/deeper/../x", "sub/x"),
            ("a//b/./c/", "a/b/c"),
            ("/", "/"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "Clean({input:?}) as Go computes it");
        }
    }

    #[test]
    fn join_dir_rel_match_go() {
        assert_eq!(join(".", "./ctx"), "ctx", "joining onto `.` only cleans");
        assert_eq!(join("sub/deeper", "../x"), "sub/x", "`..` folds into the base");
        assert_eq!(join("", "a"), "a", "an empty base is skipped");
        assert_eq!(dir("sub/base.yaml"), "sub", "the directory of a relative file");
        assert_eq!(dir("base.yaml"), ".", "a bare file name lives in `.`");
        assert_eq!(dir("/base.yaml"), "/", "a file at the root");
        assert_eq!(rel("/w", "/w/sub"), Some("sub".into()), "a sub-directory");
        assert_eq!(rel("/w/a", "/w/b/c"), Some("../b/c".into()), "a sibling climbs once");
        assert_eq!(rel("/w", "/w"), Some(".".into()), "the same directory");
        assert_eq!(rel(".", "sub"), Some("sub".into()), "relative to the current directory");
        assert_eq!(rel("/w", "sub"), None, "absolute and relative do not mix");
    }
}
