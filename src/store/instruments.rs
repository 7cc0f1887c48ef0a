//! Queries on the `instruments` table.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{from_json, parse_column, to_json};
use crate::error::Result;
use crate::model::{Binding, Instrument, InstrumentKind};

const COLUMNS: &str = "id, title, kind, binding, parties, signed, summary, sources, archived";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Instrument> {
    let kind: String = row.get(2)?;
    let binding: String = row.get(3)?;
    let signed: Option<String> = row.get(5)?;
    Ok(Instrument {
        id: row.get(0)?,
        title: row.get(1)?,
        kind: parse_column(&kind, |s| InstrumentKind::parse(s).ok_or(BadValue))?,
        binding: parse_column(&binding, |s| Binding::parse(s).ok_or(BadValue))?,
        parties: from_json(&row.get::<_, String>(4)?)?,
        signed: signed.map(|s| parse_column(&s, str::parse)).transpose()?,
        summary: row.get(6)?,
        sources: from_json(&row.get::<_, String>(7)?)?,
        archived: row.get(8)?,
    })
}

/// A stored value outside its vocabulary: only possible if the file was edited by hand.
#[derive(Debug)]
pub(crate) struct BadValue;

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("value outside its vocabulary")
    }
}

impl std::error::Error for BadValue {}

pub fn get_instrument(conn: &Connection, id: &str) -> Result<Option<Instrument>> {
    let sql = format!("SELECT {COLUMNS} FROM instruments WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// Every instrument in the order they were added.
pub fn list_instruments(conn: &Connection) -> Result<Vec<Instrument>> {
    let sql = format!("SELECT {COLUMNS} FROM instruments ORDER BY position, seq");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// [`list_instruments`] without their summaries and sources (`None` and empty): the
/// timeline's first call does not show them, and at 1,000 instruments they were two thirds
/// of the time of reading them (callgrind).
pub fn list_instruments_untexted(conn: &Connection) -> Result<Vec<Instrument>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, kind, binding, parties, signed, NULL, '[]', archived
         FROM instruments ORDER BY position, seq",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_instrument(conn: &Connection, instrument: &Instrument) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO instruments (id, position, title, kind, binding, parties, signed, summary, sources, archived)
         VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM instruments), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        instrument.id,
        instrument.title,
        instrument.kind.as_str(),
        instrument.binding.as_str(),
        to_json(&instrument.parties),
        instrument.signed.map(|d| d.to_string()),
        instrument.summary,
        to_json(&instrument.sources),
        instrument.archived,
    ])?;
    Ok(())
}

/// Writes every field of an existing instrument (the caller logs what changed).
pub fn update_instrument(conn: &Connection, instrument: &Instrument) -> Result<()> {
    conn.prepare_cached(
        "UPDATE instruments SET title = ?2, kind = ?3, binding = ?4, parties = ?5, signed = ?6,
         summary = ?7, sources = ?8, archived = ?9 WHERE id = ?1",
    )?
    .execute(params![
        instrument.id,
        instrument.title,
        instrument.kind.as_str(),
        instrument.binding.as_str(),
        to_json(&instrument.parties),
        instrument.signed.map(|d| d.to_string()),
        instrument.summary,
        to_json(&instrument.sources),
        instrument.archived,
    ])?;
    Ok(())
}

pub fn delete_instrument(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM instruments WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}
