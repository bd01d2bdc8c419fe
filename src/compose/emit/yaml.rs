//! The YAML printer: yaml.v3's encoder and emitter as `docker compose config` runs them
//! (indent 2, no line folding, sequences indented under their key).
//!
//! The layout follows the emitter's block state machine, kept as recursion: each node
//! raises the indent by 2 from its parent's, a sequence item's content starts right after
//! `- `, and empty collections print in flow style (`{}`, `[]`). The writers keep the
//! emitter's column, `whitespace` and `indention` state because its spacing decisions
//! depend on them.

use super::float::yaml_float;
use super::order::yaml_less;
use super::scalar::{Style, is_break, is_printable, is_simple_key, requested_string_style, select_style};
use super::tree::{Object, Tree};

const BEST_INDENT: i32 = 2;

/// Prints a tree as one YAML document, ending with a newline.
pub(crate) fn print(tree: &Tree) -> String {
    let mut e = Emitter { out: String::new(), column: 0, whitespace: true, indention: true, indent: -1 };
    e.node(tree, Place::Root);
    e.write_indent();
    e.out
}

/// Where a node sits; it decides how far the node's indentation moves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    SimpleKey,
    Key,
    Value,
    SequenceItem,
}

struct Emitter {
    out: String,
    column: usize,
    /// The last character written was whitespace (or nothing yet on this line).
    whitespace: bool,
    /// Only indentation (and `- `) has been written on this line so far.
    indention: bool,
    indent: i32,
}

impl Emitter {
    fn node(&mut self, tree: &Tree, place: Place) {
        match tree {
            Tree::Null => self.scalar("null", Style::Plain, place),
            Tree::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain, place),
            Tree::Int(i) => self.scalar(&i.to_string(), Style::Plain, place),
            Tree::Uint(u) => self.scalar(&u.to_string(), Style::Plain, place),
            Tree::Float(f) => self.scalar(&yaml_float(*f), Style::Plain, place),
            Tree::Str(s) => self.scalar(s, requested_string_style(s), place),
            Tree::Seq(items) if items.is_empty() => self.empty_flow("[", "]"),
            Tree::Seq(items) => self.sequence(items, place),
            Tree::Object(object) if object.entries.is_empty() => self.empty_flow("{", "}"),
            Tree::Object(object) => self.mapping(object, place),
        }
    }

    /// `yaml_emitter_increase_indent`: a sequence item's content sits 2 past the dash;
    /// everything else moves to the next multiple of the indent.
    fn increase_indent(&mut self, flow: bool, place: Place) {
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if place == Place::SequenceItem {
            self.indent += 2;
        } else {
            self.indent = BEST_INDENT * ((self.indent + BEST_INDENT) / BEST_INDENT);
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn sequence(&mut self, items: &[Tree], place: Place) {
        let outer = self.indent;
        self.increase_indent(false, place);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Place::SequenceItem);
        }
        self.indent = outer;
    }

    fn mapping(&mut self, object: &Object, place: Place) {
        let outer = self.indent;
        self.increase_indent(false, place);
        for entry in object.ordered(yaml_less) {
            self.write_indent();
            if key_is_simple(&entry.key) {
                self.node(&entry.key, Place::SimpleKey);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.node(&entry.key, Place::Key);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(&entry.value, Place::Value);
        }
        self.indent = outer;
    }

    fn scalar(&mut self, text: &str, requested: Style, place: Place) {
        let simple_key = place == Place::SimpleKey;
        let style = select_style(requested, text, simple_key);
        let outer = self.indent;
        self.increase_indent(true, place);
        match style {
            Style::Plain => self.write_plain(text),
            Style::SingleQuoted => self.write_single_quoted(text),
            Style::DoubleQuoted => self.write_double_quoted(text),
            Style::Literal => self.write_literal(text),
        }
        self.indent = outer;
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
        self.indention = true;
    }

    /// A line break from the text itself: LF is written as the emitter's newline, the
    /// other breaks as they are.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
            self.indention = true;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    // The emitter folds long lines only past its width, which yaml.v3 leaves unlimited, so
    // none of the writers below break a line that the text does not break.

    fn write_plain(&mut self, text: &str) {
        if !text.is_empty() && !self.whitespace {
            self.put(' ');
        }
        let mut breaks = false;
        for (i, c) in text.char_indices() {
            if is_break(text.as_bytes(), i) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        if !text.is_empty() {
            self.whitespace = false;
        }
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str) {
        self.write_indicator("'", true, false, false);
        let mut breaks = false;
        for (i, c) in text.char_indices() {
            if c == ' ' {
                self.put(c);
            } else if is_break(text.as_bytes(), i) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str) {
        self.write_indicator("\"", true, false, false);
        let bytes = text.as_bytes();
        // libyaml's BOM test looks at the start of the text, not at the current character,
        // so text that starts with a BOM is escaped throughout.
        let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
        for (i, c) in text.char_indices() {
            if bom || !is_printable(bytes, i) || is_break(bytes, i) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    _ => {
                        let code = c as u32;
                        let escape = match code {
                            0..=0xFF => format!("x{code:02X}"),
                            0x100..=0xFFFF => format!("u{code:04X}"),
                            _ => format!("U{code:08X}"),
                        };
                        for e in escape.chars() {
                            self.put(e);
                        }
                    }
                }
            } else {
                self.put(c);
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, text: &str) {
        self.write_indicator("|", true, false, false);
        let bytes = text.as_bytes();
        if text.starts_with(' ') || is_break(bytes, 0) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        if let Some(chomp) = chomping(text) {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.whitespace = true;
        let mut breaks = true;
        for (i, c) in text.char_indices() {
            if is_break(bytes, i) {
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// The block chomping indicator: `-` without a final line break, `+` with more than one
/// (or when the text is a single break), none with exactly one.
fn chomping(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().rev();
    let Some((last, _)) = chars.next() else {
        return Some("-");
    };
    if !is_break(bytes, last) {
        return Some("-");
    }
    match chars.next() {
        None => Some("+"),
        Some((before, _)) if is_break(bytes, before) => Some("+"),
        Some(_) => None,
    }
}

/// Keys that fit `key: value`; a multi-line or very long key takes the `? key` form.
fn key_is_simple(key: &Tree) -> bool {
    match key {
        Tree::Str(s) => is_simple_key(s),
        Tree::Seq(items) => items.is_empty(),
        Tree::Object(object) => object.entries.is_empty(),
        _ => true,
    }
}
