//! The JSON printer: `json.MarshalIndent(v, "", "  ")` from Go's encoding/json.
//!
//! Map keys sorted by bytes, struct fields in order, `": "` after keys, empty objects and
//! arrays kept as `{}` and `[]`, strings escaped HTML-safe (`<`, `>`, `&`, U+2028 and
//! U+2029 as `\uXXXX`), and no newline after the closing brace.

use super::EmitError;
use super::float::json_float;
use super::order::{json_key, json_less};
use super::tree::Tree;

const INDENT: &str = "  ";

pub(crate) fn print(tree: &Tree) -> Result<String, EmitError> {
    let mut out = String::new();
    value(&mut out, tree, 0)?;
    Ok(out)
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

fn value(out: &mut String, tree: &Tree, depth: usize) -> Result<(), EmitError> {
    match tree {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Tree::Int(i) => out.push_str(&i.to_string()),
        Tree::Uint(u) => out.push_str(&u.to_string()),
        Tree::Float(f) => out.push_str(&json_float(*f).ok_or(EmitError::UnsupportedFloat)?),
        Tree::Str(s) => string(out, s),
        Tree::Seq(items) if items.is_empty() => out.push_str("[]"),
        Tree::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                value(out, item, depth + 1)?;
            }
            newline(out, depth);
            out.push(']');
        }
        Tree::Object(object) if object.entries.is_empty() => out.push_str("{}"),
        Tree::Object(object) => {
            out.push('{');
            for (i, entry) in object.ordered(json_less).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                let key = json_key(&entry.key).ok_or(EmitError::UnsupportedKey)?;
                string(out, &key);
                out.push_str(": ");
                value(out, &entry.value, depth + 1)?;
            }
            newline(out, depth);
            out.push('}');
        }
    }
    Ok(())
}

/// encoding/json's string escaping with HTML escaping on (its default).
fn string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' | '<' | '>' | '&' => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(HEX[b >> 4] as char);
                out.push(HEX[b & 0xF] as char);
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_like_encoding_json() {
        // Environment values and how `docker compose config --format json` printed them.
        let cases: &[(&str, &str)] = &[
            ("plain", r#""plain""#),
            ("&a", r#""\u0026a""#),
            ("<<", r#""\u003c\u003c""#),
            (">a", r#""\u003ea""#),
            ("x\"y", r#""x\"y""#),
            ("\\", r#""\\""#),
            ("a\tb", r#""a\tb""#),
            ("a\nb", r#""a\nb""#),
            ("a\r", r#""a\r""#),
            ("\u{8}", r#""\b""#),
            ("\u{c}", r#""\f""#),
            ("\u{0}", r#""\u0000""#),
            ("\u{7}", r#""\u0007""#),
            ("\u{1f}", r#""\u001f""#),
            ("\u{1b}[0m", r#""\u001b[0m""#),
            ("\u{7f}", "\"\u{7f}\""),
            ("\u{85}", "\"\u{85}\""),
            ("a\u{2028}b", r#""a\u2028b""#),
            ("a\u{2029}b", r#""a\u2029b""#),
            ("é日本😀", "\"é日本😀\""),
            ("\u{feff}a", "\"\u{feff}a\""),
        ];
        for (input, want) in cases {
            let mut out = String::new();
            string(&mut out, input);
            assert_eq!(out, *want, "encoding/json escaping of {input:?}");
        }
    }
}
