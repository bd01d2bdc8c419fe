//! YAML to [`Node`]: anchors, aliases, merge keys and compose's `!reset`/`!override` tags.
//!
//! Built on saphyr's event parser so that every value keeps its line and column. Plain scalars
//! resolve the way Go's yaml package resolves them when compose decodes a file into untyped
//! values (YAML 1.2 core schema plus Go's integer syntaxes): `yes` stays a string, `true`
//! becomes a boolean, `0x1F` an integer.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as YamlSpan};

use super::error::{ErrorKind, LoadError};
use super::node::{Key, Map, Node, Span, Tag, Value};

mod flow_indent;

/// Largest compose file read: real ones are a few kilobytes; anything this size is a wrong
/// file or generated garbage, and refusing it early keeps memory bounded.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Most values one document may expand to, counting every copy an alias makes. A "billion
/// laughs" file (aliases of aliases) hits this after a few lines instead of eating memory.
pub const MAX_NODES: usize = 1_000_000;

/// Parses every document of a file (compose merges a multi-document file in order).
pub fn parse_documents(text: &str, file: Arc<str>) -> Result<Vec<Node>, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(
            ErrorKind::Syntax,
            Some(Span::new(file, 1, 1)),
            format!(
                "the file is {} MiB; compose files are limited to {} MiB",
                text.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .with_fix("check that this is the compose file you meant, or split it into several files with `include`"));
    }
    let written = parse_text(text, file.clone(), Vec::new());
    if let Err(Failure { scanning: true, error }) = written {
        // Go's parser accepts under-indented flow and quoted content; retry with it moved
        // right, and keep the first error when the YAML is still malformed.
        if let Some((moved, pads)) = flow_indent::reindent(text) {
            match parse_text(&moved, file, pads) {
                Err(Failure { scanning: true, .. }) => {}
                other => return other.map_err(|f| f.error),
            }
        }
        return Err(error);
    }
    written.map_err(|f| f.error)
}

/// Why a parse failed, and whether the YAML itself was malformed (the scanner failed) rather
/// than a well-formed document being unusable.
struct Failure {
    error: LoadError,
    scanning: bool,
}

/// Parses `text`, whose line `i` (0-based) was moved `pads[i]` columns to the right of what
/// the user wrote, so that places are reported in the file as written.
fn parse_text(text: &str, file: Arc<str>, pads: Vec<usize>) -> Result<Vec<Node>, Failure> {
    let mut builder = Builder { file, pads, anchors: HashMap::new(), stack: Vec::new(), docs: Vec::new(), nodes: 0, anchored: 0 };
    let parser = Parser::new_from_str(text).keep_tags(true);
    for event in parser {
        let (event, span) = event.map_err(|e| Failure { error: builder.scan_error(&e), scanning: true })?;
        builder.event(event, span).map_err(|error| Failure { error, scanning: false })?;
    }
    Ok(builder.docs)
}

/// A mapping entry as parsed: key, value, and whether the key is a merge key `<<`.
type Entry = (Node, Node, bool);

/// A container being built: its start event's place, anchor and tag, and its items so far.
enum Open {
    Seq { span: Span, anchor: usize, tag: Option<Tag>, items: Vec<Node>, size: usize },
    Map { span: Span, anchor: usize, tag: Option<Tag>, entries: Vec<Entry>, key: Option<(Node, bool)>, size: usize },
}

struct Builder {
    file: Arc<str>,
    /// Columns added in front of each line (0-based) before parsing.
    pads: Vec<usize>,
    /// Anchored values by anchor id, with how many values each expands to.
    anchors: HashMap<usize, (Node, usize)>,
    stack: Vec<Open>,
    docs: Vec<Node>,
    nodes: usize,
    /// Values copied to remember anchors: each anchored value is copied once, so nested
    /// anchors around a large value cost their depth times its size.
    anchored: usize,
}

impl Builder {
    fn span(&self, s: &YamlSpan) -> Span {
        self.place(s.start.line(), s.start.col())
    }

    /// The place of a 1-based line and 0-based column of the parsed text in the file.
    fn place(&self, line: usize, column: usize) -> Span {
        let pad = line.checked_sub(1).and_then(|i| self.pads.get(i)).copied().unwrap_or(0);
        Span::new(self.file.clone(), u32::try_from(line).unwrap_or(u32::MAX), col(column.saturating_sub(pad)))
    }

    fn scan_error(&self, e: &ScanError) -> LoadError {
        let m = e.marker();
        let span = self.place(m.line(), m.col());
        let info = e.info();
        let fix = if info.contains("tab") {
            "YAML indentation must use spaces, not tabs: replace the tab characters at the start of this line with spaces"
        } else if info.contains("mapping values are not allowed") {
            "a value that contains `: ` must be quoted, or the line is indented wrongly"
        } else if info.contains("did not find expected") || info.contains("expected") {
            "check the brackets, quotes and indentation around this place"
        } else {
            "fix the YAML syntax at this place"
        };
        LoadError::at(ErrorKind::Syntax, &span, format!("invalid YAML: {info}")).with_fix(fix)
    }

    fn count(&mut self, n: usize, span: &Span) -> Result<(), LoadError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(LoadError::at(
                ErrorKind::Syntax,
                span,
                format!("the document expands to more than {MAX_NODES} values (aliases of aliases?)"),
            )
            .with_fix("use fewer nested aliases (`*name`); a compose file should expand to a few thousand values"));
        }
        Ok(())
    }

    fn event(&mut self, event: Event<'_>, ys: YamlSpan) -> Result<(), LoadError> {
        let span = self.span(&ys);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            Event::DocumentStart(_) => {
                self.anchors.clear();
                self.nodes = 0;
                self.anchored = 0;
            }
            Event::DocumentEnd => {}
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id).cloned() else {
                    return Err(LoadError::at(ErrorKind::Syntax, &span, "alias to an anchor that is not defined before it")
                        .with_fix("define the anchor (`&name`) above the alias (`*name`); an anchor cannot refer to itself"));
                };
                self.count(size, &span)?;
                let mut node = node;
                node.span = span;
                self.push(node, 0, size, false)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, &span)?;
                // Only a plain, untagged `<<` is a merge key; a quoted "<<" is an ordinary key.
                let merge_key = style == ScalarStyle::Plain && tag.is_none() && text == "<<";
                let tag_name = tag.as_ref().map(|t| (t.handle.as_str(), t.suffix.as_str()));
                let (value, tag) = scalar(&text, style, tag_name, &span)?;
                let mut node = Node::new(value, span);
                node.tag = tag;
                self.push(node, anchor, 1, merge_key)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.count(1, &span)?;
                let tag = compose_tag(tag.as_ref().map(|t| (t.handle.as_str(), t.suffix.as_str())));
                self.stack.push(Open::Seq { span, anchor, tag, items: Vec::new(), size: 1 });
            }
            Event::MappingStart(anchor, tag) => {
                self.count(1, &span)?;
                let tag = compose_tag(tag.as_ref().map(|t| (t.handle.as_str(), t.suffix.as_str())));
                self.stack.push(Open::Map { span, anchor, tag, entries: Vec::new(), key: None, size: 1 });
            }
            Event::SequenceEnd => {
                if let Some(Open::Seq { span, anchor, tag, items, size }) = self.stack.pop() {
                    let mut node = Node::new(Value::Seq(items), span);
                    node.tag = tag;
                    self.push(node, anchor, size, false)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Open::Map { span, anchor, tag, entries, size, .. }) = self.stack.pop() {
                    let map = build_map(entries)?;
                    let mut node = Node::new(Value::Map(map), span);
                    node.tag = tag;
                    // Counted as written: keys a merge overrides still count, an overestimate.
                    self.push(node, anchor, size, false)?;
                }
            }
        }
        Ok(())
    }

    /// Adds `node`, which expands to `size` values, to the container being built.
    fn push(&mut self, node: Node, anchor: usize, size: usize, merge_key: bool) -> Result<(), LoadError> {
        if anchor != 0 {
            self.anchored += size;
            if self.anchored > MAX_NODES {
                return Err(LoadError::at(
                    ErrorKind::Syntax,
                    &node.span,
                    format!("the document's anchors hold more than {MAX_NODES} values (anchors nested in anchors?)"),
                )
                .with_fix("anchor (`&name`) only the values you reuse, not the mappings around them"));
            }
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Open::Seq { items, size: total, .. }) => {
                items.push(node);
                *total += size;
            }
            Some(Open::Map { entries, key, size: total, .. }) => {
                *total += size;
                match key.take() {
                    None => *key = Some((node, merge_key)),
                    Some((k, is_merge)) => entries.push((k, node, is_merge)),
                }
            }
        }
        Ok(())
    }
}

fn col(c: usize) -> u32 {
    u32::try_from(c + 1).unwrap_or(u32::MAX)
}

fn compose_tag(tag: Option<(&str, &str)>) -> Option<Tag> {
    match tag {
        Some(("!", "reset")) => Some(Tag::Reset),
        Some(("!", "override")) => Some(Tag::Override),
        _ => None,
    }
}

/// Turns the key/value pairs of a mapping into a [`Map`]: keys become strings, `<<` merge
/// keys are expanded (keys written in the mapping win over merged ones; among several merged
/// mappings the first wins), duplicate keys are errors.
fn build_map(entries: Vec<Entry>) -> Result<Map, LoadError> {
    let mut explicit = Map::new();
    // Each merge with the number of explicit entries written before it.
    let mut merges: Vec<(usize, Node)> = Vec::new();
    for (k, v, is_merge) in entries {
        if is_merge {
            merges.push((explicit.len(), v));
            continue;
        }
        let name = key_name(&k)?;
        if let Some((first, _)) = explicit.get_entry(&name) {
            return Err(LoadError::at(
                ErrorKind::Syntax,
                &k.span,
                format!("mapping key `{name}` is already defined at line {}", first.span.line),
            )
            .with_fix("remove one of the two entries, or rename one"));
        }
        explicit.insert(Key { name, span: k.span }, v);
    }
    if merges.is_empty() {
        return Ok(explicit);
    }
    let written: HashSet<String> = explicit.keys().map(String::from).collect();
    let mut out = Map::new();
    let mut explicit = explicit.into_iter().enumerate().peekable();
    for (pos, merge) in merges {
        // Merged keys go where the `<<` was written.
        while let Some((_, (k, v))) = explicit.next_if(|(i, _)| *i < pos) {
            out.insert(k, v);
        }
        for source in merge_sources(merge)? {
            let Value::Map(m) = source.value else { continue };
            for (k, v) in m {
                if !written.contains(&k.name) && !out.contains_key(&k.name) {
                    out.insert(k, v);
                }
            }
        }
    }
    for (_, (k, v)) in explicit {
        out.insert(k, v);
    }
    Ok(out)
}

fn merge_sources(merge: Node) -> Result<Vec<Node>, LoadError> {
    let bad = |span: &Span| {
        LoadError::at(ErrorKind::WrongType, span, "a merge key `<<` needs a mapping or a list of mappings")
            .with_fix("write `<<: *anchor` where `&anchor` names a mapping, or `<<: [*a, *b]`")
    };
    match merge.value {
        Value::Map(_) => Ok(vec![merge]),
        Value::Seq(items) => {
            if let Some(item) = items.iter().find(|i| !matches!(i.value, Value::Map(_))) {
                return Err(bad(&item.span));
            }
            Ok(items)
        }
        _ => Err(bad(&merge.span)),
    }
}

fn key_name(k: &Node) -> Result<String, LoadError> {
    match &k.value {
        Value::Null => Ok("null".into()),
        Value::Seq(_) | Value::Map(_) => Err(LoadError::at(
            ErrorKind::WrongType,
            &k.span,
            format!("a mapping key must be a string, not {}", k.kind()),
        )
        .with_fix("use a plain name as the key")),
        _ => Ok(k.scalar_text().unwrap_or_default()),
    }
}

/// Resolves one scalar: quoted and block scalars are strings; plain ones follow the core
/// schema; explicit `!!type` tags force the type.
fn scalar(text: &str, style: ScalarStyle, tag: Option<(&str, &str)>, span: &Span) -> Result<(Value, Option<Tag>), LoadError> {
    let compose = compose_tag(tag);
    if let Some((handle, suffix)) = tag {
        if handle == "tag:yaml.org,2002:" {
            let value = match suffix {
                "str" => Value::Str(text.to_string()),
                "null" => Value::Null,
                "bool" => match resolve_plain(text) {
                    Value::Bool(b) => Value::Bool(b),
                    _ => return Err(tag_error(span, text, "bool")),
                },
                "int" => match resolve_plain(text) {
                    Value::Int(i) => Value::Int(i),
                    _ => return Err(tag_error(span, text, "int")),
                },
                "float" => match resolve_plain(text) {
                    Value::Int(i) => Value::Float(i as f64),
                    Value::Float(f) => Value::Float(f),
                    _ => return Err(tag_error(span, text, "float")),
                },
                _ => resolve_by_style(text, style),
            };
            return Ok((value, None));
        }
    }
    Ok((resolve_by_style(text, style), compose))
}

fn resolve_by_style(text: &str, style: ScalarStyle) -> Value {
    if style == ScalarStyle::Plain {
        resolve_plain(text)
    } else {
        Value::Str(text.to_string())
    }
}

fn tag_error(span: &Span, text: &str, ty: &str) -> LoadError {
    LoadError::at(ErrorKind::WrongType, span, format!("`{text}` is tagged !!{ty} but is not a valid {ty}"))
        .with_fix("remove the tag or correct the value")
}

/// Plain scalar resolution as Go's yaml package does it for untyped values.
pub fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return Value::Str(text.to_string());
    }
    let plain: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(i) = parse_go_int(&plain) {
        return Value::Int(i);
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(text.to_string())
}

/// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`, `0o`, `0b`, a leading-zero
/// octal, or decimal digits.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Node, LoadError> {
        let mut docs = parse_documents(text, Arc::from("c.yaml"))?;
        Ok(docs.remove(0))
    }

    fn at<'a>(n: &'a Node, path: &[&str]) -> &'a Value {
        &n.get_path(path).unwrap_or_else(|| panic!("path {path:?} missing")).value
    }

    #[test]
    fn plain_scalars_resolve_like_go_yaml() {
        let cases: &[(&str, Value)] = &[
            ("yes", Value::Str("yes".into())),
            ("on", Value::Str("on".into())),
            ("true", Value::Bool(true)),
            ("False", Value::Bool(false)),
            ("~", Value::Null),
            ("", Value::Null),
            ("0x1F", Value::Int(31)),
            ("0o17", Value::Int(15)),
            ("0777", Value::Int(511)),
            ("0b101", Value::Int(5)),
            ("1_000", Value::Int(1000)),
            ("-42", Value::Int(-42)),
            ("1.5", Value::Float(1.5)),
            ("1e3", Value::Float(1000.0)),
            (".5", Value::Float(0.5)),
            ("8080:80", Value::Str("8080:80".into())),
            ("1.2.3", Value::Str("1.2.3".into())),
            ("09", Value::Float(9.0)),
            ("-x", Value::Str("-x".into())),
        ];
        for (text, want) in cases {
            assert_eq!(&resolve_plain(text), want, "plain scalar {text:?}");
        }
        assert!(matches!(resolve_plain(".inf"), Value::Float(f) if f.is_infinite()), ".inf is infinity");
    }

    #[test]
    fn quoted_and_tagged_scalars_stay_strings() {
        let n = parse("a: \"true\"\nb: '1'\nc: !!str 12\nd: |\n  x\n").unwrap();
        assert_eq!(at(&n, &["a"]), &Value::Str("true".into()), "double-quoted is a string");
        assert_eq!(at(&n, &["b"]), &Value::Str("1".into()), "single-quoted is a string");
        assert_eq!(at(&n, &["c"]), &Value::Str("12".into()), "!!str forces a string");
        assert_eq!(at(&n, &["d"]), &Value::Str("x\n".into()), "block scalar keeps its newline");
    }

    #[test]
    fn merge_keys_expand_with_explicit_keys_winning() {
        let text = "base: &b\n  image: x\n  user: root\nsvc:\n  user: me\n  <<: *b\n  command: run\n";
        let n = parse(text).unwrap();
        assert_eq!(at(&n, &["svc", "image"]), &Value::Str("x".into()), "merged key arrives");
        assert_eq!(at(&n, &["svc", "user"]), &Value::Str("me".into()), "explicit key wins even when written first");
        let keys: Vec<_> = n.get_path(&["svc"]).and_then(Node::as_map).unwrap().keys().collect();
        assert_eq!(keys, ["user", "image", "command"], "merged keys sit where `<<` was");
    }

    #[test]
    fn merge_of_a_list_takes_the_first_mapping_for_each_key() {
        let text = "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n";
        let n = parse(text).unwrap();
        assert_eq!(at(&n, &["c", "x"]), &Value::Int(1), "earlier mapping in the list wins");
        assert_eq!(at(&n, &["c", "z"]), &Value::Int(2), "keys only in later mappings arrive");
    }

    #[test]
    fn quoted_merge_key_is_an_ordinary_key() {
        let n = parse("a: &a {x: 1}\nb:\n  \"<<\": *a\n").unwrap();
        assert!(n.get_path(&["b", "<<"]).is_some(), "a quoted << is kept as a key");
        assert!(n.get_path(&["b", "x"]).is_none(), "and merges nothing");
    }

    #[test]
    fn merge_of_a_scalar_is_an_error() {
        let e = parse("a: &a 1\nb:\n  <<: *a\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::WrongType, "merging a scalar is a type error: {e}");
        assert_eq!(e.span.map(|s| s.line), Some(3), "points at the merge value");
    }

    #[test]
    fn compose_tags_are_kept() {
        let n = parse("a: !reset []\nb: !override\n  x: 1\nc: !reset null\n").unwrap();
        assert_eq!(n.get_path(&["a"]).and_then(|x| x.tag), Some(Tag::Reset), "!reset on a sequence");
        assert_eq!(n.get_path(&["b"]).and_then(|x| x.tag), Some(Tag::Override), "!override on a mapping");
        assert_eq!(n.get_path(&["c"]).and_then(|x| x.tag), Some(Tag::Reset), "!reset on a scalar");
    }

    #[test]
    fn spans_are_one_based() {
        let n = parse("services:\n  web:\n    image: x\n").unwrap();
        let img = n.get_path(&["services", "web", "image"]).unwrap();
        assert_eq!((img.span.line, img.span.col), (3, 12), "value of image: line 3, column 12");
        let key = n.get_path(&["services", "web"]).and_then(Node::as_map).and_then(|m| m.get_entry("image")).unwrap().0;
        assert_eq!((key.span.line, key.span.col), (3, 5), "the key itself: line 3, column 5");
    }

    #[test]
    fn under_indented_flow_content_parses_and_keeps_its_columns() {
        let n = parse("a:\n  b: [\n x,\n  ]\n").unwrap();
        let x = n.get_path(&["a", "b"]).and_then(|b| b.as_seq()).and_then(|s| s.first()).unwrap();
        assert_eq!((x.span.line, x.span.col), (3, 2), "Go's parser accepts it; the place is where x is written");
        let e = parse("a: {\nb: 1,\n b: 2}\n").unwrap_err();
        assert_eq!(e.span.as_ref().map(|s| (s.line, s.col)), Some((3, 2)), "errors name the column as written: {e}");
    }

    #[test]
    fn duplicate_keys_are_errors_naming_the_first() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(e.problem.contains("already defined at line 1"), "names the first definition: {e}");
        assert_eq!(e.span.map(|s| s.line), Some(3), "points at the second");
    }

    #[test]
    fn tabs_give_a_syntax_error_with_a_fix() {
        let e = parse("services:\n\tweb: {}\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax, "tabs are a syntax error");
        assert!(e.fix.as_deref().unwrap_or("").contains("spaces"), "the fix says to use spaces: {e}");
        assert_eq!(e.span.map(|s| s.line), Some(2), "on the line with the tab");
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let start = std::time::Instant::now();
        let e = parse(&text).unwrap_err();
        assert!(e.problem.contains("expands to more than"), "the bomb is refused: {e}");
        assert!(start.elapsed().as_secs() < 5, "and refused quickly, without expanding it");
    }

    #[test]
    fn huge_files_are_refused() {
        let text = "# padding\n".repeat(MAX_FILE_BYTES / 10 + 1);
        let e = parse_documents(&text, Arc::from("big.yaml")).unwrap_err();
        assert!(e.problem.contains("MiB"), "says the size: {e}");
    }

    #[test]
    fn documents_and_empty_files() {
        let docs = parse_documents("a: 1\n---\nb: 2\n", Arc::from("m.yaml")).unwrap();
        assert_eq!(docs.len(), 2, "each document is returned");
        assert!(parse_documents("", Arc::from("e.yaml")).unwrap().is_empty(), "an empty file has no documents");
        assert!(parse_documents("# only a comment\n", Arc::from("e.yaml")).unwrap().is_empty(), "nor does a comment");
    }

    #[test]
    fn undefined_alias_is_an_error() {
        let e = parse("a: *nope\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax, "unknown anchor: {e}");
    }

    #[test]
    fn non_scalar_keys_are_refused() {
        let e = parse("? [a, b]\n: 1\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::WrongType, "list as key: {e}");
        let n = parse("1: a\ntrue: b\n").unwrap();
        let keys: Vec<_> = n.as_map().unwrap().keys().collect();
        assert_eq!(keys, ["1", "true"], "scalar keys become strings");
    }
}
