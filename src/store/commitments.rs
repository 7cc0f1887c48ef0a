//! Queries on the `commitments` table.

use rusqlite::{params, Connection, OptionalExtension, Row};
use rustc_hash::FxHashMap;

use super::{from_json, to_json};
use crate::error::Result;
use crate::model::Commitment;

const COLUMNS: &str =
    "c.id, c.instrument_id, c.ref, c.title, c.text, c.themes, c.lead, c.supporting, c.archived";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Commitment> {
    Ok(Commitment {
        id: row.get(0)?,
        instrument_id: row.get(1)?,
        reference: row.get(2)?,
        title: row.get(3)?,
        text: row.get(4)?,
        themes: from_json(&row.get::<_, String>(5)?)?,
        lead: row.get(6)?,
        supporting: from_json(&row.get::<_, String>(7)?)?,
        archived: row.get(8)?,
    })
}

pub fn get_commitment(conn: &Connection, id: &str) -> Result<Option<Commitment>> {
    let sql = format!("SELECT {COLUMNS} FROM commitments c WHERE c.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// Every commitment, each with its own position and `seq`, in no order. Callers order
/// them by the instruments they hold: the snapshot and the timeline by the live ones
/// (`snapshot::live_in_order`), an export within each instrument. A join to each
/// commitment's instrument for its order took more of SQLite's time than reading the
/// rows (10k commitments, counted in Python's SQLite: 3.8 ms with it against 0.8).
pub fn list_commitments(conn: &Connection) -> Result<Vec<(i64, i64, Commitment)>> {
    let sql = format!("SELECT {COLUMNS}, c.position, c.seq FROM commitments c");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |row| Ok((row.get(9)?, row.get(10)?, from_row(row)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A commitment as the timeline's first call reads it ([`list_commitments_untexted`]).
pub struct Placed {
    pub position: i64,
    pub seq: i64,
    /// Without its text and reference (`None`), nor its themes and parties (left empty:
    /// they are named by `lists`).
    pub commitment: Commitment,
    pub lists: ListsOf,
}

/// Which of the distinct lists ([`Lists`]) a commitment has.
#[derive(Debug, Clone, Copy)]
pub struct ListsOf {
    pub themes: usize,
    pub lead: Option<usize>,
    pub supporting: usize,
}

/// The theme lists, leads and supporting lists the commitments have, each told apart by
/// its stored text and made once.
#[derive(Default)]
pub struct Lists {
    pub themes: Distinct<Vec<String>>,
    pub leads: Distinct<String>,
    pub supporting: Distinct<Vec<String>>,
}

fn placed_of(row: &Row<'_>, lists: &mut Lists) -> rusqlite::Result<Placed> {
    let lead = match row.get_ref(4)?.as_str_or_null()? {
        Some(lead) => Some(lists.leads.index_of(lead, |l| Ok(l.to_owned()))?),
        None => None,
    };
    Ok(Placed {
        position: row.get(7)?,
        seq: row.get(8)?,
        commitment: Commitment {
            id: row.get(0)?,
            instrument_id: row.get(1)?,
            reference: None,
            title: row.get(2)?,
            text: None,
            themes: Vec::new(),
            lead: None,
            supporting: Vec::new(),
            archived: row.get(6)?,
        },
        lists: ListsOf {
            themes: lists
                .themes
                .index_of(row.get_ref(3)?.as_str()?, from_json)?,
            lead,
            supporting: lists
                .supporting
                .index_of(row.get_ref(5)?.as_str()?, from_json)?,
        },
    })
}

/// Values made from texts, one for each distinct text.
pub struct Distinct<T> {
    index: FxHashMap<Box<str>, usize>,
    pub values: Vec<T>,
}

impl<T> Default for Distinct<T> {
    fn default() -> Self {
        Distinct {
            index: FxHashMap::default(),
            values: Vec::new(),
        }
    }
}

impl<T> Distinct<T> {
    /// Where the value of `text` is, made by `make` the first time it is met.
    fn index_of(
        &mut self,
        text: &str,
        make: impl FnOnce(&str) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<usize> {
        if let Some(&n) = self.index.get(text) {
            return Ok(n);
        }
        self.values.push(make(text)?);
        let n = self.values.len() - 1;
        self.index.insert(text.into(), n);
        Ok(n)
    }

    /// The values at these indices, each once, in the order they were first made.
    pub fn among(&self, indices: impl IntoIterator<Item = usize>) -> impl Iterator<Item = &T> {
        let mut used = vec![false; self.values.len()];
        for n in indices {
            used[n] = true;
        }
        self.values
            .iter()
            .zip(used)
            .filter_map(|(value, used)| used.then_some(value))
    }
}

/// [`list_commitments`] as the timeline's first call needs them: their places and titles,
/// and the lists they name for the filter bar's choices. At 10k commitments the texts (440
/// bytes each in the generated data) were half the time of reading them; parsing each
/// commitment's theme and party lists on its own was a quarter of what remained, though
/// commitments share a handful of lists (callgrind).
pub fn list_commitments_untexted(conn: &Connection) -> Result<(Vec<Placed>, Lists)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, instrument_id, title, themes, lead, supporting, archived, position, seq
         FROM commitments",
    )?;
    let mut lists = Lists::default();
    let mut placed = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        placed.push(placed_of(row, &mut lists)?);
    }
    Ok((placed, lists))
}

pub fn list_commitments_of(conn: &Connection, instrument_id: &str) -> Result<Vec<Commitment>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM commitments c WHERE c.instrument_id = ?1 ORDER BY c.position, c.seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([instrument_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_commitment(conn: &Connection, c: &Commitment) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO commitments (id, instrument_id, position, ref, title, text, themes, lead, supporting, archived)
         VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM commitments WHERE instrument_id = ?2),
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        c.id,
        c.instrument_id,
        c.reference,
        c.title,
        c.text,
        to_json(&c.themes),
        c.lead,
        to_json(&c.supporting),
        c.archived,
    ])?;
    Ok(())
}

/// Writes every field; a commitment moved to another instrument goes to its end.
pub fn update_commitment(conn: &Connection, c: &Commitment) -> Result<()> {
    conn.prepare_cached(
        "UPDATE commitments SET
           position = CASE WHEN instrument_id = ?2 THEN position
                      ELSE (SELECT coalesce(max(position), -1) + 1 FROM commitments WHERE instrument_id = ?2) END,
           instrument_id = ?2, ref = ?3, title = ?4, text = ?5, themes = ?6, lead = ?7,
           supporting = ?8, archived = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        c.id,
        c.instrument_id,
        c.reference,
        c.title,
        c.text,
        to_json(&c.themes),
        c.lead,
        to_json(&c.supporting),
        c.archived,
    ])?;
    Ok(())
}

pub fn delete_commitment(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM commitments WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}
