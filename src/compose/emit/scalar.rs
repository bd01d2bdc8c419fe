//! How yaml.v3 chooses a scalar's style.
//!
//! Two steps, as in Go: the encoder asks for a style (a literal block when the string holds
//! a newline, double quotes when plain text would read back as another type, else plain),
//! then the libyaml-derived emitter analyses the text and falls back to single, then double
//! quotes when the asked-for style cannot hold it (`yaml_emitter_analyze_scalar` and
//! `yaml_emitter_select_scalar_style`). The byte-level character classes below are the
//! emitter's own; they differ from Unicode's in places (a four-byte character counts as
//! unprintable, so an emoji is escaped).

use super::resolve::needs_quotes;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// The style yaml.v3's encoder asks for a string (`encoder.stringv`).
pub(crate) fn requested_string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if needs_quotes(s) {
        Style::DoubleQuoted
    } else {
        Style::Plain
    }
}

/// What the text allows (`yaml_emitter_analyze_scalar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Analysis {
    pub multiline: bool,
    pub block_plain_allowed: bool,
    pub single_quoted_allowed: bool,
    pub block_allowed: bool,
}

/// The style the emitter settles on (`yaml_emitter_select_scalar_style`, block context).
pub(crate) fn select_style(requested: Style, text: &str, simple_key: bool) -> Style {
    let analysis = analyze(text.as_bytes());
    let mut style = requested;
    if simple_key && analysis.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!analysis.block_plain_allowed || (text.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !analysis.single_quoted_allowed {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!analysis.block_allowed || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// Whether a key fits on one line as `key: value` (`yaml_emitter_check_simple_key`).
pub(crate) fn is_simple_key(text: &str) -> bool {
    !analyze(text.as_bytes()).multiline && text.len() <= 128
}

pub(crate) fn analyze(v: &[u8]) -> Analysis {
    if v.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = v.starts_with(b"---") || v.starts_with(b"...");
    let (mut line_breaks, mut special, mut tabs) = (false, false, false);
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;

    let mut i = 0;
    while i < v.len() {
        let w = width(v[i]);
        let followed_by_whitespace = i + w >= v.len() || is_blank(v, i + w);
        if i == 0 {
            match v[i] {
                b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"'
                | b'%' | b'@' | b'`' => block_indicators = true,
                b'?' | b':' | b'-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match v[i] {
                b':' if followed_by_whitespace => block_indicators = true,
                b'#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }

        if v[i] == b'\t' {
            tabs = true;
        } else if !is_printable(v, i) {
            special = true;
        }
        if v[i] == b' ' {
            leading_space |= i == 0;
            trailing_space |= i + w == v.len();
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(v, i) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + w == v.len();
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank(v, i) || is_break(v, i) || v[i] == 0;
        i += w;
    }

    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break || line_breaks {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space || space_break || tabs || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The length of the UTF-8 sequence that starts with `b`.
pub(crate) fn width(b: u8) -> usize {
    match b {
        _ if b & 0x80 == 0 => 1,
        _ if b & 0xE0 == 0xC0 => 2,
        _ if b & 0xF0 == 0xE0 => 3,
        _ => 4,
    }
}

fn at(v: &[u8], i: usize) -> u8 {
    v.get(i).copied().unwrap_or(0)
}

pub(crate) fn is_blank(v: &[u8], i: usize) -> bool {
    matches!(at(v, i), b' ' | b'\t')
}

/// CR, LF, NEL, LS or PS.
pub(crate) fn is_break(v: &[u8], i: usize) -> bool {
    match at(v, i) {
        b'\r' | b'\n' => true,
        0xC2 => at(v, i + 1) == 0x85,
        0xE2 => at(v, i + 1) == 0x80 && matches!(at(v, i + 2), 0xA8 | 0xA9),
        _ => false,
    }
}

/// libyaml's printable set, judged by the first bytes of the UTF-8 sequence: LF, ASCII
/// 0x20–0x7E, U+00A0–U+D7FF and U+E000–U+FFFD without the BOM; nothing beyond U+FFFF.
pub(crate) fn is_printable(v: &[u8], i: usize) -> bool {
    let (b0, b1, b2) = (at(v, i), at(v, i + 1), at(v, i + 2));
    b0 == 0x0A
        || (0x20..=0x7E).contains(&b0)
        || (b0 == 0xC2 && b1 >= 0xA0)
        || (b0 > 0xC2 && b0 < 0xED)
        || (b0 == 0xED && b1 < 0xA0)
        || b0 == 0xEE
        || (b0 == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_match_the_reference() {
        // Environment values and the style `docker compose config` printed them in.
        use Style::*;
        let cases: &[(&str, Style)] = &[
            ("nginx", Plain),
            ("a: b", SingleQuoted),
            ("a #b", SingleQuoted),
            ("a#b", Plain),
            ("-a", Plain),
            ("- a", SingleQuoted),
            ("*a", SingleQuoted),
            ("&a", SingleQuoted),
            ("!a", SingleQuoted),
            ("%a", SingleQuoted),
            ("@a", SingleQuoted),
            ("`a", SingleQuoted),
            ("a ", SingleQuoted),
            ("\ta", DoubleQuoted),
            ("a\tb", DoubleQuoted),
            ("é", Plain),
            ("日本", Plain),
            ("😀", DoubleQuoted),
            ("\u{7}", DoubleQuoted),
            ("\u{7f}", DoubleQuoted),
            ("\u{85}", DoubleQuoted),
            ("\u{a0}", Plain),
            ("a\u{2028}b", SingleQuoted),
            ("a\nb", Literal),
            ("a\n", Literal),
            (" a\nb", Literal),
            ("a \nb", DoubleQuoted),
            ("a\n b", Literal),
            ("x'y", Plain),
            ("x\"y", Plain),
            ("\\", Plain),
            ("-", SingleQuoted),
            ("?", SingleQuoted),
            ("?a", Plain),
            ("? a", SingleQuoted),
            (":a", Plain),
            ("a:", SingleQuoted),
            ("--- a", SingleQuoted),
            ("...", SingleQuoted),
            ("a,b", Plain),
            ("[a]", SingleQuoted),
            ("{a}", SingleQuoted),
            ("a]", Plain),
            ("<<", Plain),
            ("https://x.y/z?a=b#c", Plain),
            ("'a'", SingleQuoted),
            ("\"a\"", SingleQuoted),
            ("|a", SingleQuoted),
            (">a", SingleQuoted),
            ("a|b", Plain),
            ("#a", SingleQuoted),
            ("a\r", DoubleQuoted),
            ("\u{1b}[0m", DoubleQuoted),
            ("\u{feff}a", DoubleQuoted),
            ("\u{e000}", Plain),
            ("\u{fffe}", DoubleQuoted),
            ("true", DoubleQuoted),
            ("", DoubleQuoted),
        ];
        for (text, want) in cases {
            let got = select_style(requested_string_style(text), text, false);
            assert_eq!(got, *want, "style of {text:?} as a mapping value");
        }
    }

    #[test]
    fn keys_that_span_lines_or_run_long_are_not_simple() {
        assert!(is_simple_key("KEY"), "a short one-line key is written as `key: value`");
        assert!(!is_simple_key("a\nb"), "a key with a line break needs the `? ` form");
        assert!(is_simple_key(&"k".repeat(128)), "128 bytes still fit a simple key");
        assert!(!is_simple_key(&"k".repeat(129)), "past 128 bytes a key needs the `? ` form");
    }
}
