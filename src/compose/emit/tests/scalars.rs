//! Every kind of string scalar, printed as an environment value the way
//! `docker compose config` printed it (YAML text after `KEY:`, JSON text after `"KEY": `).

use std::collections::BTreeMap;

use crate::compose::emit::{to_json, to_yaml};

type Nested<T> = BTreeMap<&'static str, T>;

/// `services: {s: {environment: {K: value}}}`, the place the reference values came from,
/// so that indentation matches too.
fn document(value: &str) -> Nested<Nested<Nested<Nested<&str>>>> {
    let env = BTreeMap::from([("K", value)]);
    BTreeMap::from([("services", BTreeMap::from([("s", BTreeMap::from([("environment", env)]))]))])
}

/// (value, YAML after `      K:` through the end of its lines, JSON after `"K": `)
const CASES: &[(&str, &str, &str)] = &[
    ("true", " \"true\"\n", "\"true\""),
    ("1", " \"1\"\n", "\"1\""),
    ("1.5", " \"1.5\"\n", "\"1.5\""),
    ("", " \"\"\n", "\"\""),
    ("null", " \"null\"\n", "\"null\""),
    ("~", " \"~\"\n", "\"~\""),
    ("yes", " \"yes\"\n", "\"yes\""),
    ("on", " \"on\"\n", "\"on\""),
    ("1:20", " \"1:20\"\n", "\"1:20\""),
    ("a: b", " 'a: b'\n", "\"a: b\""),
    ("a #b", " 'a #b'\n", "\"a #b\""),
    ("a#b", " a#b\n", "\"a#b\""),
    ("-a", " -a\n", "\"-a\""),
    ("- a", " '- a'\n", "\"- a\""),
    ("*a", " '*a'\n", "\"*a\""),
    ("&a", " '&a'\n", "\"\\u0026a\""),
    ("!a", " '!a'\n", "\"!a\""),
    ("%a", " '%a'\n", "\"%a\""),
    ("@a", " '@a'\n", "\"@a\""),
    ("`a", " '`a'\n", "\"`a\""),
    ("a ", " 'a '\n", "\"a \""),
    ("\ta", " \"\\ta\"\n", "\"\\ta\""),
    ("a\tb", " \"a\\tb\"\n", "\"a\\tb\""),
    ("\u{e9}", " \u{e9}\n", "\"\u{e9}\""),
    ("\u{65e5}\u{672c}", " \u{65e5}\u{672c}\n", "\"\u{65e5}\u{672c}\""),
    ("\u{1f600}", " \"\\U0001F600\"\n", "\"\u{1f600}\""),
    ("\u{7}", " \"\\a\"\n", "\"\\u0007\""),
    ("\u{7f}", " \"\\x7F\"\n", "\"\u{7f}\""),
    ("\u{85}", " \"\\N\"\n", "\"\u{85}\""),
    ("\u{a0}", " \u{a0}\n", "\"\u{a0}\""),
    ("a\u{2028}b", " 'a\u{2028}        b'\n", "\"a\\u2028b\""),
    ("a\nb", " |-\n        a\n        b\n", "\"a\\nb\""),
    ("a\n", " |\n        a\n", "\"a\\n\""),
    ("a\n\n", " |+\n        a\n\n", "\"a\\n\\n\""),
    (" a\nb", " |2-\n         a\n        b\n", "\" a\\nb\""),
    ("\na", " |2-\n\n        a\n", "\"\\na\""),
    ("a \nb", " \"a \\nb\"\n", "\"a \\nb\""),
    ("a\n b", " |-\n        a\n         b\n", "\"a\\n b\""),
    ("x'y", " x'y\n", "\"x'y\""),
    ("x\"y", " x\"y\n", "\"x\\\"y\""),
    ("\\", " \\\n", "\"\\\\\""),
    ("0x1F", " \"0x1F\"\n", "\"0x1F\""),
    ("0o17", " \"0o17\"\n", "\"0o17\""),
    ("0b101", " \"0b101\"\n", "\"0b101\""),
    ("017", " \"017\"\n", "\"017\""),
    ("08", " \"08\"\n", "\"08\""),
    ("1_000", " \"1_000\"\n", "\"1_000\""),
    ("1e3", " \"1e3\"\n", "\"1e3\""),
    (".5", " \".5\"\n", "\".5\""),
    (".inf", " \".inf\"\n", "\".inf\""),
    ("-.inf", " \"-.inf\"\n", "\"-.inf\""),
    (".nan", " \".nan\"\n", "\".nan\""),
    ("2024-01-02", " \"2024-01-02\"\n", "\"2024-01-02\""),
    ("2024-1-2T10:00:00Z", " \"2024-1-2T10:00:00Z\"\n", "\"2024-1-2T10:00:00Z\""),
    ("2024-13-01", " 2024-13-01\n", "\"2024-13-01\""),
    ("+1", " \"+1\"\n", "\"+1\""),
    ("-", " '-'\n", "\"-\""),
    ("?", " '?'\n", "\"?\""),
    ("?a", " ?a\n", "\"?a\""),
    ("? a", " '? a'\n", "\"? a\""),
    (":a", " :a\n", "\":a\""),
    ("a:", " 'a:'\n", "\"a:\""),
    ("--- a", " '--- a'\n", "\"--- a\""),
    ("...", " '...'\n", "\"...\""),
    ("a,b", " a,b\n", "\"a,b\""),
    ("[a]", " '[a]'\n", "\"[a]\""),
    ("{a}", " '{a}'\n", "\"{a}\""),
    ("a]", " a]\n", "\"a]\""),
    ("Y", " \"Y\"\n", "\"Y\""),
    ("n", " \"n\"\n", "\"n\""),
    ("NO", " \"NO\"\n", "\"NO\""),
    ("off", " \"off\"\n", "\"off\""),
    ("True", " \"True\"\n", "\"True\""),
    ("FALSE", " \"FALSE\"\n", "\"FALSE\""),
    ("NULL", " \"NULL\"\n", "\"NULL\""),
    ("Null", " \"Null\"\n", "\"Null\""),
    ("<<", " <<\n", "\"\\u003c\\u003c\""),
    ("=", " =\n", "\"=\""),
    ("1.5e+3", " \"1.5e+3\"\n", "\"1.5e+3\""),
    ("12:30:45", " \"12:30:45\"\n", "\"12:30:45\""),
    ("190:20:30.15", " \"190:20:30.15\"\n", "\"190:20:30.15\""),
    ("-1:20", " \"-1:20\"\n", "\"-1:20\""),
    ("+.inf", " \"+.inf\"\n", "\"+.inf\""),
    ("0.", " \"0.\"\n", "\"0.\""),
    ("1.", " \"1.\"\n", "\"1.\""),
    ("99999999999999999999", " \"99999999999999999999\"\n", "\"99999999999999999999\""),
    ("0xZZ", " 0xZZ\n", "\"0xZZ\""),
    ("https://x.y/z?a=b#c", " https://x.y/z?a=b#c\n", "\"https://x.y/z?a=b#c\""),
    ("a ' b", " a ' b\n", "\"a ' b\""),
    ("'a'", " '''a'''\n", "\"'a'\""),
    ("\"a\"", " '\"a\"'\n", "\"\\\"a\\\"\""),
    ("|a", " '|a'\n", "\"|a\""),
    (">a", " '>a'\n", "\"\\u003ea\""),
    ("a|b", " a|b\n", "\"a|b\""),
    ("#a", " '#a'\n", "\"#a\""),
    ("a\r", " \"a\\r\"\n", "\"a\\r\""),
    ("a\rb", " \"a\\rb\"\n", "\"a\\rb\""),
    ("\u{1b}[0m", " \"\\e[0m\"\n", "\"\\u001b[0m\""),
    ("a\n\n\nb", " |-\n        a\n\n\n        b\n", "\"a\\n\\n\\nb\""),
    ("\n", " |2+\n\n", "\"\\n\""),
    ("\n\n", " |2+\n\n\n", "\"\\n\\n\""),
    (" ", " ' '\n", "\" \""),
    ("  \n", " \"  \\n\"\n", "\"  \\n\""),
    ("a\r\nb", " \"a\\r\\nb\"\n", "\"a\\r\\nb\""),
    ("x: \n", " \"x: \\n\"\n", "\"x: \\n\""),
    ("a\n\tb", " |-\n        a\n        \tb\n", "\"a\\n\\tb\""),
    ("\ta\nb", " |-\n        \ta\n        b\n", "\"\\ta\\nb\""),
    ("  lead", " '  lead'\n", "\"  lead\""),
    ("a  b", " a  b\n", "\"a  b\""),
    ("a\nb ", " \"a\\nb \"\n", "\"a\\nb \""),
    ("a \n", " \"a \\n\"\n", "\"a \\n\""),
    ("\u{1f600}\nb", " \"\\U0001F600\\nb\"\n", "\"\u{1f600}\\nb\""),
    ("\u{e9}\n\u{fc}", " |-\n        \u{e9}\n        \u{fc}\n", "\"\u{e9}\\n\u{fc}\""),
    ("a\u{85}b\nc", " \"a\\Nb\\nc\"\n", "\"a\u{85}b\\nc\""),
    (
        "word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",
        " word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\n",
        "\"word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\"",
    ),
    (
        "word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39: x",
        " 'word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39: x'\n",
        "\"word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39: x\"",
    ),
    (
        "\tword0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",
        " \"\\tword0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\"\n",
        "\"\\tword0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\"",
    ),
    (
        "word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\nword0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",
        " |-\n        word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\n        word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\n",
        "\"word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\\nword0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\"",
    ),
    ("#!/bin/sh\necho hi\n", " |\n        #!/bin/sh\n        echo hi\n", "\"#!/bin/sh\\necho hi\\n\""),
    ("line1\nline2\n\n", " |+\n        line1\n        line2\n\n", "\"line1\\nline2\\n\\n\""),
    ("- a\n- b", " |-\n        - a\n        - b\n", "\"- a\\n- b\""),
    ("a\n\n", " |+\n        a\n\n", "\"a\\n\\n\""),
    ("\na\n", " |2\n\n        a\n", "\"\\na\\n\""),
    (" \na", " \" \\na\"\n", "\" \\na\""),
    ("a\n ", " \"a\\n \"\n", "\"a\\n \""),
    ("---\nx", " |-\n        ---\n        x\n", "\"---\\nx\""),
    ("...\n", " |\n        ...\n", "\"...\\n\""),
    ("\u{2028}", " '\u{2028}'\n", "\"\\u2028\""),
    ("a\u{2028}", " 'a\u{2028}'\n", "\"a\\u2028\""),
    ("'\n'", " |-\n        '\n        '\n", "\"'\\n'\""),
    ("\"\n\"", " |-\n        \"\n        \"\n", "\"\\\"\\n\\\"\""),
    ("\\\n", " |\n        \\\n", "\"\\\\\\n\""),
    ("a\u{a0}\nb", " |-\n        a\u{a0}\n        b\n", "\"a\u{a0}\\nb\""),
    ("x\u{0}\ny", " \"x\\0\\ny\"\n", "\"x\\u0000\\ny\""),
];

#[test]
fn string_scalars_print_like_the_reference() {
    for (value, yaml_tail, json_value) in CASES {
        let yaml = to_yaml(&document(value));
        let want_yaml = format!("services:\n  s:\n    environment:\n      K:{yaml_tail}");
        assert_eq!(yaml.as_deref(), Ok(want_yaml.as_str()), "YAML style and escaping of {value:?}");

        let json = to_json(&document(value));
        let want_json = format!(
            "{{\n  \"services\": {{\n    \"s\": {{\n      \"environment\": {{\n        \"K\": {json_value}\n      }}\n    }}\n  }}\n}}"
        );
        assert_eq!(json.as_deref(), Ok(want_json.as_str()), "JSON escaping of {value:?}");
    }
}
