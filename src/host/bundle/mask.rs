//! Secrets out of a support bundle. Environment-style assignments (`MYSQL_PASSWORD=…`, any
//! upper-case `KEY=value`) lose their value; anything named like a password, secret, token or
//! key loses its value whatever the case or separator (`password: x`, `"token":"x"`); so do
//! credentials in URLs (`scheme://user:pass@host`) and bearer tokens.

use std::sync::LazyLock;

use regex::Regex;

/// What a masked value is replaced with.
pub const MASK: &str = "***";

#[allow(clippy::expect_used)] // constant patterns, checked by the tests
static ENV: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Z][A-Z0-9_]*)=(\S+)").expect("a valid pattern"));
#[allow(clippy::expect_used)]
static SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)([\w.-]*(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[\w.-]*"?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)"#)
        .expect("a valid pattern")
});
#[allow(clippy::expect_used)]
static URL_CREDENTIALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:)[^/\s@]+@").expect("a valid pattern"));
#[allow(clippy::expect_used)]
static BEARER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}").expect("a valid pattern"));

/// One `KEY=value` of a container's environment, value masked (`KEY=***`).
pub fn env_entry(entry: &str) -> String {
    match entry.split_once('=') {
        Some((key, _)) => format!("{key}={MASK}"),
        None => entry.to_string(),
    }
}

/// A log line with every value that looks secret masked.
pub fn log_line(line: &str) -> String {
    let line = ENV.replace_all(line, format!("${{1}}={MASK}").as_str());
    let line = SECRET.replace_all(&line, |c: &regex::Captures<'_>| {
        let quoted = c[2].starts_with('"') || c[2].starts_with('\'');
        if quoted { format!("{}\"{MASK}\"", &c[1]) } else { format!("{}{MASK}", &c[1]) }
    });
    let line = URL_CREDENTIALS.replace_all(&line, format!("${{1}}{MASK}@").as_str());
    BEARER.replace_all(&line, format!("${{1}} {MASK}").as_str()).into_owned()
}

/// `line` with each of `secrets` masked wherever it appears, whatever surrounds it.
pub fn known(line: &str, secrets: &[String]) -> String {
    secrets.iter().filter(|s| !s.is_empty()).fold(line.to_owned(), |line, secret| line.replace(secret.as_str(), MASK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secrets_nivel_made_are_masked_wherever_they_appear() {
        let secrets = vec!["q8ZkD0tR3mWv7YbN2cLx5HsA".to_owned(), String::new()];
        assert_eq!(known("mc alias set local http://minio:9000 admin q8ZkD0tR3mWv7YbN2cLx5HsA", &secrets), "mc alias set local http://minio:9000 admin ***", "a bare secret, named like nothing");
        assert_eq!(known("plain line", &secrets), "plain line", "an empty secret masks nothing");
    }

    #[test]
    fn environment_entries_keep_their_key_only() {
        assert_eq!(env_entry("MYSQL_ROOT_PASSWORD=s3cret"), "MYSQL_ROOT_PASSWORD=***", "the value goes");
        assert_eq!(env_entry("PATH=/usr/bin:/bin"), "PATH=***", "every value, not only secret-looking ones");
        assert_eq!(env_entry("EMPTY="), "EMPTY=***", "an empty value too");
        assert_eq!(env_entry("NOVALUE"), "NOVALUE", "a bare name has nothing to hide");
    }

    #[test]
    fn env_style_assignments_in_logs_are_masked() {
        assert_eq!(log_line("starting with MINIO_ROOT_USER=admin MINIO_ROOT_PASSWORD=hunter22"), "starting with MINIO_ROOT_USER=*** MINIO_ROOT_PASSWORD=***", "both");
        assert_eq!(log_line("level=info msg=ready"), "level=info msg=ready", "lower-case logfmt fields are not environment");
    }

    #[test]
    fn anything_named_like_a_secret_is_masked() {
        let cases = [
            ("db password: hunter22", "db password: ***"),
            (r#"{"token":"abc.def","user":"ana"}"#, r#"{"token":"***","user":"ana"}"#),
            ("api_key=XYZ123, next", "api_key=***, next"),
            ("aws.secret_access_key = 'q/w+e'", "aws.secret_access_key = \"***\""),
            ("GET /?access-key=abc&x=1", "GET /?access-key=***&x=1"),
            ("Passwd=x", "Passwd=***"),
        ];
        for (line, masked) in cases {
            assert_eq!(log_line(line), masked, "masking {line:?}");
        }
        assert_eq!(log_line("tokens are counted per request"), "tokens are counted per request", "the word alone is no secret");
    }

    #[test]
    fn url_credentials_and_bearer_tokens_are_masked() {
        assert_eq!(
            log_line("connecting to postgresql://airflow:airflow@postgres/airflow"),
            "connecting to postgresql://airflow:***@postgres/airflow",
            "the password in a URL"
        );
        assert_eq!(log_line("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x"), "Authorization: Bearer ***", "a bearer token");
        assert_eq!(log_line("see http://example.com:8080/path"), "see http://example.com:8080/path", "a port is no password");
    }
}
