//! The TypeScript types in `ui/src/bindings/` are generated from the Rust types that cross
//! into the UI. This test regenerates them and fails when the committed files drift.
//! Run with `ACCORD_WRITE_BINDINGS=1` (or `make bindings`) to rewrite them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use accord::edit::{CommitmentInput, InstrumentInput, MilestoneInput};
use accord::model::{EntityKind, Update};
use accord::record::UpdateInput;
use accord::store::search::Hit;
use accord::views::{
    CommitmentDetail, Dashboard, InstrumentDetail, MilestoneDetail, MilestoneFilter, MilestoneList,
    MilestoneSort, Timeline,
};
use accord_desktop::commands::files::{ExportFormat, ImportResult};
use accord_desktop::commands::reports::{ReportDefaults, ReportRequest, ReportWritten};
use accord_desktop::commands::DataChanged;
use accord_desktop::error::CommandError;
use ts_rs::{Config, TS};

fn generate(dir: &Path) {
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    macro_rules! export {
        ($($t:ty),+ $(,)?) => { $( <$t>::export_all(&cfg).expect(concat!("export ", stringify!($t))); )+ };
    }
    export!(
        Dashboard,
        Timeline,
        MilestoneList,
        MilestoneFilter,
        MilestoneSort,
        InstrumentDetail,
        CommitmentDetail,
        MilestoneDetail,
        Hit,
        Update,
        UpdateInput,
        InstrumentInput,
        CommitmentInput,
        MilestoneInput,
        ImportResult,
        EntityKind,
        ExportFormat,
        DataChanged,
        CommandError,
        ReportRequest,
        ReportDefaults,
        ReportWritten,
    );
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".ts") {
                files.insert(name, std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    files
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    if std::env::var_os("ACCORD_WRITE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        generate(&committed);
    }
    let fresh = tempfile::tempdir().unwrap();
    generate(fresh.path());
    let expected = read_dir(fresh.path());
    let actual = read_dir(&committed);
    assert!(!expected.is_empty());
    let stale: Vec<&String> = expected
        .iter()
        .filter(|(name, text)| actual.get(*name) != Some(text))
        .map(|(name, _)| name)
        .chain(actual.keys().filter(|name| !expected.contains_key(*name)))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is out of date with the Rust types ({stale:?}); run `make bindings` and commit"
    );
}
