//! The change log: every edit of an instrument, commitment or milestone, field by field,
//! with the value before and after, so nothing a user typed is silently lost.

use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::date;
use crate::error::Result;
use crate::model::EntityKind;

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOrigin {
    Edit,
    Import,
}

impl ChangeOrigin {
    fn as_str(self) -> &'static str {
        match self {
            ChangeOrigin::Edit => "edit",
            ChangeOrigin::Import => "import",
        }
    }
}

/// One logged change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Change {
    pub at: String,
    pub entity_kind: String,
    pub entity_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub origin: String,
}

fn as_text(value: Option<&Value>) -> Option<String> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    }
}

/// Logs each field whose value differs between `old` and `new`; returns how many did.
pub fn log_changes<T: Serialize>(
    conn: &Connection,
    kind: EntityKind,
    id: &str,
    old: &T,
    new: &T,
    origin: ChangeOrigin,
) -> Result<usize> {
    let (Value::Object(old), Value::Object(new)) = (
        serde_json::to_value(old).expect("plain data"),
        serde_json::to_value(new).expect("plain data"),
    ) else {
        return Ok(0);
    };
    let at = date::now_timestamp();
    let mut changed = 0;
    for (field, new_value) in &new {
        let old_value = old.get(field);
        if old_value != Some(new_value) {
            log_one(
                conn,
                &at,
                kind,
                id,
                field,
                as_text(old_value),
                as_text(Some(new_value)),
                origin,
            )?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Logs a deletion with the whole object as its old value.
pub fn log_deletion<T: Serialize>(
    conn: &Connection,
    kind: EntityKind,
    id: &str,
    old: &T,
) -> Result<()> {
    let at = date::now_timestamp();
    let whole = serde_json::to_string(old).expect("plain data");
    log_one(
        conn,
        &at,
        kind,
        id,
        "(deleted)",
        Some(whole),
        None,
        ChangeOrigin::Edit,
    )
}

#[allow(clippy::too_many_arguments)]
fn log_one(
    conn: &Connection,
    at: &str,
    kind: EntityKind,
    id: &str,
    field: &str,
    old_value: Option<String>,
    new_value: Option<String>,
    origin: ChangeOrigin,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO change_log (at, entity_kind, entity_id, field, old_value, new_value, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        at,
        kind.as_str(),
        id,
        field,
        old_value,
        new_value,
        origin.as_str()
    ])?;
    Ok(())
}

/// The changes logged for one object, oldest first.
pub fn list_changes(conn: &Connection, id: &str) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, entity_kind, entity_id, field, old_value, new_value, origin
         FROM change_log WHERE entity_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Change {
            at: r.get(0)?,
            entity_kind: r.get(1)?,
            entity_id: r.get(2)?,
            field: r.get(3)?,
            old_value: r.get(4)?,
            new_value: r.get(5)?,
            origin: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
