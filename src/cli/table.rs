//! Plain-text tables for the terminal: columns padded to their widest cell, three spaces apart.

use std::fmt::Write as _;

/// The rows (header first) as aligned lines, each ending in a newline, trailing spaces trimmed.
pub fn aligned<const N: usize>(rows: &[[String; N]]) -> String {
    let widths: Vec<usize> = (0..N).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let _ = write!(line, "{cell:<w$}   ", w = widths[c]);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_without_trailing_spaces() {
        let rows = [["A", "LONG"].map(String::from), ["wide", "x"].map(String::from)];
        assert_eq!(aligned(&rows), "A      LONG\nwide   x\n", "padded to the widest cell, last column trimmed");
    }
}
