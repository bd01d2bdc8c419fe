//! A compact unified diff of two texts, so a failing case shows where it differs without
//! flooding the report.

use std::fmt::Write;

/// Lines of context around each change.
const CONTEXT: usize = 2;

enum Edit<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// A unified diff from `expected` to `actual` (each given with its label), showing at most
/// `max_changes` changed lines. Texts are split on `\n` so a missing final newline shows as a
/// change of its own.
pub fn unified(expected: (&str, &str), actual: (&str, &str), max_changes: usize) -> String {
    let ((expected_label, expected), (actual_label, actual)) = (expected, actual);
    let a: Vec<&str> = expected.split('\n').collect();
    let b: Vec<&str> = actual.split('\n').collect();
    let edits = edit_script(&a, &b);
    let changed: Vec<usize> = edits
        .iter()
        .enumerate()
        .filter(|(_, e)| !matches!(e, Edit::Same(_)))
        .map(|(i, _)| i)
        .collect();

    let mut keep = vec![false; edits.len()];
    for &i in changed.iter().take(max_changes) {
        let end = (i + CONTEXT).min(edits.len() - 1);
        keep[i.saturating_sub(CONTEXT)..=end]
            .iter_mut()
            .for_each(|k| *k = true);
    }
    let mut out = format!("--- {expected_label}\n+++ {actual_label}\n");
    let mut printed_changes = 0;
    let mut previous: Option<usize> = None;
    for (k, edit) in edits.iter().enumerate().filter(|(k, _)| keep[*k]) {
        if previous.is_none_or(|p| p + 1 != k) {
            let _ = writeln!(out, "@@ line {} @@", line_in_expected(&edits, k) + 1);
        }
        if !matches!(edit, Edit::Same(_)) {
            printed_changes += 1;
        }
        write_edit(&mut out, edit);
        previous = Some(k);
    }
    if changed.len() > printed_changes {
        let _ = writeln!(
            out,
            "… {} more changed lines",
            changed.len() - printed_changes
        );
    }
    out
}

fn write_edit(out: &mut String, edit: &Edit) {
    let _ = match edit {
        Edit::Same(line) => writeln!(out, " {line}"),
        Edit::Removed(line) => writeln!(out, "-{line}"),
        Edit::Added(line) => writeln!(out, "+{line}"),
    };
}

fn line_in_expected(edits: &[Edit], upto: usize) -> usize {
    edits[..upto]
        .iter()
        .filter(|e| !matches!(e, Edit::Added(_)))
        .count()
}

/// The shortest edit script by longest common subsequence; the outputs compared here are a
/// few hundred lines at most, so the quadratic table is small.
fn edit_script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Edit<'a>> {
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut edits = Vec::with_capacity(n.max(m));
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            edits.push(Edit::Same(a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            edits.push(Edit::Removed(a[i]));
            i += 1;
        } else {
            edits.push(Edit::Added(b[j]));
            j += 1;
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn shows_changed_lines_with_context() {
        let diff = unified(
            ("a", "a\nb\nc\nd\ne\nf\ng\n"),
            ("b", "a\nb\nc\nX\ne\nf\ng\n"),
            30,
        );
        assert!(
            diff.contains("-d\n+X\n"),
            "the change is shown as removal then addition: {diff}"
        );
        assert!(
            diff.contains(" c\n") && diff.contains(" e\n"),
            "context lines surround it: {diff}"
        );
        assert!(
            !diff.lines().any(|line| line == " a"),
            "lines far from the change are left out: {diff}"
        );
    }

    #[test]
    fn a_missing_final_newline_is_a_change() {
        let diff = unified(("a", "a\n"), ("b", "a"), 30);
        assert!(
            diff.lines().any(|l| l == "-"),
            "the lost empty last line shows: {diff}"
        );
    }

    #[test]
    fn stops_after_the_limit() {
        let expected: String = (0..100).map(|i| format!("{i}\n")).collect();
        let actual: String = (0..100).map(|i| format!("x{i}\n")).collect();
        let diff = unified(("a", &expected), ("b", &actual), 30);
        assert!(
            diff.contains("more changed lines"),
            "the rest is summarised: {diff}"
        );
        assert!(
            diff.lines().count() < 40,
            "the diff stays compact: {} lines",
            diff.lines().count()
        );
    }
}
