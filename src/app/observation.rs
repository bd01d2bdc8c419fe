//! What the progress store keeps of a check run, decided here as data rather than by any
//! renderer: each check's kind, service, verdict, and what it expected and observed in both
//! languages, as a small JSON document in the run's `observed` column. Runs recorded by an
//! earlier Nivel hold plain English lines; they read back as that text in both languages.

use serde::{Deserialize, Serialize};

use crate::checks::{CheckOutcome, ExerciseResult};
use crate::lab::Text;
use crate::progress::MAX_OBSERVED_BYTES;

/// The checks of one run, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Observation {
    /// The shape's version, raised only when a field changes meaning.
    v: u32,
    pub(crate) checks: Vec<ObservedCheck>,
}

/// One check of a run, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ObservedCheck {
    pub(crate) kind: String,
    pub(crate) service: String,
    pub(crate) passed: bool,
    pub(crate) expected: Words,
    pub(crate) observed: Words,
    /// The check's own message for the student, kept when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) message: Option<Words>,
}

/// A [`Text`] as the store keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Words {
    es: String,
    en: String,
}

const VERSION: u32 = 1;

/// Characters each observed text keeps when a run would not fit the column whole.
const SHORTER: [usize; 3] = [1000, 200, 40];

impl Observation {
    pub(crate) fn of(result: &ExerciseResult) -> Observation {
        Observation { v: VERSION, checks: result.checks.iter().map(ObservedCheck::of).collect() }
    }

    /// The stored form: JSON that fits the column whole (observed texts are shortened, never
    /// the document cut).
    pub(crate) fn to_stored(&self) -> String {
        let whole = serde_json::to_string(self).unwrap_or_default();
        if whole.len() <= MAX_OBSERVED_BYTES {
            return whole;
        }
        for chars in SHORTER {
            let mut short = self.clone();
            for c in &mut short.checks {
                c.observed = Words { es: cut(&c.observed.es, chars), en: cut(&c.observed.en, chars) };
            }
            let text = serde_json::to_string(&short).unwrap_or_default();
            if text.len() <= MAX_OBSERVED_BYTES {
                return text;
            }
        }
        serde_json::to_string(&Observation { v: VERSION, checks: Vec::new() }).unwrap_or_default()
    }

    /// A stored run read back; an earlier Nivel's plain text becomes one check-less record
    /// whose text is kept in [`Observation::legacy`].
    pub(crate) fn from_stored(stored: &str) -> Result<Observation, String> {
        match serde_json::from_str::<Observation>(stored) {
            Ok(o) if o.v == VERSION => Ok(o),
            _ => Err(stored.to_string()),
        }
    }
}

impl ObservedCheck {
    fn of(o: &CheckOutcome) -> ObservedCheck {
        ObservedCheck {
            kind: o.kind.to_string(),
            service: o.service.clone(),
            passed: o.passed,
            expected: Words::from(&o.expected),
            observed: Words::from(&o.observed),
            message: o.message.as_ref().filter(|_| !o.passed).map(Words::from),
        }
    }
}

impl From<&Text> for Words {
    fn from(t: &Text) -> Words {
        Words { es: t.es.clone(), en: t.en.clone() }
    }
}

impl From<&Words> for Text {
    fn from(w: &Words) -> Text {
        Text::new(w.es.clone(), w.en.clone())
    }
}

fn cut(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    fn outcome(passed: bool, observed: &str) -> CheckOutcome {
        CheckOutcome {
            kind: "file",
            service: "web".into(),
            passed,
            expected: Text::new("que exista /www/saved.txt", "file /www/saved.txt exists"),
            observed: Text::new(format!("es: {observed}"), observed),
            duration: Duration::from_millis(3),
            message: Some(Text::new("guárdelo", "save it")),
        }
    }

    fn result(checks: Vec<CheckOutcome>) -> ExerciseResult {
        ExerciseResult { at: SystemTime::UNIX_EPOCH, passed: false, checks, duration: Duration::from_millis(3) }
    }

    #[test]
    fn a_run_is_kept_in_both_languages_and_read_back() {
        let o = Observation::of(&result(vec![outcome(false, "missing"), outcome(true, "there")]));
        let back = Observation::from_stored(&o.to_stored()).expect("this Nivel reads what it writes");
        assert_eq!(back, o, "the same data back");
        assert_eq!(Text::from(&back.checks[0].observed), Text::new("es: missing", "missing"), "both languages");
        assert!(back.checks[0].message.is_some() && back.checks[1].message.is_none(), "a check's message is kept only when it failed");
    }

    #[test]
    fn an_oversized_run_is_shortened_and_still_reads() {
        let huge = "x".repeat(MAX_OBSERVED_BYTES);
        let stored = Observation::of(&result(vec![outcome(false, &huge); 3])).to_stored();
        assert!(stored.len() <= MAX_OBSERVED_BYTES, "fits the column: {} bytes", stored.len());
        let back = Observation::from_stored(&stored).expect("still a whole document");
        assert_eq!(back.checks.len(), 3, "every check is kept");
        assert!(back.checks[0].observed.en.ends_with('…'), "the observed text says it was cut");
    }

    #[test]
    fn an_earlier_nivels_plain_text_is_kept_as_it_is() {
        assert_eq!(Observation::from_stored("fail file web: gone\n"), Err("fail file web: gone\n".to_string()), "not JSON: the text itself");
        assert!(Observation::from_stored("{\"v\":9,\"checks\":[]}").is_err(), "an unknown version is treated as text");
    }
}
