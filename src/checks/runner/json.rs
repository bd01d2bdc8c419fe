//! `expect_json`: one value of a JSON response, found by its pointer and tested.

use serde_json::Value;

use super::excerpt::excerpt;
use super::verdict::Verdict;
use super::words::count;
use crate::checks::{JsonExpect, JsonTest};
use crate::lab::Text;

/// What `expect` asks for, in words.
pub fn expected(expect: &JsonExpect) -> Text {
    let p = pointer_name(&expect.pointer);
    match &expect.test {
        JsonTest::Equals(v) => Text::new(format!("{} = {v}", p.es), format!("{} = {v}", p.en)),
        JsonTest::Exists => Text::new(format!("{} presente", p.es), format!("{} present", p.en)),
        JsonTest::MinLen(n) => {
            let n = elements(*n);
            Text::new(format!("{} con al menos {}", p.es, n.es), format!("{} with at least {}", p.en, n.en))
        }
        JsonTest::Matches(re) => Text::new(format!("{} que coincida con /{}/", p.es, re.as_str()), format!("{} matching /{}/", p.en, re.as_str())),
    }
}

/// Tests `body`'s value at the pointer.
pub fn evaluate(body: &Value, expect: &JsonExpect) -> Verdict {
    let p = pointer_name(&expect.pointer);
    let found = body.pointer(&expect.pointer);
    let equals = |v: &Value| Text::new(format!("{} = {}", p.es, short(v)), format!("{} = {}", p.en, short(v)));
    let (passed, observed) = match (&expect.test, found) {
        (_, None) => (false, Text::new(format!("falta {}", p.es), format!("{} missing", p.en))),
        (JsonTest::Exists, Some(v)) => (true, equals(v)),
        (JsonTest::Equals(want), Some(v)) => (v == want, equals(v)),
        (JsonTest::MinLen(n), Some(v)) => match length(v) {
            Some(len) => {
                let has = elements(len);
                (len >= *n, Text::new(format!("{} tiene {}", p.es, has.es), format!("{} has {}", p.en, has.en)))
            }
            None => {
                let t = type_name(v);
                let es = format!("{} es {}, no una lista, un objeto ni un texto: {}", p.es, t.es, short(v));
                (false, Text::new(es, format!("{} is {}, not an array, object or string: {}", p.en, t.en, short(v))))
            }
        },
        (JsonTest::Matches(re), Some(v)) => {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (re.is_match(&text), equals(v))
        }
    };
    Verdict { passed, expected: expected(expect), observed }
}

/// A pointer as a student reads it: its keys, unescaped (`~1` is `/`, `~0` is `~`), joined by
/// `›`, so `/paths/~1predict` reads `paths › /predict`; the empty pointer is the whole document.
fn pointer_name(pointer: &str) -> Text {
    if pointer.is_empty() {
        return Text::new("el documento JSON", "the JSON document");
    }
    // RFC 6901: `~1` before `~0`, so `~01` is the key `~1`.
    let key = |k: &str| if k.is_empty() { "\"\"".to_owned() } else { k.replace("~1", "/").replace("~0", "~") };
    Text::same(pointer.split('/').skip(1).map(key).collect::<Vec<_>>().join(" › "))
}

fn elements(n: usize) -> Text {
    count(n, ("elemento", "elementos"), ("element", "elements"))
}

fn length(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => Some(o.len()),
        Value::String(s) => Some(s.chars().count()),
        _ => None,
    }
}

fn type_name(v: &Value) -> Text {
    let (es, en) = match v {
        Value::Null => ("null", "null"),
        Value::Bool(_) => ("un booleano", "a boolean"),
        Value::Number(_) => ("un número", "a number"),
        Value::String(_) => ("un texto", "a string"),
        Value::Array(_) => ("una lista", "an array"),
        Value::Object(_) => ("un objeto", "an object"),
    };
    Text::new(es, en)
}

fn short(v: &Value) -> String {
    excerpt(v.to_string().as_bytes(), false)
}

#[cfg(test)]
mod tests {
    use regex::Regex;
    use serde_json::json;

    use super::*;

    fn expect(pointer: &str, test: JsonTest) -> JsonExpect {
        JsonExpect { pointer: pointer.into(), test }
    }

    fn experiments(n: usize) -> Value {
        json!({ "experiments": (0..n).map(|i| json!({"experiment_id": i.to_string(), "name": format!("e{i}")})).collect::<Vec<_>>() })
    }

    #[test]
    fn min_len_counts_array_elements() {
        let e = expect("/experiments", JsonTest::MinLen(2));
        let one = evaluate(&experiments(1), &e);
        assert!(!one.passed, "one experiment is fewer than two");
        assert_eq!(one.observed, Text::new("experiments tiene 1 elemento", "experiments has 1 element"), "what was seen");
        assert_eq!(one.expected, Text::new("experiments con al menos 2 elementos", "experiments with at least 2 elements"), "what was asked");
        assert!(evaluate(&experiments(2), &e).passed, "two experiments are enough");
    }

    #[test]
    fn min_len_counts_object_keys_and_string_characters_but_not_numbers() {
        assert!(evaluate(&json!({"a": {"x": 1, "y": 2}}), &expect("/a", JsonTest::MinLen(2))).passed, "two keys");
        assert!(evaluate(&json!({"a": "añ"}), &expect("/a", JsonTest::MinLen(2))).passed, "two characters, three bytes");
        let n = evaluate(&json!({"a": 5}), &expect("/a", JsonTest::MinLen(1)));
        assert!(!n.passed, "a number has no length");
        assert_eq!(n.observed.en, "a is a number, not an array, object or string: 5", "says what it was");
        assert_eq!(n.observed.es, "a es un número, no una lista, un objeto ni un texto: 5", "in Spanish too");
    }

    #[test]
    fn a_missing_pointer_fails_every_test() {
        for test in [JsonTest::Exists, JsonTest::MinLen(0), JsonTest::Equals(json!(null))] {
            let v = evaluate(&json!({}), &expect("/experiments", test));
            assert!(!v.passed, "nothing there");
            assert_eq!(v.observed, Text::new("falta experiments", "experiments missing"), "says it is missing");
        }
    }

    #[test]
    fn equals_compares_json_values_not_text() {
        let e = expect("/status", JsonTest::Equals(json!(1.0)));
        assert!(evaluate(&json!({"status": 1.0}), &e).passed, "same number");
        let v = evaluate(&json!({"status": "1"}), &e);
        assert!(!v.passed, "a string is not a number");
        assert_eq!(v.observed, Text::new("status = \"1\"", "status = \"1\""), "the value as JSON, in both languages");
    }

    #[test]
    fn matches_tests_strings_raw_and_other_values_as_json() {
        let e = expect("/experiments/1/name", JsonTest::Matches(Regex::new("^e1$").unwrap()));
        assert!(evaluate(&experiments(2), &e).passed, "a string is matched without its quotes");
        let e = expect("/n", JsonTest::Matches(Regex::new("^4[0-9]$").unwrap()));
        assert!(evaluate(&json!({"n": 42}), &e).passed, "a number through its JSON text");
        assert_eq!(expected(&e), Text::new("n que coincida con /^4[0-9]$/", "n matching /^4[0-9]$/"), "the regex shown");
    }

    #[test]
    fn the_empty_pointer_is_the_whole_document() {
        let v = evaluate(&json!([1, 2, 3]), &expect("", JsonTest::MinLen(3)));
        assert!(v.passed, "three elements at the top");
        assert_eq!(v.observed, Text::new("el documento JSON tiene 3 elementos", "the JSON document has 3 elements"), "named in words");
    }

    #[test]
    fn a_pointer_reads_as_its_keys_unescaped() {
        let e = expect("/paths/~1predict", JsonTest::Exists);
        assert_eq!(expected(&e), Text::new("paths › /predict presente", "paths › /predict present"), "~1 is a slash inside a key");
        let v = evaluate(&json!({"paths": {}}), &e);
        assert_eq!(v.observed, Text::new("falta paths › /predict", "paths › /predict missing"), "the same words when it is missing");
        assert!(evaluate(&json!({"paths": {"/predict": {}}}), &e).passed, "the pointer itself still finds the key");
        assert_eq!(pointer_name("/a~0b/~01/0/").en, "a~b › ~1 › 0 › \"\"", "~0 is a tilde, ~01 the key ~1, an empty key shown as \"\"");
        assert_eq!(pointer_name("/experiments/1/name").es, "experiments › 1 › name", "array indexes as they are");
    }
}
