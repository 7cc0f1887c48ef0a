//! The commands the UI calls, grouped by subject. Each is thin: typed arguments in, one
//! call into the core through the app state, a typed result or a [`CommandError`] out.
//! Writes announce themselves with a `data-changed` event so every open view refreshes.

pub mod files;
pub mod links;
pub mod reports;
pub mod views;
pub mod writes;

use accord::date;
use chrono::NaiveDate;
use serde::Serialize;
use tauri::{AppHandle, Emitter};
use ts_rs::TS;

use crate::error::{CommandError, CommandResult};

/// The event every write emits, with what changed.
pub const DATA_CHANGED: &str = "data-changed";

#[derive(Debug, Clone, Serialize, TS)]
pub struct DataChanged {
    /// What kind of write it was: `update`, `edit`, `import`.
    pub what: String,
    /// The object written, when there is one.
    pub id: Option<String>,
}

pub(crate) fn announce(app: &AppHandle, what: &str, id: Option<&str>) {
    // A view that misses the event refreshes on its next load; nothing to do on failure.
    let _ = app.emit(
        DATA_CHANGED,
        DataChanged {
            what: what.into(),
            id: id.map(String::from),
        },
    );
}

/// The as-of date the UI sent, or today.
pub(crate) fn as_of(value: Option<String>) -> CommandResult<NaiveDate> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(date::today()),
        Some(text) => accord::validate::full_date(text).map_err(|message| CommandError {
            code: "invalid".into(),
            message: format!("as_of: {message}"),
            path: Some("as_of".into()),
            fields: vec![accord::FieldError::new("as_of", message)],
        }),
    }
}
