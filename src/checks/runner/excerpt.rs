//! Short, readable pieces of what a check saw: a response body, a command's output, a file.

use crate::lab::Text;

/// The most characters of any one excerpt.
pub const EXCERPT_CHARS: usize = 500;

/// `bytes` as text (invalid UTF-8 replaced), trimmed, cut to [`EXCERPT_CHARS`] characters
/// with `…` marking the cut; `cut` says more bytes existed than were read.
pub fn excerpt(bytes: &[u8], cut: bool) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if cut || out.len() < text.len() {
        out.push('…');
    }
    out
}

/// An excerpt (the same in both languages), or `(vacío)`/`(empty)` when there is nothing to
/// show.
pub fn shown(bytes: &[u8], cut: bool) -> Text {
    let e = excerpt(bytes, cut);
    if e.is_empty() { Text::new("(vacío)", "(empty)") } else { Text::new(e.clone(), e) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_comes_through_trimmed() {
        assert_eq!(excerpt(b"  hello\n", false), "hello", "surrounding blanks go");
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary() {
        let text = "ñ".repeat(600);
        let e = excerpt(text.as_bytes(), false);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1, "500 characters and the mark");
        assert!(e.ends_with('…'), "the cut is marked: {e}");
    }

    #[test]
    fn a_body_cut_while_reading_is_marked_even_when_short() {
        assert_eq!(excerpt(b"abc", true), "abc…", "more existed than was read");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_nothing_is_named() {
        assert_eq!(excerpt(&[0x66, 0xff, 0x6f], false), "f\u{fffd}o", "bytes that are not UTF-8");
        assert_eq!(shown(b" \n", false), Text::new("(vacío)", "(empty)"), "blank output says so");
        assert_eq!(shown(b"ok\n", false), Text::new("ok", "ok"), "output is the same in both languages");
    }
}
