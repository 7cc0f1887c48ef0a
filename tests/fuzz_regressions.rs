//! Replays every input the fuzzers (`make fuzz`) ever saved — crashes fixed since, and the
//! seed files — through the same checks the fuzz targets run.

mod fixture;

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = root.join(kind).join(target);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n != ".keep") {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn saved_import_inputs_import_or_are_refused_cleanly() {
    let files = inputs("import");
    assert!(!files.is_empty());
    let (_dir, mut store) = fixture::temp_store();
    for (path, bytes) in files {
        eprintln!("{}", path.display());
        accord::fuzzing::check_import(&mut store, &bytes);
    }
}

#[test]
fn saved_partial_date_inputs_parse_or_are_refused_cleanly() {
    let files = inputs("partial_date");
    assert!(files.len() >= 5);
    for (path, bytes) in files {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            eprintln!("{}", path.display());
            accord::fuzzing::check_partial_date(text);
        }
    }
}
