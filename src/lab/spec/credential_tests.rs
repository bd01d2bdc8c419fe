//! `[[credential]]` tables and the fields that refer to them.

use super::*;
use crate::checks::BasicAuth;

/// A service that takes its password, and its user, from the variables a credential names.
const CRED_COMPOSE: &str = "services:\n  web:\n    image: nivel-test/busybox:1\n    ports: [\"8080:80\"]\n    environment:\n      PASS: ${WEB_PASSWORD:?run nivel up}\n      USER: ${WEB_USER:-admin}\n  worker:\n    image: nivel-test/busybox:1\n";

const CRED: &str = "\n[[credential]]\nid = \"web\"\nservice = \"web\"\nlabel = { es = \"Web\", en = \"Web\" }\nuser = \"admin\"\nenv = \"WEB_PASSWORD\"\nuser_env = \"WEB_USER\"\n";

fn with_credential(extra: &str) -> String {
    format!("{BASE}{CRED}{extra}")
}

fn problems_with(toml: &str, compose: &str) -> Vec<LintProblem> {
    lint(lab_dir(Some(toml), compose).path())
}

/// Each case's lab file, linted beside [`COMPOSE`], has exactly one error: holding its message,
/// on the line of the last place its marker appears, said in both languages.
fn check_cases(cases: &[(&str, String, &str, &str)]) {
    let results = cases
        .iter()
        .map(|(case, text, message, marker)| {
            let problems = problems_with(text, COMPOSE);
            let errors: Vec<&LintProblem> = problems.iter().filter(|p| p.is_error()).collect();
            let [p] = errors[..] else {
                return Err(format!("{case}: one error expected, got {problems:#?}"));
            };
            let line = line_of(text, marker, true);
            if !p.message.en.contains(message) || p.line != line || !in_both_languages(p) {
                return Err(format!("{case}: want {message:?} on line {line} in both languages:\n{}\n{}", p.render(Lang::En), p.render(Lang::Es)));
            }
            Ok(())
        })
        .collect();
    all_cases(results);
}

#[test]
fn a_credential_loads_with_a_stand_in_for_its_secret() {
    let text = with_credential("");
    let problems = problems_with(&text, CRED_COMPOSE);
    assert!(
        problems.is_empty(),
        "a credential whose variables the compose file uses is clean: {problems:#?}"
    );
    let dir = lab_dir(Some(&text), CRED_COMPOSE);
    let (spec, project) =
        load_lab(dir.path(), Environment::new()).unwrap_or_else(|e| panic!("loads: {e}"));
    let expected = CredentialSpec {
        id: "web".into(),
        service: "web".into(),
        label: Text::new("Web", "Web"),
        user: Some("admin".into()),
        env: "WEB_PASSWORD".into(),
        user_env: Some("WEB_USER".into()),
    };
    assert_eq!(spec.credentials, [expected], "every field kept");
    let env = &project.project.services["web"].environment;
    assert_eq!(
        env.get("PASS").and_then(|v| v.as_deref()),
        Some(credential::STAND_IN),
        "`${{VAR:?}}` does not stop the load: a stand-in takes the secret's place: {env:?}"
    );
    let given = Environment::from([("WEB_PASSWORD".to_string(), "from-the-caller".to_string())]);
    let (_, project) = load_lab(dir.path(), given).unwrap_or_else(|e| panic!("loads: {e}"));
    let env = &project.project.services["web"].environment;
    assert_eq!(
        env.get("PASS").and_then(|v| v.as_deref()),
        Some("from-the-caller"),
        "a value given by the caller is used as it is: {env:?}"
    );
}

#[test]
fn each_credential_rule_is_reported_on_its_line() {
    let cred = |body: &str| {
        format!("{BASE}\n[[credential]]\nlabel = {{ es = \"Web\", en = \"Web\" }}\n{body}\n")
    };
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "no env",
            cred("id = \"web\"\nservice = \"web\""),
            "names no `env` variable",
            "[[credential]]",
        ),
        (
            "a bad variable",
            cred("id = \"web\"\nservice = \"web\"\nenv = \"WEB-PASSWORD\""),
            "not a variable name",
            "env =",
        ),
        (
            "no service",
            cred("id = \"web\"\nenv = \"WEB_PASSWORD\""),
            "names no `service`",
            "[[credential]]",
        ),
        (
            "an unknown service",
            cred("id = \"web\"\nservice = \"db\"\nenv = \"WEB_PASSWORD\""),
            "service `db` is not in",
            "service = \"db\"",
        ),
        (
            "a bad id",
            cred("id = \"Web\"\nservice = \"web\"\nenv = \"WEB_PASSWORD\""),
            "may hold only lowercase",
            "id = \"Web\"",
        ),
        (
            "user_env without user",
            cred(
                "id = \"web\"\nservice = \"web\"\nenv = \"WEB_PASSWORD\"\nuser_env = \"WEB_USER\"",
            ),
            "`user_env` without `user`",
            "user_env",
        ),
        (
            "a user with a colon",
            cred("id = \"web\"\nservice = \"web\"\nenv = \"WEB_PASSWORD\"\nuser = \"a:b\""),
            "holds `:`",
            "user =",
        ),
        (
            "an unknown key",
            cred("id = \"web\"\nservice = \"web\"\nenv = \"WEB_PASSWORD\"\npassword = \"fixed\""),
            "not a key of a [[credential]]",
            "password =",
        ),
        (
            "a second id",
            with_credential(
                "\n[[credential]]\nid = \"web\"\nservice = \"web\"\nlabel = { es = \"W\", en = \"W\" }\nenv = \"OTHER\"\n",
            ),
            "credential id `web` is used twice",
            "id = \"web\"\nservice = \"web\"\nlabel = { es = \"W\"",
        ),
        (
            "a shared variable",
            with_credential(
                "\n[[credential]]\nid = \"other\"\nservice = \"web\"\nlabel = { es = \"W\", en = \"W\" }\nenv = \"WEB_PASSWORD\"\n",
            ),
            "already another credential's",
            "env = \"WEB_PASSWORD\"",
        ),
    ];
    check_cases(&cases);
}

#[test]
fn references_to_credentials_must_name_one() {
    let check = |fields: &str| {
        with_credential(&format!(
            "\n[[exercise]]\nid = \"two\"\ntitle = {{ es = \"Dos\", en = \"Two\" }}\n\n[[exercise.check]]\nkind = \"http\"\nservice = \"web\"\nport = 80\n{fields}\n"
        ))
    };
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "an unknown credential",
            check("basic_auth = { credential = \"db\" }"),
            "`db` is not a credential of the lab",
            "basic_auth",
        ),
        (
            "credential and password",
            check("basic_auth = { credential = \"web\", password = \"x\" }"),
            "or `credential` alone",
            "basic_auth",
        ),
        (
            "a user without password",
            check("basic_auth = { user = \"x\" }"),
            "or `credential` alone",
            "basic_auth",
        ),
        (
            "a header naming none",
            check("headers = { Authorization = \"token ${credential:db}\" }"),
            "`${credential:db}` names no credential",
            "headers",
        ),
        (
            "an unclosed reference",
            check("headers = { Authorization = \"token ${credential:web\" }"),
            "`${credential:}` names no credential",
            "headers",
        ),
        (
            "a link naming none",
            with_credential("").replacen(
                "port = 80\nlabel",
                "port = 80\npath = \"/?token=${credential:db}\"\nlabel",
                1,
            ),
            "`${credential:db}` names no credential",
            "path =",
        ),
    ];
    check_cases(&cases);
    let good = check(
        "basic_auth = { credential = \"web\" }\nheaders = { X-Token = \"${credential:web}\" }",
    );
    let dir = lab_dir(Some(&good), CRED_COMPOSE);
    let (spec, _) = load_lab(dir.path(), Environment::new())
        .unwrap_or_else(|e| panic!("references to a declared credential load: {e}"));
    let CheckKind::Http(h) = &spec.exercise("two").unwrap().checks[0].kind else {
        panic!("an http check")
    };
    assert_eq!(
        h.basic_auth,
        Some(BasicAuth::Credential("web".into())),
        "the credential is named, its secret filled in when the check runs"
    );
}

#[test]
fn a_variable_the_compose_file_never_uses_is_a_warning() {
    let text = with_credential("").replacen(
        "env = \"WEB_PASSWORD\"\nuser_env = \"WEB_USER\"",
        "env = \"UNUSED_PASSWORD\"",
        1,
    );
    let problems = problems_with(&text, COMPOSE);
    let [p] = &problems[..] else {
        panic!("one problem: {problems:#?}")
    };
    assert!(!p.is_error(), "only a warning: the lab still runs: {p:?}");
    assert!(
        p.message
            .en
            .contains("no compose file of the lab uses `UNUSED_PASSWORD`"),
        "names the variable: {p:?}"
    );
    assert_eq!(
        p.line,
        line_of(&text, "env = \"UNUSED", false),
        "at the variable"
    );
    assert!(in_both_languages(p), "in both languages: {p:?}");
    for used in [
        "x: $UNUSED_PASSWORD\n",
        "x: ${UNUSED_PASSWORD}\n",
        "x: ${UNUSED_PASSWORD:-a}\n",
        "x: \"$UNUSED_PASSWORD/b\"\n",
    ] {
        assert!(
            credential::mentions(used, "UNUSED_PASSWORD"),
            "{used:?} uses it"
        );
    }
    for unused in [
        "x: $UNUSED_PASSWORDS\n",
        "x: ${UNUSED_PASSWORD_2}\n",
        "x: UNUSED_PASSWORD\n",
    ] {
        assert!(
            !credential::mentions(unused, "UNUSED_PASSWORD"),
            "{unused:?} does not"
        );
    }
}

#[test]
fn references_are_filled_with_secrets() {
    let secret = |id: &str| (id == "web").then(|| "s3cr3t".to_string());
    assert_eq!(
        fill_credentials("/lab?token=${credential:web}", &secret),
        "/lab?token=s3cr3t",
        "a known credential"
    );
    assert_eq!(
        fill_credentials("a ${credential:web} b ${credential:web}", &secret),
        "a s3cr3t b s3cr3t",
        "every reference"
    );
    assert_eq!(
        fill_credentials("${credential:db}", &secret),
        "${credential:db}",
        "an unknown one is left as written"
    );
    assert_eq!(
        fill_credentials("x ${credential:web", &secret),
        "x ${credential:web",
        "an unclosed one too"
    );
    assert_eq!(
        fill_credentials("no reference", &secret),
        "no reference",
        "text without one is unchanged"
    );
}
