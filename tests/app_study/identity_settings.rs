//! The student's identity and Nivel's settings through the application layer, and `nivel
//! settings` refusing bad values with exit 2.

use nivel::app::{Identity, Problem, Remedy, Settings};
use nivel::i18n::Lang;

use super::context;
use crate::common::{nivel, stderr, stdout};

#[test]
fn the_identity_round_trips_trimmed_and_refuses_control_characters() {
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path());
    assert_eq!(nivel::app::identity_get(&ctx).unwrap(), None, "nobody yet, and no store made by reading");
    assert!(!ctx.store_path().exists(), "reading creates nothing");
    let ana = Identity { name: Some(" Ana Pérez ".into()), student_id: Some("2023".into()), group: Some("".into()) };
    let (stored, warning) = nivel::app::identity_set(&ctx, &ana).unwrap();
    let expected = Identity { name: Some("Ana Pérez".into()), student_id: Some("2023".into()), group: None };
    assert_eq!((stored, warning), (expected.clone(), None), "trimmed, the empty group cleared");
    assert_eq!(nivel::app::identity_get(&ctx).unwrap(), Some(expected.clone()), "read back");
    let shown = nivel().env("NIVEL_DATA_DIR", data.path()).args(["whoami", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"name": "Ana Pérez", "id": "2023", "group": null}), "the CLI reads what the app wrote");
    let sneaky = Identity { name: Some("Ana\u{1b}[2J".into()), ..Identity::default() };
    let err = nivel::app::identity_set(&ctx, &sneaky).expect_err("a control character");
    assert!(err.is_input() && err.text().en.contains("control character"), "refused as input: {:?}", err.text());
    assert_eq!(nivel::app::identity_get(&ctx).unwrap(), Some(expected), "nothing refused was stored");
}

#[test]
fn settings_round_trip_and_bad_values_change_nothing() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let ctx = context(data.path());
    assert_eq!(nivel::app::settings_get(&ctx).unwrap(), Settings::default(), "Spanish first, nothing else set");
    let chosen = Settings {
        language: Lang::En,
        workspace: Some(work.path().display().to_string()),
        engine_endpoint: Some("unix:///run/user/1000/docker.sock".into()),
        port_offset: 100,
        expose_lan: true,
        image_mirrors: nivel::app::settings::image_mirrors("postgres=127.0.0.1:5000/library/postgres").unwrap(),
    };
    let (stored, _) = nivel::app::settings_set(&ctx, &chosen).unwrap();
    assert_eq!(stored, chosen, "stored as given");
    assert_eq!(nivel::app::settings_get(&ctx).unwrap(), chosen, "read back");
    let bad = [
        (Settings { workspace: Some("relative/dir".into()), ..chosen.clone() }, "settings.workspace_relative"),
        (Settings { workspace: Some(work.path().join("gone").display().to_string()), ..chosen.clone() }, "settings.workspace_missing"),
        (Settings { engine_endpoint: Some("ftp://user@host".into()), ..chosen.clone() }, "settings.engine_endpoint"),
        (Settings { port_offset: 60_000, ..chosen.clone() }, "settings.port_offset"),
    ];
    for (settings, code) in bad {
        let err = nivel::app::settings_set(&ctx, &settings).expect_err(code);
        assert_eq!((err.code(), err.is_input()), (code, true), "{settings:?}: its code, an input error");
        assert!(matches!(err.remedy(), Some(Remedy::Advice { .. })), "{code}: says what to do");
        assert_eq!(nivel::app::settings_get(&ctx).unwrap(), chosen, "{code}: every setting is as it was");
    }

    let cli = |args: &[&str]| nivel().env("NIVEL_DATA_DIR", data.path()).args(args).output().unwrap();
    let shown = cli(&["settings", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(json["port_offset"], 100, "the CLI reads the app's settings: {json}");
    for (args, says) in [
        (&["settings", "set", "--language", "fr"][..], "`fr` is not a language Nivel speaks"),
        (&["settings", "set", "--port-offset", "50001"], "the port offset 50001 is above 50000"),
        (&["settings", "set", "--workspace", "relative"], "is not an absolute path"),
        (&["settings", "set", "--engine-endpoint", "ftp://host"], "cannot reach an engine at `ftp://host`"),
        (&["settings", "set", "--image-mirrors", "docker.io"], "the image map entry `docker.io` is not NAME=MIRROR"),
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: a bad value is an input error: {}", stderr(&out));
        assert!(stderr(&out).contains(says) && stderr(&out).contains("\n  fix: "), "{args:?}: what is wrong and what to do: {}", stderr(&out));
    }
    let set = cli(&["settings", "set", "--port-offset", "7", "--expose-lan", "false"]);
    assert!(set.status.success(), "good values are taken: {}", stderr(&set));
    assert!(stdout(&set).contains("port offset:            7\n"), "and shown: {}", stdout(&set));
    let after = nivel::app::settings_get(&ctx).unwrap();
    assert_eq!((after.port_offset, after.expose_lan, after.language), (7, false, Lang::En), "only the settings given changed: {after:?}");
    assert_eq!(after.image_mirrors, chosen.image_mirrors, "the image map too");

    let set = cli(&["settings", "set", "--image-mirrors", "docker.io=mirror.local:5000"]);
    assert!(stdout(&set).contains("image mirrors:          docker.io=mirror.local:5000\n"), "the map is shown: {}", stdout(&set));
    let cleared = cli(&["settings", "set", "--image-mirrors", ""]);
    assert!(stdout(&cleared).contains("image mirrors:          (not set)\n"), "\"\" clears it: {}", stdout(&cleared));
}
