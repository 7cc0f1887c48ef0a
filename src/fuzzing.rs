//! The checks the fuzz targets (`fuzz/`) run on arbitrary input. They live in the library
//! so that `tests/fuzz_regressions.rs` replays saved inputs through exactly the same code
//! on every test run, without the fuzzer.

use crate::date::{parse_full_date, PartialDate};
use crate::exchange::{export_json, import_bytes};
use crate::Store;

/// Any text parses as a partial date that prints back as written, or is refused.
pub fn check_partial_date(text: &str) {
    if let Ok(date) = text.parse::<PartialDate>() {
        assert_eq!(date.to_string(), text, "a partial date prints as written");
        assert!(
            date.start() <= date.end(),
            "{text}: a period ends after it starts"
        );
    }
    if let Ok(day) = parse_full_date(text) {
        assert_eq!(day.format("%Y-%m-%d").to_string(), text);
    }
}

fn rows(store: &Store) -> i64 {
    crate::store::total_rows(store.conn()).expect("counting rows")
}

/// Any bytes either import (and then survive export → import unchanged) or are refused
/// with a message, changing nothing.
pub fn check_import(store: &mut Store, bytes: &[u8]) {
    let before = rows(store);
    match import_bytes(store, bytes) {
        Ok(_) => {
            let exported = export_json(store.conn(), &Default::default()).expect("export");
            let again = import_bytes(store, exported.as_bytes()).expect("an export imports");
            assert!(again.is_noop(), "re-importing an export changes nothing");
        }
        Err(error) => {
            assert!(!error.to_string().is_empty(), "a refusal says why");
            assert_eq!(rows(store), before, "a refused import changes nothing");
        }
    }
}
