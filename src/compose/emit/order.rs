//! The order each Go encoder gives map keys.
//!
//! encoding/json sorts keys by their bytes. yaml.v3 sorts them "naturally" (its
//! `sorter.go`): numbers by value before strings, and within strings a letter sorts after a
//! non-letter, except right after a digit, and runs of digits compare as numbers, so `B9`
//! comes before `B10` and `_A` before `A`.
//!
//! That comparison is not transitive once digit runs hold non-ASCII digits (Go adds
//! `'٣' - '0'` as if it were a digit value), and Go sorts a map's keys from its random
//! iteration order, so for such keys compose itself prints different orders from run to
//! run; any of them is as right as another.

use super::tree::{Float, Tree};

/// Go's `reflect.Kind` numbers, which break ties between keys of different types.
fn kind(tree: &Tree) -> u8 {
    match tree {
        Tree::Null => 0,
        Tree::Bool(_) => 1,
        Tree::Int(_) => 2,
        Tree::Uint(_) => 7,
        Tree::Float(Float::F32(_)) => 13,
        Tree::Float(Float::F64(_)) => 14,
        Tree::Seq(_) => 23,
        Tree::Str(_) => 24,
        Tree::Object(_) => 21,
    }
}

/// yaml.v3 treats numbers and booleans alike as numbers when sorting.
fn number(tree: &Tree) -> Option<f64> {
    match tree {
        Tree::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Tree::Int(i) => Some(*i as f64),
        Tree::Uint(u) => Some(*u as f64),
        Tree::Float(Float::F32(f)) => Some((*f).into()),
        Tree::Float(Float::F64(f)) => Some(*f),
        _ => None,
    }
}

/// Same-kind numeric comparison, exact where the float view is not.
fn number_less(a: &Tree, b: &Tree) -> bool {
    match (a, b) {
        (Tree::Int(a), Tree::Int(b)) => a < b,
        (Tree::Uint(a), Tree::Uint(b)) => a < b,
        (Tree::Bool(a), Tree::Bool(b)) => !a && *b,
        _ => number(a) < number(b),
    }
}

/// yaml.v3's `keyList.Less`.
pub(crate) fn yaml_less(a: &Tree, b: &Tree) -> bool {
    if let (Some(af), Some(bf)) = (number(a), number(b)) {
        if af != bf {
            return af < bf;
        }
        if kind(a) != kind(b) {
            return kind(a) < kind(b);
        }
        return number_less(a, b);
    }
    match (a, b) {
        (Tree::Str(a), Tree::Str(b)) => natural_less(a, b),
        _ => kind(a) < kind(b),
    }
}

/// Go's `unicode.IsLetter` (categories L): Rust's alphabetic property less the letter-like
/// numbers (Nl, such as `Ⅻ`). Combining vowel signs that Unicode calls alphabetic still
/// count as letters here, where Go would not.
fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric()
}

/// Go's `unicode.IsDigit`: decimal digits (category Nd), not `²` or `½`.
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let c = c as u32;
    NON_ASCII_DECIMAL_DIGITS.iter().any(|&(first, last)| (first..=last).contains(&c))
}

/// The non-ASCII ranges of Unicode 15's category Nd, the Unicode version of Go's tables.
const NON_ASCII_DECIMAL_DIGITS: &[(u32, u32)] = &[
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x7C0, 0x7C9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xA66, 0xA6F),
    (0xAE6, 0xAEF),
    (0xB66, 0xB6F),
    (0xBE6, 0xBEF),
    (0xC66, 0xC6F),
    (0xCE6, 0xCEF),
    (0xD66, 0xD6F),
    (0xDE6, 0xDEF),
    (0xE50, 0xE59),
    (0xED0, 0xED9),
    (0xF20, 0xF29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19D9),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10D30, 0x10D39),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x11F50, 0x11F59),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E4F0, 0x1E4F9),
    (0x1E950, 0x1E959),
    (0x1FBF0, 0x1FBF9),
];

fn digit_value(c: char) -> i64 {
    c as i64 - '0' as i64
}

/// The string part of `keyList.Less`, rune by rune. Sorting calls it for every comparison,
/// so ASCII keys (nearly all of them) are compared in place, without collecting runes.
fn natural_less(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return natural_less_in(a.as_bytes(), b.as_bytes());
    }
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    natural_less_in(&ar, &br)
}

fn natural_less_in<C: Copy + Into<char>>(a: &[C], b: &[C]) -> bool {
    let (alen, blen) = (a.len(), b.len());
    let ar = |i: usize| -> char { a[i].into() };
    let br = |i: usize| -> char { b[i].into() };
    let mut digits = false;
    let mut i = 0;
    while i < alen && i < blen {
        if ar(i) == br(i) {
            digits = is_digit(ar(i));
            i += 1;
            continue;
        }
        let al = is_letter(ar(i));
        let bl = is_letter(br(i));
        if al && bl {
            return ar(i) < br(i);
        }
        if al || bl {
            return if digits { al } else { bl };
        }
        // Both are non-letters: compare the digit runs starting here as numbers. A run
        // that starts with 0 after a non-zero digit of the common prefix is still the
        // middle of one number, so it counts as non-zero.
        let (mut an, mut bn) = (0i64, 0i64);
        if ar(i) == '0' || br(i) == '0' {
            let mut j = i;
            while j > 0 && is_digit(ar(j - 1)) {
                j -= 1;
                if ar(j) != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < alen && is_digit(ar(ai)) {
            an = an.wrapping_mul(10).wrapping_add(digit_value(ar(ai)));
            ai += 1;
        }
        let mut bi = i;
        while bi < blen && is_digit(br(bi)) {
            bn = bn.wrapping_mul(10).wrapping_add(digit_value(br(bi)));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar(i) < br(i);
    }
    alen < blen
}

/// encoding/json's order: keys as strings, by bytes.
pub(crate) fn json_less(a: &Tree, b: &Tree) -> bool {
    match (a, b) {
        (Tree::Str(a), Tree::Str(b)) => a.as_bytes() < b.as_bytes(),
        _ => json_key(a) < json_key(b),
    }
}

/// The string encoding/json uses for a map key: strings as they are, integers in decimal.
/// `None` for keys encoding/json refuses.
pub(crate) fn json_key(tree: &Tree) -> Option<String> {
    match tree {
        Tree::Str(s) => Some(s.clone()),
        Tree::Int(i) => Some(i.to_string()),
        Tree::Uint(u) => Some(u.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(keys: &[&str], less: fn(&Tree, &Tree) -> bool) -> Vec<String> {
        let mut trees: Vec<Tree> = keys.iter().map(|k| Tree::Str((*k).into())).collect();
        trees.sort_by(|a, b| {
            if less(a, b) {
                std::cmp::Ordering::Less
            } else if less(b, a) {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        });
        trees
            .into_iter()
            .map(|t| match t {
                Tree::Str(s) => s,
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn yaml_key_order_matches_the_reference() {
        // Each list is the order `docker compose config` printed for these environment keys.
        let cases: &[&[&str]] = &[
            &["_A", "A", "B9", "B10", "a", "b"],
            &["_", "1", "2", "10", "a", "a1", "a01", "a2", "a10", "ab"],
            &["a-b", "a.b", "a_b", "a0", "a9", "aA", "aa"],
            &["x1", "x01", "x001", "x10"],
            &["PATH", "Path", "path", "path_2", "path2", "path10"],
            &["_", "0", "0a", "00", "Z", "e", "f", "z", "é", "日"],
            &[
                "_", "²", "Ⅻ", "1", "3", "9", "٣", "١٠", "a", "a\u{301}", "ab", "x²", "x3", "x٣", "z", "ß",
                "ä", "ǅ", "Ω", "中",
            ],
        ];
        for want in cases {
            let mut shuffled: Vec<&str> = want.to_vec();
            shuffled.reverse();
            assert_eq!(sorted(&shuffled, yaml_less), *want, "yaml.v3 natural key order");
        }
    }

    #[test]
    fn json_key_order_is_bytewise() {
        let keys = ["b", "_A", "a", "B10", "A", "B9"];
        assert_eq!(
            sorted(&keys, json_less),
            ["A", "B10", "B9", "_A", "a", "b"],
            "encoding/json sorts map keys by their bytes"
        );
    }

    #[test]
    fn numbers_sort_before_strings_and_by_value() {
        let mut keys = vec![Tree::Str("a".into()), Tree::Int(10), Tree::Int(9), Tree::Bool(true)];
        keys.sort_by(
            |a, b| if yaml_less(a, b) { std::cmp::Ordering::Less } else { std::cmp::Ordering::Greater },
        );
        assert_eq!(
            keys,
            [Tree::Bool(true), Tree::Int(9), Tree::Int(10), Tree::Str("a".into())],
            "yaml.v3 compares numeric keys by value and puts them before strings"
        );
    }
}
