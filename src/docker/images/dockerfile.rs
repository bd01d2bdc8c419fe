//! The images a Dockerfile starts from, read from its `FROM` lines: the `ARG`s declared before
//! the first `FROM` are substituted (`$BASE`, `${BASE}`, `${BASE:-python:3.11}`, with the
//! build's own arguments winning over their defaults), `scratch` and the names of earlier
//! stages are left out (they are not images). The same reading rewrites those lines, so a
//! build starts from the classroom mirror the image map names.

use std::collections::HashMap;
use std::path::Path;

use crate::compose::model::BuildConfig;

/// The base images of `build`'s Dockerfile (inline, or read from its context); none for a
/// remote context or a Dockerfile that cannot be read (the build says why).
pub fn bases_of(build: &BuildConfig) -> Vec<String> {
    if super::build::is_remote(&build.context) {
        return Vec::new();
    }
    let text = if build.dockerfile_inline.is_empty() {
        let name = if build.dockerfile.is_empty() { "Dockerfile" } else { &build.dockerfile };
        std::fs::read_to_string(Path::new(&build.context).join(name)).unwrap_or_default()
    } else {
        build.dockerfile_inline.clone()
    };
    base_images(&text, &args_of(build))
}

/// The build's arguments that have a value (those without one are not sent).
pub(super) fn args_of(build: &BuildConfig) -> HashMap<String, String> {
    build.args.iter().filter_map(|(k, v)| Some((k.clone(), v.clone()?))).collect()
}

/// One `FROM` line: where it is among the logical lines, its flags, its image as written and
/// as substituted, and its stage name.
struct From {
    line: usize,
    flags: Vec<String>,
    image: Option<String>,
    stage: Option<String>,
}

/// The base images `text` pulls, in order, each once; `args` are the build's arguments.
pub fn base_images(text: &str, args: &HashMap<String, String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for image in froms(&logical_lines(text), args).into_iter().filter_map(|f| f.image) {
        if !out.contains(&image) {
            out.push(image);
        }
    }
    out
}

/// `text` with each base image that `map` sends elsewhere replaced by where it sends it;
/// `None` when no line changes.
pub fn rewrite_bases(text: &str, args: &HashMap<String, String>, map: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut lines = logical_lines(text);
    let mut changed = false;
    for from in froms(&lines, args) {
        let Some(mapped) = from.image.as_deref().and_then(&map) else { continue };
        let mut words = vec!["FROM".to_string()];
        words.extend(from.flags);
        words.push(mapped);
        if let Some(stage) = from.stage {
            words.extend(["AS".to_string(), stage]);
        }
        lines[from.line] = words.join(" ");
        changed = true;
    }
    changed.then(|| lines.join("\n") + "\n")
}

/// The Dockerfile's instructions, one per entry: continued lines (`\` at the end) joined.
fn logical_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        match line.trim_end().strip_suffix('\\') {
            Some(start) if !line.trim_start().starts_with('#') => current.push_str(start),
            _ => {
                current.push_str(line);
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The `FROM` lines of `lines`, their images substituted and stage references left out.
fn froms(lines: &[String], args: &HashMap<String, String>) -> Vec<From> {
    let mut globals: HashMap<String, String> = HashMap::new();
    let mut stages: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut words = line.split_whitespace();
        let Some(keyword) = words.next() else { continue };
        if keyword.eq_ignore_ascii_case("ARG") && stages.is_empty() {
            // Only the arguments declared before the first stage reach `FROM` lines.
            for declared in words {
                let (name, default) = match declared.split_once('=') {
                    Some((n, d)) => (n, Some(d.trim_matches('"').trim_matches('\'').to_string())),
                    None => (declared, None),
                };
                if let Some(value) = args.get(name).cloned().or(default) {
                    globals.insert(name.to_string(), value);
                }
            }
        } else if keyword.eq_ignore_ascii_case("FROM") {
            let words: Vec<&str> = words.collect();
            let flags: Vec<String> = words.iter().take_while(|w| w.starts_with("--")).map(|w| w.to_string()).collect();
            let rest = &words[flags.len()..];
            let Some(written) = rest.first() else { continue };
            let stage = match rest {
                [_, as_word, name, ..] if as_word.eq_ignore_ascii_case("AS") => Some(name.to_string()),
                _ => None,
            };
            let image = substitute(written, &globals).filter(|image| {
                let earlier = stages.iter().any(|s| s.eq_ignore_ascii_case(image));
                !earlier && !image.eq_ignore_ascii_case("scratch") && !image.is_empty()
            });
            stages.push(stage.clone().unwrap_or_default());
            out.push(From { line: i, flags, image, stage });
        }
    }
    out
}

/// `word` with `$NAME`, `${NAME}` and `${NAME:-default}` replaced; `None` when it names an
/// argument that has no value (the image cannot be known before the build).
fn substitute(word: &str, vars: &HashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = word;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, default, len) = if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}')?;
            let body = &inner[..end];
            match body.split_once(":-") {
                Some((n, d)) => (n, Some(d), end + 2),
                None => (body, None, end + 2),
            }
        } else {
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            (&after[..end], None, end)
        };
        let value = vars.get(name).filter(|v| !v.is_empty()).map(String::as_str).or(default)?;
        out.push_str(value);
        rest = &after[len..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn from_lines_with_arguments_and_stages() {
        let text = "# syntax=docker/dockerfile:1\nARG BASE=python:3.11-slim\nARG TAG\nFROM ${BASE} AS build\nRUN pip wheel .\nFROM --platform=$BUILDPLATFORM busybox:$TAG\nFROM build AS test\nfrom scratch\nFROM ${MISSING}\nFROM ${OTHER:-alpine:3}\n";
        assert_eq!(base_images(text, &args(&[])), ["python:3.11-slim", "alpine:3"], "defaults substituted; a stage, scratch and unknown values left out");
        assert_eq!(base_images(text, &args(&[("TAG", "1.36"), ("BASE", "python:3.12")])), ["python:3.12", "busybox:1.36", "alpine:3"], "the build's arguments win");
    }

    #[test]
    fn mapped_lines_are_rewritten_and_the_rest_kept() {
        let text = "ARG BASE=python:3.11\nFROM $BASE AS build\nRUN echo a \\\n  b\nFROM build\nFROM --platform=linux/amd64 busybox\n";
        let map = |image: &str| (image != "busybox").then(|| format!("mirror:5000/{image}"));
        let rewritten = rewrite_bases(text, &args(&[]), map).expect("a line changes");
        assert_eq!(rewritten, "ARG BASE=python:3.11\nFROM mirror:5000/python:3.11 AS build\nRUN echo a   b\nFROM build\nFROM --platform=linux/amd64 busybox\n");
        assert_eq!(rewrite_bases(text, &args(&[]), |_| None), None, "nothing mapped, nothing rewritten");
    }
}
