//! Queries on the `milestones` table.

use std::ops::RangeInclusive;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};

use super::instruments::BadValue;
use super::parse_column;
use crate::date::PartialDate;
use crate::error::Result;
use crate::model::{Milestone, MilestoneKind, Origin};

const COLUMNS: &str = "m.id, m.commitment_id, m.title, m.due, m.origin, m.kind, m.archived";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Milestone> {
    let due: Option<String> = row.get(3)?;
    let origin: String = row.get(4)?;
    let kind: String = row.get(5)?;
    Ok(Milestone {
        id: row.get(0)?,
        commitment_id: row.get(1)?,
        title: row.get(2)?,
        due: due.map(|s| parse_column(&s, str::parse)).transpose()?,
        origin: parse_column(&origin, |s| Origin::parse(s).ok_or(BadValue))?,
        kind: parse_column(&kind, |s| MilestoneKind::parse(s).ok_or(BadValue))?,
        archived: row.get(6)?,
    })
}

pub fn get_milestone(conn: &Connection, id: &str) -> Result<Option<Milestone>> {
    let sql = format!("SELECT {COLUMNS} FROM milestones m WHERE m.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// Every milestone in hierarchy order (instrument, commitment, milestone).
pub fn list_milestones(conn: &Connection) -> Result<Vec<Milestone>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM milestones m
         JOIN commitments c ON c.id = m.commitment_id
         JOIN instruments i ON i.id = c.instrument_id
         ORDER BY i.position, i.seq, c.position, c.seq, m.position, m.seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every milestone, each commitment's together in position order, the commitments in the
/// order of their ids. One pass over an index, with no join and no sort: the caller puts
/// the commitments in hierarchy order (see `Snapshot::load`), which costs far less than
/// having SQLite sort 100k whole rows.
pub fn list_milestones_by_commitment(conn: &Connection) -> Result<Vec<Milestone>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM milestones m INDEXED BY milestones_by_commitment
         ORDER BY m.commitment_id, m.position, m.seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where a milestone sits and its original due, without its title or kinds: what the
/// timeline's first call reads of every milestone (see `views::timeline_direct`). The ids
/// are only compared and looked up, never shown, so they are left as bytes: checking 200k
/// of them as UTF-8 is time the first call does not have.
pub struct Placing<'r> {
    pub seq: i64,
    pub id: &'r [u8],
    pub commitment_id: &'r [u8],
    pub position: i64,
    pub due: Option<PartialDate>,
}

/// Every milestone not archived with `seq` in `seqs`, in the table's order, each handed to
/// `each` as it is read.
pub fn each_live_placing(
    conn: &Connection,
    seqs: RangeInclusive<i64>,
    mut each: impl FnMut(Placing<'_>) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, id, commitment_id, position, due FROM milestones
         WHERE seq BETWEEN ?1 AND ?2 AND archived = 0",
    )?;
    let mut rows = stmt.query([seqs.start(), seqs.end()])?;
    while let Some(row) = rows.next()? {
        let due = row
            .get_ref(4)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?;
        each(Placing {
            seq: row.get(0)?,
            id: row.get_ref(1)?.as_bytes().map_err(rusqlite::Error::from)?,
            commitment_id: row.get_ref(2)?.as_bytes().map_err(rusqlite::Error::from)?,
            position: row.get(3)?,
            due: due.map(|s| parse_column(s, str::parse)).transpose()?,
        })?;
    }
    Ok(())
}

/// The lowest and highest `seq` of any milestone, archived or not; `None` when there is
/// none. Asked apart, each is one look-up in the table's tree: asked together, SQLite reads
/// the whole table (10 ms at 100k milestones).
pub fn seq_bounds(conn: &Connection) -> Result<Option<(i64, i64)>> {
    let (low, high): (Option<i64>, Option<i64>) = conn.query_row(
        "SELECT (SELECT min(seq) FROM milestones), (SELECT max(seq) FROM milestones)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(low.zip(high))
}

/// The milestones with these `seq`s, each with its `seq`, in no particular order.
pub fn milestones_by_seq(conn: &Connection, seqs: &[i64]) -> Result<Vec<(i64, Milestone)>> {
    let sql = format!(
        "SELECT {COLUMNS}, m.seq FROM milestones m
         WHERE m.seq IN (SELECT value FROM json_each(?1))"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([super::to_json(&seqs)], |row| {
        Ok((row.get(7)?, from_row(row)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn list_milestones_of(conn: &Connection, commitment_id: &str) -> Result<Vec<Milestone>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM milestones m WHERE m.commitment_id = ?1 ORDER BY m.position, m.seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([commitment_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_milestone(conn: &Connection, m: &Milestone) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO milestones (id, commitment_id, position, title, due, origin, kind, archived)
         VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM milestones WHERE commitment_id = ?2),
                 ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params_from_iter(fields(m)))?;
    Ok(())
}

/// A milestone's own fields, as bound as `?1` to `?7` by the insert and the update below.
fn fields(m: &Milestone) -> [Value; 7] {
    [
        Value::Text(m.id.clone()),
        Value::Text(m.commitment_id.clone()),
        Value::Text(m.title.clone()),
        m.due.map_or(Value::Null, |d| Value::Text(d.to_string())),
        Value::Text(m.origin.as_str().to_string()),
        Value::Text(m.kind.as_str().to_string()),
        Value::Integer(m.archived.into()),
    ]
}

/// The columns a new milestone is written to, as [`values`] gives them: its fields, then
/// its position.
pub const WRITTEN: [&str; 8] = [
    "id",
    "commitment_id",
    "title",
    "due",
    "origin",
    "kind",
    "archived",
    "position",
];

/// `m`'s values for [`WRITTEN`], `position` in its commitment, for inserting many at once
/// (`batched`).
pub fn values(m: &Milestone, position: i64) -> impl Iterator<Item = Value> {
    fields(m).into_iter().chain([Value::Integer(position)])
}

/// Writes every field; a milestone moved to another commitment goes to its end.
pub fn update_milestone(conn: &Connection, m: &Milestone) -> Result<()> {
    conn.prepare_cached(
        "UPDATE milestones SET
           position = CASE WHEN commitment_id = ?2 THEN position
                      ELSE (SELECT coalesce(max(position), -1) + 1 FROM milestones WHERE commitment_id = ?2) END,
           commitment_id = ?2, title = ?3, due = ?4, origin = ?5, kind = ?6, archived = ?7
         WHERE id = ?1",
    )?
    .execute(params_from_iter(fields(m)))?;
    Ok(())
}

pub fn delete_milestone(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM milestones WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}
