//! Exporting the progress report through the application layer: each format is written whole;
//! a FIFO, a symbolic link or a file in Nivel's data folder is refused, untouched, with its
//! code and the remedy of choosing another path.

use nivel::app::{ExportFormat, Problem, Remedy};
use nivel::i18n::Lang;

use super::context;
use crate::progress::support::store_with_progress;

#[test]
fn every_format_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    store_with_progress(&data);
    let ctx = context(&data);
    for (name, format, lang, marker) in [
        ("r.html", ExportFormat::Html, Lang::En, "<html"),
        ("r.md", ExportFormat::Md, Lang::Es, "# Informe de progreso"),
        ("r.json", ExportFormat::Json, Lang::En, "\"nivel_version\""),
    ] {
        let path = dir.path().join(name);
        let written = nivel::app::export(&ctx, &path, format, lang).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!((written.path.as_path(), written.bytes), (path.as_path(), text.len() as u64), "{name}: the path and size said are the file's");
        assert!(text.contains(marker) && text.contains("Ana"), "{name}: the report, with the student's name: {text}");
    }
}

#[test]
fn unsafe_targets_are_refused_with_a_code_and_a_remedy() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = store_with_progress(&data);
    let before = std::fs::read(&db).unwrap();
    let ctx = context(&data);
    let fifo = dir.path().join("fifo.html");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo makes a FIFO");
    let kept = dir.path().join("kept.html");
    std::fs::write(&kept, "the user's own page").unwrap();
    let link = dir.path().join("link.html");
    std::os::unix::fs::symlink(&kept, &link).unwrap();
    for (target, code) in [
        (fifo.clone(), "output.not_a_file"),
        (link.clone(), "output.not_a_file"),
        (data.join("report.html"), "output.inside_data_folder"),
        (db.clone(), "output.inside_data_folder"),
    ] {
        let err = nivel::app::export(&ctx, &target, ExportFormat::Html, Lang::En).expect_err("refused");
        assert_eq!(err.code(), code, "{}: its stable code", target.display());
        assert_eq!(err.remedy(), Some(Remedy::ChooseAnotherPath), "{}: the app offers another path", target.display());
        assert!(err.is_input(), "{}: the user's choice is at fault", target.display());
        assert!(err.text().en.contains(&target.display().to_string()), "{}: the message names it: {:?}", target.display(), err.text());
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the store is byte for byte what it was");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "the user's own page", "the link's target is untouched");
    assert!(!data.join("report.html").exists(), "nothing appears in the data folder");
    let fifo_kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&fifo_kind), "the FIFO is still a FIFO");
}
