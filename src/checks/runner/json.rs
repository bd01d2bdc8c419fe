//! `expect_json`: one value of a JSON response, found by its pointer and tested.

use serde_json::Value;

use super::excerpt::excerpt;
use super::verdict::Verdict;
use crate::checks::{JsonExpect, JsonTest};

/// What `expect` asks for, in words.
pub fn expected(expect: &JsonExpect) -> String {
    let p = pointer_name(&expect.pointer);
    match &expect.test {
        JsonTest::Equals(v) => format!("{p} = {v}"),
        JsonTest::Exists => format!("{p} present"),
        JsonTest::MinLen(n) => format!("{p} with at least {n} {}", if *n == 1 { "element" } else { "elements" }),
        JsonTest::Matches(re) => format!("{p} matching /{}/", re.as_str()),
    }
}

/// Tests `body`'s value at the pointer.
pub fn evaluate(body: &Value, expect: &JsonExpect) -> Verdict {
    let p = pointer_name(&expect.pointer);
    let found = body.pointer(&expect.pointer);
    let (passed, observed) = match (&expect.test, found) {
        (_, None) => (false, format!("{p} missing")),
        (JsonTest::Exists, Some(v)) => (true, format!("{p} = {}", short(v))),
        (JsonTest::Equals(want), Some(v)) => (v == want, format!("{p} = {}", short(v))),
        (JsonTest::MinLen(n), Some(v)) => match length(v) {
            Some(len) => (len >= *n, format!("{p} has {len} {}", if len == 1 { "element" } else { "elements" })),
            None => (false, format!("{p} is {}, not an array, object or string: {}", type_name(v), short(v))),
        },
        (JsonTest::Matches(re), Some(v)) => {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (re.is_match(&text), format!("{p} = {}", short(v)))
        }
    };
    Verdict { passed, expected: expected(expect), observed }
}

/// `/` for the whole document (the empty pointer), else the pointer itself.
fn pointer_name(pointer: &str) -> String {
    if pointer.is_empty() { "the JSON document".into() } else { pointer.to_string() }
}

fn length(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => Some(o.len()),
        Value::String(s) => Some(s.chars().count()),
        _ => None,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
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
        assert_eq!(one.observed, "/experiments has 1 element", "what was seen");
        assert_eq!(one.expected, "/experiments with at least 2 elements", "what was asked");
        assert!(evaluate(&experiments(2), &e).passed, "two experiments are enough");
    }

    #[test]
    fn min_len_counts_object_keys_and_string_characters_but_not_numbers() {
        assert!(evaluate(&json!({"a": {"x": 1, "y": 2}}), &expect("/a", JsonTest::MinLen(2))).passed, "two keys");
        assert!(evaluate(&json!({"a": "añ"}), &expect("/a", JsonTest::MinLen(2))).passed, "two characters, three bytes");
        let n = evaluate(&json!({"a": 5}), &expect("/a", JsonTest::MinLen(1)));
        assert!(!n.passed, "a number has no length");
        assert_eq!(n.observed, "/a is a number, not an array, object or string: 5", "says what it was");
    }

    #[test]
    fn a_missing_pointer_fails_every_test() {
        for test in [JsonTest::Exists, JsonTest::MinLen(0), JsonTest::Equals(json!(null))] {
            let v = evaluate(&json!({}), &expect("/experiments", test));
            assert!(!v.passed, "nothing there");
            assert_eq!(v.observed, "/experiments missing", "says it is missing");
        }
    }

    #[test]
    fn equals_compares_json_values_not_text() {
        let e = expect("/status", JsonTest::Equals(json!(1.0)));
        assert!(evaluate(&json!({"status": 1.0}), &e).passed, "same number");
        let v = evaluate(&json!({"status": "1"}), &e);
        assert!(!v.passed, "a string is not a number");
        assert_eq!(v.observed, "/status = \"1\"", "the value as JSON");
    }

    #[test]
    fn matches_tests_strings_raw_and_other_values_as_json() {
        let e = expect("/experiments/1/name", JsonTest::Matches(Regex::new("^e1$").unwrap()));
        assert!(evaluate(&experiments(2), &e).passed, "a string is matched without its quotes");
        let e = expect("/n", JsonTest::Matches(Regex::new("^4[0-9]$").unwrap()));
        assert!(evaluate(&json!({"n": 42}), &e).passed, "a number through its JSON text");
        assert_eq!(expected(&e), "/n matching /^4[0-9]$/", "the regex shown");
    }

    #[test]
    fn the_empty_pointer_is_the_whole_document() {
        let v = evaluate(&json!([1, 2, 3]), &expect("", JsonTest::MinLen(3)));
        assert!(v.passed, "three elements at the top");
        assert_eq!(v.observed, "the JSON document has 3 elements", "named in words");
    }
}
