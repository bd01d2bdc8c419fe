use super::*;

const GOOD: &str = r#"
format = 1
id = "mlops-2027"
lab = "level-2"
ports = "30000-30999"
registry = "registry.example.edu/mlops/"

[limits]
cpus = 2
memory = "4GiB"

[[student]]
id = "ana"
name = "Ana Pérez"
email = "ana@example.edu"

[[student]]
id = "luis"
name = "Luis Gómez"
"#;

fn refused(text: &str) -> (usize, usize, Text, Text) {
    match parse(Path::new("class.toml"), text) {
        Err(ClassError::File { line, col, message, fix, .. }) => (line, col, message, *fix),
        other => panic!("expected a class file problem, got {other:?}"),
    }
}

#[test]
fn a_class_file_reads_into_its_model() {
    let class = parse(Path::new("/c/class.toml"), GOOD).expect("a valid class file");
    assert_eq!(class.id, "mlops-2027", "the id");
    assert_eq!(class.lab, "level-2", "the lab");
    assert_eq!(class.ports, PortRange { first: 30000, last: 30999 }, "the range");
    assert_eq!(class.registry.as_deref(), Some("registry.example.edu/mlops"), "the prefix without its trailing slash");
    assert_eq!(class.limits, Limits { cpus: 2.0, memory: 4 << 30 }, "the limits");
    assert_eq!(class.storage, DEFAULT_STORAGE, "the default claim size");
    assert_eq!(class.students.len(), 2, "the roster");
    assert_eq!(class.students[0].email.as_deref(), Some("ana@example.edu"), "an email");
    assert_eq!(class.students[1].email, None, "email is optional");
}

#[test]
fn an_unknown_key_is_refused_at_its_place_in_both_languages() {
    let text = GOOD.replace("name = \"Luis Gómez\"", "name = \"Luis Gómez\"\nmail = \"x\"");
    let (line, col, message, fix) = refused(&text);
    assert_eq!((line, col), (20, 1), "the key's own line and column");
    assert!(message.en.contains("unknown key `mail`") && message.es.contains("clave desconocida `mail`"), "names the key: {message:?}");
    assert!(fix.en.contains("email"), "offers the keys that exist: {}", fix.en);
}

#[test]
fn every_mistake_names_the_problem_and_the_fix() {
    let cases: [(&str, &str, &str); 8] = [
        ("id = \"mlops-2027\"", "id = \"MLOps\"", "class id `MLOps`"),
        ("ports = \"30000-30999\"", "ports = \"30999-30000\"", "empty"),
        ("ports = \"30000-30999\"\n", "", "`ports` is missing"),
        ("memory = \"4GiB\"", "memory = \"4G\"", "ambiguous"),
        ("cpus = 2", "cpus = 0", "above zero"),
        ("id = \"luis\"", "id = \"ana\"", "used twice"),
        ("id = \"luis\"", "id = \"luis_g\"", "`_`"),
        ("format = 1", "format = 2", "unknown format 2"),
    ];
    for (from, to, says) in cases {
        let (_, _, message, fix) = refused(&GOOD.replacen(from, to, 1));
        assert!(message.en.contains(says), "{to:?}: {} should say {says}", message.en);
        assert!(!message.es.is_empty() && !fix.en.is_empty() && !fix.es.is_empty(), "{to:?}: both languages and a fix");
    }
}

#[test]
fn a_bad_email_and_a_registry_with_a_scheme_are_refused() {
    let (_, _, message, _) = refused(&GOOD.replace("ana@example.edu", "ana"));
    assert!(message.en.contains("not an email"), "{}", message.en);
    let (_, _, message, fix) = refused(&GOOD.replace("registry.example.edu/mlops/", "https://registry.example.edu"));
    assert!(message.en.contains("not an image prefix") && fix.en.contains("without a scheme"), "{}", message.en);
}

#[test]
fn the_error_is_an_input_error() {
    use crate::app::Problem as _;
    let err = parse(Path::new("class.toml"), "id = 3").unwrap_err();
    assert!(err.is_input(), "exit 2");
    assert_eq!(err.code(), "class.invalid", "its code");
}
