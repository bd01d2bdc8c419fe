//! The escape sequences of double-quoted dotenv values.
//!
//! compose understands `\a \b \f \n \r \t \v \" \\`, `\$` (a literal `$`) and octal `\0NNN`;
//! everything else, including `\x41` and `\u0041`, stays as written.

/// Expands the escapes in a double-quoted value. `\$` becomes `$$`, which the template step
/// that follows turns into a literal `$`.
pub(super) fn expand(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let simple = match tail.as_bytes().first() {
            Some(b'a') => Some("\u{7}"),
            Some(b'b') => Some("\u{8}"),
            Some(b'f') => Some("\u{c}"),
            Some(b'n') => Some("\n"),
            Some(b'r') => Some("\r"),
            Some(b't') => Some("\t"),
            Some(b'v') => Some("\u{b}"),
            Some(b'"') => Some("\""),
            Some(b'\\') => Some("\\"),
            Some(b'$') => Some("$$"),
            // compose recognises `\c` but has no meaning for it, so it stays.
            Some(b'c') => Some("\\c"),
            _ => None,
        };
        if let Some(text) = simple {
            out.push_str(text);
            rest = &tail[1..];
        } else if let Some(digits) = tail.strip_prefix('0') {
            let n = digits.bytes().take(3).take_while(u8::is_ascii_digit).count();
            out.push_str(&octal(&digits[..n]));
            rest = &digits[n..];
        } else {
            out.push('\\');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// `\0` followed by `digits` (up to three): the byte they name when they are exactly three
/// octal digits up to 255 (as a character, `\0101` is `A`), else `\` and the digits, which is
/// what compose leaves behind (`\012` becomes `\12`).
fn octal(digits: &str) -> String {
    let value = (digits.len() == 3)
        .then(|| u32::from_str_radix(digits, 8).ok())
        .flatten()
        .and_then(|v| u8::try_from(v).ok());
    match value {
        Some(byte) => char::from(byte).to_string(),
        None => format!("\\{digits}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_like_compose() {
        let cases = [
            (r"a\nb", "a\nb", "newline"),
            (r"\t\r\a\b\f\v", "\t\r\u{7}\u{8}\u{c}\u{b}", "control characters"),
            (r#"\"\\"#, "\"\\", "quote and backslash"),
            (r"\$A", "$$A", "a literal $ is handed to the template step as $$"),
            (r"\c", r"\c", "recognised but meaningless"),
            (r"\'", r"\'", "not an escape in compose"),
            (r"\x41\u0041", r"\x41\u0041", "Go's other escapes are not supported"),
            (r"\0101", "A", "octal"),
            (r"\0377", "ÿ", "octal 255 is the character U+00FF"),
            (r"\01234", "S4", "octal takes three digits at most"),
            (r"\012", r"\12", "two digits are not octal; compose drops the 0"),
            (r"\0", r"\", "no digits"),
            (r"\0800", r"\800", "8 is not an octal digit"),
            (r"\0777", r"\777", "above 255"),
            (r"\\n", r"\n", "an escaped backslash before n"),
            (r"end\", r"end\", "a trailing backslash stays"),
        ];
        for (input, want, why) in cases {
            assert_eq!(expand(input), want, "{input:?}: {why}");
        }
    }
}
