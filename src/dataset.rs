//! The bundled dataset of real UK AI commitments, and the default database it fills.
//!
//! The default database lives in the user's data folder (`~/.local/share/accord/
//! accord.sqlite3` on Linux) unless `ACCORD_DB` names another file; the CLI and the
//! desktop app both open it through [`open_default`]. A new default database starts with
//! the bundled dataset; a database opened by explicit path starts empty.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::exchange::{import_bytes, ImportSummary};
use crate::store::Store;

/// The bundled dataset, in the exchange format, compiled into the binary.
pub const BUNDLED: &str = include_str!("../data/uk-ai-commitments.accord.json");

/// The environment variable that overrides the default database's path.
pub const DB_ENV: &str = "ACCORD_DB";

/// Where the default database is: `$ACCORD_DB`, else the user's data folder.
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let data = dirs::data_dir().ok_or_else(|| {
        Error::Refused(format!(
            "cannot find your data folder (is HOME set?); set {DB_ENV} to the database file to use"
        ))
    })?;
    Ok(data.join("accord").join("accord.sqlite3"))
}

/// Opens the default database, filling it with the bundled dataset when it is new.
pub fn open_default() -> Result<Store> {
    let mut store = Store::open(&default_db_path()?)?;
    if store.was_created() {
        seed(&mut store)?;
    }
    Ok(store)
}

/// Imports the bundled dataset (merging by id, so running it again changes nothing).
pub fn seed(store: &mut Store) -> Result<ImportSummary> {
    import_bytes(store, BUNDLED.as_bytes())
}
