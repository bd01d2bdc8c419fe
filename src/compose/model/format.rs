//! Which printed form is being produced, the omission rules (Go's `omitempty`) and the
//! extension map every compose object carries.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, OnceLock};

/// The two forms `docker compose config` prints, which differ in more than syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

thread_local! {
    static FORMAT: Cell<Format> = const { Cell::new(Format::Yaml) };
}

/// Runs `body` with `format` as the form the model serialises to (YAML outside any call).
pub fn with_format<R>(format: Format, body: impl FnOnce() -> R) -> R {
    struct Restore(Format);
    impl Drop for Restore {
        fn drop(&mut self) {
            FORMAT.with(|f| f.set(self.0));
        }
    }
    let _restore = Restore(FORMAT.with(|f| f.replace(format)));
    body()
}

/// The form being serialised right now.
pub fn current_format() -> Format {
    FORMAT.with(Cell::get)
}

/// `x-*` keys of an object, kept as written and printed sorted at the end of the object.
pub type Extensions = BTreeMap<String, serde_json::Value>;

/// Go's `omitempty`: whether a field with this value is left out of the printed form.
pub trait OmitEmpty {
    fn is_omitted(&self, format: Format) -> bool;
}

macro_rules! omit_when {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {
        $(impl OmitEmpty for $t {
            fn is_omitted(&self, _: Format) -> bool {
                let $v = self;
                $e
            }
        })*
    };
}

omit_when! {
    String => |v| v.is_empty(),
    bool => |v| !*v,
    i64 => |v| *v == 0,
    u64 => |v| *v == 0,
    u32 => |v| *v == 0,
    u16 => |v| *v == 0,
    f32 => |v| *v == 0.0,
    f64 => |v| *v == 0.0,
}

impl<T> OmitEmpty for Option<T> {
    fn is_omitted(&self, _: Format) -> bool {
        self.is_none()
    }
}

impl<T> OmitEmpty for Vec<T> {
    fn is_omitted(&self, _: Format) -> bool {
        self.is_empty()
    }
}

impl<K, V> OmitEmpty for BTreeMap<K, V> {
    fn is_omitted(&self, _: Format) -> bool {
        self.is_empty()
    }
}

/// serde wants `&'static str` field names; extension keys are only known at run time, so
/// each distinct name is stored once for the life of the process.
pub(crate) fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = names.get(name) {
        return found;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_is_scoped() {
        assert_eq!(current_format(), Format::Yaml, "YAML is the default form");
        let inner = with_format(Format::Json, current_format);
        assert_eq!(inner, Format::Json, "the form holds inside with_format");
        assert_eq!(current_format(), Format::Yaml, "and is restored after it");
    }

    #[test]
    fn interned_names_are_shared() {
        let a = intern("x-one");
        let b = intern(&String::from("x-one"));
        assert!(std::ptr::eq(a, b), "one allocation per distinct name");
    }
}
