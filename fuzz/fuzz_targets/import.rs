//! Any bytes either import whole into a real database or are refused with errors, never a
//! panic; a refused file changes nothing.
#![no_main]

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;

struct Db {
    _dir: tempfile::TempDir,
    store: accord::Store,
}

fn db() -> &'static Mutex<Db> {
    static DB: OnceLock<Mutex<Db>> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = accord::Store::open(&dir.path().join("fuzz.sqlite3")).unwrap();
        Mutex::new(Db { _dir: dir, store })
    })
}

fuzz_target!(|data: &[u8]| {
    let mut db = db().lock().unwrap();
    accord::fuzzing::check_import(&mut db.store, data);
});
