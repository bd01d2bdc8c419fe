//! How a failed connection or request reads: the error and its causes in one line, as the
//! libraries wrote them (English), and in Spanish the common failures in plain words.

use std::error::Error;
use std::io::ErrorKind;

use crate::lab::Text;

/// `e` and its causes: English as the libraries word them (`connection refused` is in a
/// cause), Spanish in words for failures a student meets, else the same text.
pub fn describe(e: &(dyn Error + 'static)) -> Text {
    let mut en = e.to_string();
    let mut es = known(e);
    let mut source = e.source();
    while let Some(s) = source {
        en.push_str(": ");
        en.push_str(&s.to_string());
        es = es.or_else(|| known(s));
        source = s.source();
    }
    Text { es: es.map_or_else(|| en.clone(), str::to_string), en }
}

/// The Spanish words for a failure a student meets, when `e` is one.
fn known(e: &(dyn Error + 'static)) -> Option<&'static str> {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return io_words(io.kind());
    }
    match e.downcast_ref::<hyper::Error>() {
        Some(h) if h.is_incomplete_message() => Some("la conexión se cerró antes de llegar la respuesta"),
        _ => None,
    }
}

fn io_words(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::ConnectionRefused => "conexión rechazada",
        ErrorKind::ConnectionReset => "conexión cortada por el otro extremo",
        ErrorKind::ConnectionAborted => "conexión interrumpida",
        ErrorKind::TimedOut => "tiempo de espera agotado",
        ErrorKind::UnexpectedEof => "la conexión se cerró antes de tiempo",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("client error (Connect)")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn a_refused_connection_reads_in_both_languages() {
        let e = Outer(std::io::Error::new(ErrorKind::ConnectionRefused, "Connection refused (os error 111)"));
        let t = describe(&e);
        assert_eq!(t.en, "client error (Connect): Connection refused (os error 111)", "the error and its cause");
        assert_eq!(t.es, "conexión rechazada", "in Spanish words");
    }

    #[test]
    fn an_unknown_failure_keeps_its_own_text() {
        let e = std::io::Error::other("something odd");
        assert_eq!(describe(&e), Text::new("something odd", "something odd"), "nothing to translate");
    }
}
