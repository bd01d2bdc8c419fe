//! The TypeScript declarations of every type that crosses to the desktop UI, written from the
//! Rust types themselves so the two sides cannot drift: `cargo test --features bindings
//! export_bindings` writes them to `ui/src/lib/bindings/` (one file per type, with the types
//! each one uses), and CI checks that the committed files are current.

use std::path::Path;

use ts_rs::{Config, TS};

use super::*;

/// Writes one type, and every type it uses, into the configured folder.
type Export = fn(&Config) -> Result<(), ts_rs::ExportError>;

#[test]
fn export_bindings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    let exports: [Export; 29] = [
        |c| LabsOverview::export_all(c),
        |c| LabDetail::export_all(c),
        |c| UpSummary::export_all(c),
        |c| DownSummary::export_all(c),
        |c| ResetPlan::export_all(c),
        |c| LogBatch::export_all(c),
        |c| LabChange::export_all(c),
        |c| EngineState::export_all(c),
        |c| Failure::export_all(c),
        |c| Remedy::export_all(c),
        |c| crate::events::Event::export_all(c),
        |c| crate::host::Verdict::export_all(c),
        |c| crate::lab::Requirements::export_all(c),
        |c| crate::lab::Text::export_all(c),
        |c| LabState::export_all(c),
        |c| Tally::export_all(c),
        |c| Credential::export_all(c),
        |c| ExerciseView::export_all(c),
        |c| CheckRun::export_all(c),
        |c| ProgressView::export_all(c),
        |c| ExportFormat::export_all(c),
        |c| Exported::export_all(c),
        |c| Identity::export_all(c),
        |c| DoctorReport::export_all(c),
        |c| Settings::export_all(c),
        |c| ProgressChange::export_all(c),
        |c| crate::i18n::Lang::export_all(c),
        |c| ArchivedImages::export_all(c),
        |c| ArchiveProgress::export_all(c),
    ];
    let config = Config::new().with_out_dir(&dir);
    for export in exports {
        export(&config).expect("the bindings folder is writable");
    }
    for name in ["ExerciseView", "CheckView", "CheckRun", "ProgressView", "Identity", "Exported", "DoctorReport", "Settings", "ProgressChange", "LabsOverview", "LabCard", "LabState", "Verdict", "Reason", "Event", "LogBatch", "LogLine", "Failure", "Remedy", "UpSummary", "ResetPlan"] {
        assert!(dir.join(format!("{name}.ts")).is_file(), "{name}.ts is written");
    }
}
