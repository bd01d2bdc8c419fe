//! The TypeScript declarations of every type that crosses to the desktop UI, written from the
//! Rust types themselves so the two sides cannot drift: `cargo test --features bindings
//! export_bindings` writes them to `ui/src/lib/bindings/` (one file per type, with the types
//! each one uses), and CI checks that the committed files are current.

use std::path::Path;

use ts_rs::TS;

use super::*;

/// Writes one type, and every type it uses, into a folder.
type Export = fn(&Path) -> Result<(), ts_rs::ExportError>;

#[test]
fn export_bindings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    let exports: [Export; 29] = [
        |d| LabsOverview::export_all_to(d),
        |d| LabDetail::export_all_to(d),
        |d| UpSummary::export_all_to(d),
        |d| DownSummary::export_all_to(d),
        |d| ResetPlan::export_all_to(d),
        |d| LogBatch::export_all_to(d),
        |d| LabChange::export_all_to(d),
        |d| EngineState::export_all_to(d),
        |d| Failure::export_all_to(d),
        |d| Remedy::export_all_to(d),
        |d| crate::events::Event::export_all_to(d),
        |d| crate::host::Verdict::export_all_to(d),
        |d| crate::lab::Requirements::export_all_to(d),
        |d| crate::lab::Text::export_all_to(d),
        |d| LabState::export_all_to(d),
        |d| Tally::export_all_to(d),
        |d| Credential::export_all_to(d),
        |d| ExerciseView::export_all_to(d),
        |d| CheckRun::export_all_to(d),
        |d| ProgressView::export_all_to(d),
        |d| ExportFormat::export_all_to(d),
        |d| Exported::export_all_to(d),
        |d| Identity::export_all_to(d),
        |d| DoctorReport::export_all_to(d),
        |d| Settings::export_all_to(d),
        |d| ProgressChange::export_all_to(d),
        |d| crate::i18n::Lang::export_all_to(d),
        |d| ArchivedImages::export_all_to(d),
        |d| ArchiveProgress::export_all_to(d),
    ];
    for export in exports {
        export(&dir).expect("the bindings folder is writable");
    }
    for name in ["ExerciseView", "CheckView", "CheckRun", "ProgressView", "Identity", "Exported", "DoctorReport", "Settings", "ProgressChange", "LabsOverview", "LabCard", "LabState", "Verdict", "Reason", "Event", "LogBatch", "LogLine", "Failure", "Remedy", "UpSummary", "ResetPlan"] {
        assert!(dir.join(format!("{name}.ts")).is_file(), "{name}.ts is written");
    }
}
