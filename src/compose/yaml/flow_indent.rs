//! Go's YAML parser, like libyaml, ignores indentation inside flow collections (`[...]`,
//! `{...}`) and on the continuation lines of quoted scalars, so compose accepts
//!
//! ```yaml
//!     test: [
//!       "CMD", "true",
//!     ]
//! ```
//!
//! with the closing bracket at the key's column. The YAML spec, and saphyr, want those lines
//! indented more than the block around them. Inside these constructs a line's leading
//! whitespace never reaches the value (it is folded away), so moving such lines to the right
//! gives the same document; [`reindent`] does that, and the parser retries with its result
//! when the text as written fails.

/// What the line being scanned is inside of.
struct Scan {
    /// Open flow brackets, innermost last.
    flow: Vec<char>,
    /// Column right of the outermost open bracket: the least indentation that is always
    /// deeper than the block around the collection.
    flow_target: usize,
    /// A quoted scalar left open at the end of the line: its quote and the column its
    /// continuation lines are moved to.
    quote: Option<(char, usize)>,
    /// Inside a block scalar (`|`, `>`): the indentation of the line that introduced it; its
    /// content is every following line indented deeper, or blank.
    block_scalar: Option<usize>,
    /// Whether the next character starts a new token (a value may begin here).
    token_start: bool,
}

/// The text with under-indented lines inside flow collections and multi-line quoted scalars
/// moved right, and how many spaces each line (0-based) got; `None` when no line moved.
pub(super) fn reindent(text: &str) -> Option<(String, Vec<usize>)> {
    let mut scan = Scan { flow: Vec::new(), flow_target: 0, quote: None, block_scalar: None, token_start: true };
    let mut out = String::with_capacity(text.len());
    let mut pads = Vec::new();
    for line in text.split_inclusive('\n') {
        let chars: Vec<char> = line.chars().collect();
        let lead = chars.iter().take_while(|c| **c == ' ' || **c == '\t').count();
        let blank = chars[lead..].iter().all(|c| c.is_whitespace());
        if let Some(parent) = scan.block_scalar {
            if blank || lead > parent {
                pads.push(0);
                out.push_str(line);
                continue;
            }
            scan.block_scalar = None;
        }
        let target = match scan.quote {
            Some((_, col)) if scan.flow.is_empty() => Some(col),
            _ if !scan.flow.is_empty() => Some(scan.flow_target),
            _ => None,
        };
        let pad = match target {
            Some(t) if !blank && lead < t => t - lead,
            _ => 0,
        };
        if scan.flow.is_empty() && scan.quote.is_none() {
            scan.token_start = true;
        }
        scan.line(&chars, lead, pad);
        pads.push(pad);
        out.extend(std::iter::repeat_n(' ', pad));
        out.push_str(line);
    }
    pads.iter().any(|p| *p > 0).then_some((out, pads))
}

impl Scan {
    /// Follows one line from its first non-blank character; `pad` is how far it moves, so
    /// that columns recorded here are those of the moved text.
    fn line(&mut self, chars: &[char], lead: usize, pad: usize) {
        let mut i = lead;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied().unwrap_or('\n');
            let after_blank = i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '\t';
            if let Some((q, _)) = self.quote {
                i += self.quoted(q, c, next);
                continue;
            }
            if c == '#' && after_blank {
                return;
            }
            if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
                i += 1;
                continue;
            }
            if !self.flow.is_empty() {
                self.in_flow(c, next, i + pad);
                i += 1;
                continue;
            }
            if !self.token_start {
                // Inside a plain scalar: only `: ` starts a value.
                if c == ':' && next.is_whitespace() {
                    self.token_start = true;
                }
                i += 1;
                continue;
            }
            match c {
                '-' | '?' | ':' if next.is_whitespace() => {}
                '&' | '!' => {
                    while i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
                        i += 1;
                    }
                }
                '[' | '{' => {
                    self.flow.push(c);
                    self.flow_target = i + pad + 1;
                    self.token_start = true;
                }
                '"' | '\'' => {
                    self.quote = Some((c, i + pad + 1));
                    self.token_start = false;
                }
                '|' | '>' => {
                    self.block_scalar = Some(lead + pad);
                    return;
                }
                _ => self.token_start = false,
            }
            i += 1;
        }
    }

    /// One character of an open quoted scalar; returns how many characters it used.
    fn quoted(&mut self, q: char, c: char, next: char) -> usize {
        match (q, c) {
            ('"', '\\') => 2,
            ('\'', '\'') if next == '\'' => 2,
            _ if c == q => {
                self.quote = None;
                1
            }
            _ => 1,
        }
    }

    /// One character inside a flow collection, at column `col` of the moved line.
    fn in_flow(&mut self, c: char, next: char, col: usize) {
        match c {
            '[' | '{' => {
                self.flow.push(c);
                self.token_start = true;
            }
            ']' | '}' => {
                self.flow.pop();
                self.token_start = false;
            }
            ',' | '?' => self.token_start = true,
            ':' if next.is_whitespace() || matches!(next, ',' | ']' | '}') => self.token_start = true,
            '"' | '\'' if self.token_start => {
                self.quote = Some((c, col + 1));
                self.token_start = false;
            }
            _ => self.token_start = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_only_under_indented_lines_of_flow_and_quoted_values() {
        let cases: [(&str, Option<&str>, &str); 8] = [
            ("a:\n  b: [\n    1,\n  ]\n", Some("a:\n  b: [\n      1,\n      ]\n"), "closing bracket at the key's column"),
            ("a: {\nb: 1}\n", Some("a: {\n    b: 1}\n"), "mapping content at column 0"),
            ("a:\n  b: \"x\ny\"\n", Some("a:\n  b: \"x\n      y\"\n"), "quoted continuation at column 0"),
            ("a: [x]\nb: 1\n", None, "a closed collection leaves later lines alone"),
            ("a: x[1\nb: 1\n", None, "a bracket inside a plain scalar opens nothing"),
            ("a: |\n  [\nb: 1\n", None, "a bracket inside a block scalar opens nothing"),
            ("a: 'it''s [\nb: 1'\n", Some("a: 'it''s [\n    b: 1'\n"), "'' inside single quotes does not close them"),
            ("a: x # [\nb: 1\n", None, "a bracket in a comment opens nothing"),
        ];
        for (text, want, why) in cases {
            let got = reindent(text).map(|(t, _)| t);
            assert_eq!(got.as_deref(), want, "{why}");
        }
    }

    #[test]
    fn reports_the_spaces_added_per_line() {
        let pads = reindent("a: [\n1]\n").map(|(_, p)| p);
        assert_eq!(pads, Some(vec![0, 4]), "line 2 moves right of the bracket at column 3");
    }
}
