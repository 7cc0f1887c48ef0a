//! Queries on the `milestones` table.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row, Rows};

use super::instruments::BadValue;
use super::parse_column;

use crate::date::parse_full_date;
use crate::error::Result;
use crate::model::{Milestone, MilestoneKind, Origin};

const COLUMNS: &str = "m.id, m.commitment_id, m.title, m.due, m.origin, m.kind, m.archived";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Milestone> {
    // The columns only parsed are read in place, not copied out first.
    let due = row.get_ref(3)?.as_str_or_null()?;
    let origin = row.get_ref(4)?.as_str()?;
    let kind = row.get_ref(5)?.as_str()?;
    Ok(Milestone {
        id: row.get(0)?,
        commitment_id: row.get(1)?,
        title: row.get(2)?,
        due: due.map(|s| parse_column(s, str::parse)).transpose()?,
        origin: parse_column(origin, |s| Origin::parse(s).ok_or(BadValue))?,
        kind: parse_column(kind, |s| MilestoneKind::parse(s).ok_or(BadValue))?,
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

/// Whether a list of milestones reads their titles. The scoreboard only counts milestones:
/// at 100k, their titles were 100k strings made and freed for nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Titles {
    Read,
    /// Each milestone's title is left empty.
    Left,
}

/// Every milestone, each commitment's together in position order, the commitments in the
/// order of their ids. One pass over an index, with no join and no sort: the caller puts
/// the commitments in hierarchy order (see `Snapshot::load`), which costs far less than
/// having SQLite sort 100k whole rows. Each is handed to `make`, whose results are listed:
/// the snapshot pairs each with its state there, rather than moving 100k of them again.
pub fn list_milestones_by_commitment<T>(
    conn: &Connection,
    titles: Titles,
    mut make: impl FnMut(Milestone) -> T,
) -> Result<Vec<T>> {
    // Sized once: grown by doubling, 100k milestones were copied and their memory first
    // touched twice over. The largest `seq` is at least the number of rows.
    let most: i64 = conn.query_row("SELECT ifnull(max(seq), 0) FROM milestones", [], |r| {
        r.get(0)
    })?;
    let mut milestones = Vec::with_capacity(usize::try_from(most).unwrap_or(0));
    let columns = match titles {
        Titles::Read => COLUMNS.to_owned(),
        // An empty text in the title's place: read as a `String` that allocates nothing.
        Titles::Left => COLUMNS.replace("m.title", "''"),
    };
    let sql = format!(
        "SELECT {columns} FROM milestones m INDEXED BY milestones_by_commitment
         ORDER BY m.commitment_id, m.position, m.seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    for m in stmt.query_map([], from_row)? {
        milestones.push(make(m?));
    }
    Ok(milestones)
}

/// The start of a milestone's stated due as SQL, 'YYYY-MM-DD', NULL when it has none: the
/// order of the index `milestones_by_start` (migration 0007), spelled as it is there, or
/// SQLite would not use the index.
const DUE_START: &str = "CASE
        WHEN length(due) = 4 THEN due || '-01-01'
        WHEN length(due) = 10 THEN due
        WHEN substr(due, 6, 1) = 'H' THEN substr(due, 1, 5)
            || CASE substr(due, 7) WHEN '1' THEN '01-01' ELSE '07-01' END
        WHEN substr(due, 6, 1) = 'Q' THEN substr(due, 1, 5)
            || CASE substr(due, 7) WHEN '1' THEN '01-01' WHEN '2' THEN '04-01'
                                   WHEN '3' THEN '07-01' ELSE '10-01' END
        ELSE due || '-01'
    END";

/// Where a live milestone sits, without its title or kinds: what the timeline's first
/// call reads of the milestones it walks (see `views::timeline_direct`). The ids are only
/// compared and looked up, never shown, so they are left as bytes.
pub struct Placing<'r> {
    pub seq: i64,
    pub id: &'r [u8],
    pub commitment_id: &'r [u8],
    pub position: i64,
}

/// The columns a [`Placing`] is read from, first in a query and in this order.
const PLACING: &str = "seq, id, commitment_id, position";

fn placing<'r>(row: &'r Row<'_>) -> rusqlite::Result<Placing<'r>> {
    Ok(Placing {
        seq: row.get(0)?,
        id: row.get_ref(1)?.as_bytes()?,
        commitment_id: row.get_ref(2)?.as_bytes()?,
        position: row.get(3)?,
    })
}

/// Hands `each` the placing of every row of a query that begins with [`PLACING`].
fn each_placing(mut rows: Rows<'_>, mut each: impl FnMut(Placing<'_>)) -> Result<()> {
    while let Some(row) = rows.next()? {
        each(placing(row)?);
    }
    Ok(())
}

/// Which of the live milestones a walk reads (see [`walk_sql`]).
#[derive(Clone, Copy)]
enum Walk {
    /// Those without a stated due.
    Undated,
    /// Those with one, from the earliest start.
    Dated,
}

/// The live (not archived) milestones with a stated due, from the earliest start, read from
/// `milestones_by_start` alone and handed to `each` one by one with the day their due
/// starts, until it returns `false`.
pub fn walk_dated(
    conn: &Connection,
    mut each: impl FnMut(Placing<'_>, NaiveDate) -> Result<bool>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&walk_sql(Walk::Dated))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let start = row.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?;
        let going_on = each(placing(row)?, parse_column(start, parse_full_date)?)?;
        if !going_on {
            break;
        }
    }
    Ok(())
}

/// The live milestones without a stated due, read from `milestones_by_start` alone: each
/// one's id and its commitment's, handed to `each` (a commitment's come one after another).
/// Only what counting them needs: their places are looked up for the few listed
/// ([`undated_placings_of`]).
pub fn walk_undated(conn: &Connection, mut each: impl FnMut(&[u8], &[u8])) -> Result<()> {
    let mut stmt = conn.prepare_cached(&walk_sql(Walk::Undated))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(
            row.get_ref(0)?.as_bytes().map_err(rusqlite::Error::from)?,
            row.get_ref(1)?.as_bytes().map_err(rusqlite::Error::from)?,
        );
    }
    Ok(())
}

/// What the walks ask SQLite: for the dated milestones their places and the start of their
/// due, for the undated ones their ids and commitments.
fn walk_sql(walk: Walk) -> String {
    // The undated ones come in the index's order already: asked for by their start, all
    // NULL, SQLite would sort them again. Only their ids and commitments are read: at 100k
    // milestones, each further column of 30,000 rows costs SQLite and rusqlite about 10 M
    // instructions (callgrind).
    //
    // The dated ones are those whose start is a text after the empty one (every start is
    // 'YYYY-MM-DD'; NULL compares as nothing): SQLite seeks past the undated, which sort
    // first. Asked for as IS NOT NULL, it stepped over all of them (30,000 at 100k, two
    // thirds of the dated walk's instructions).
    let (columns, condition) = match walk {
        Walk::Undated => ("id, commitment_id".to_string(), "IS NULL".to_string()),
        Walk::Dated => (
            format!("{PLACING}, {DUE_START}"),
            format!("> '' ORDER BY {DUE_START}"),
        ),
    };
    format!(
        "SELECT {columns} FROM milestones
         INDEXED BY milestones_by_start
         WHERE archived = 0 AND {DUE_START} {condition}"
    )
}

/// A commitment's live milestones without a stated due, with their places.
pub fn undated_placings_of(
    conn: &Connection,
    commitment_id: &str,
    each: impl FnMut(Placing<'_>),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PLACING} FROM milestones
         WHERE commitment_id = ?1 AND archived = 0 AND due IS NULL"
    ))?;
    let rows = stmt.query([commitment_id])?;
    each_placing(rows, each)
}

/// The live milestones among these ids, with their places.
pub fn live_placings_of(
    conn: &Connection,
    ids: &[&str],
    each: impl FnMut(Placing<'_>),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PLACING} FROM milestones
         WHERE id IN (SELECT value FROM json_each(?1)) AND archived = 0"
    ))?;
    let rows = stmt.query([super::to_json(&ids)])?;
    each_placing(rows, each)
}

/// How many milestones are not archived: all of them, counted from the table's tree
/// without reading its rows, less the archived ones, through their own index.
pub fn count_unarchived(conn: &Connection) -> Result<usize> {
    let all: i64 = conn
        .prepare_cached("SELECT count(*) FROM milestones")?
        .query_row([], |r| r.get(0))?;
    let archived: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM milestones INDEXED BY milestones_archived WHERE archived = 1",
        )?
        .query_row([], |r| r.get(0))?;
    Ok((all - archived) as usize)
}

/// How many of a commitment's milestones are not archived.
pub fn count_unarchived_of(conn: &Connection, commitment_id: &str) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM milestones WHERE commitment_id = ?1 AND archived = 0",
        )?
        .query_row([commitment_id], |r| r.get(0))?;
    Ok(n as usize)
}

/// Whether a commitment has any milestone not archived.
pub fn has_unarchived(conn: &Connection, commitment_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM milestones WHERE commitment_id = ?1 AND archived = 0)",
        )?
        .query_row([commitment_id], |r| r.get(0))?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;

    #[test]
    fn the_start_sql_works_out_is_the_partial_dates_start() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = format!("SELECT {DUE_START} FROM (SELECT ?1 AS due)");
        let forms = [
            "2026",
            "2026-H1",
            "2026-H2",
            "2026-Q1",
            "2026-Q2",
            "2026-Q3",
            "2026-Q4",
            "2026-01",
            "2026-12",
            "2024-02-29",
            "2026-11-30",
        ];
        for due in forms {
            let start: String = conn.query_row(&sql, [due], |r| r.get(0)).unwrap();
            let expected = due.parse::<PartialDate>().unwrap().start();
            assert_eq!(start, expected.format("%Y-%m-%d").to_string(), "{due}");
        }
        let none: Option<String> = conn
            .query_row(&sql, [None::<String>], |r| r.get(0))
            .unwrap();
        assert_eq!(none, None);
    }

    /// The queries spell the start as the migration does, and the index holds all they
    /// read: SQLite neither reads the table nor sorts, and seeks to where each walk starts
    /// (a scan would step over every undated milestone before the first dated one).
    #[test]
    fn the_walks_read_the_index_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.sqlite3")).unwrap();
        for walk in [Walk::Undated, Walk::Dated] {
            let plan: Vec<String> = store
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {}", walk_sql(walk)))
                .unwrap()
                .query_map([], |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(plan.len(), 1, "{plan:?}");
            assert!(
                plan[0].starts_with("SEARCH milestones USING COVERING INDEX milestones_by_start"),
                "{plan:?}"
            );
        }
    }

    /// The dated walk's condition holds for every start there is and for no missing one.
    #[test]
    fn every_stated_due_and_no_missing_one_is_dated() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = format!("SELECT {DUE_START} > '' FROM (SELECT ?1 AS due)");
        for due in [
            "2026",
            "2026-H2",
            "2026-Q3",
            "2026-12",
            "2026-11-30",
            "0001",
        ] {
            let dated: bool = conn.query_row(&sql, [due], |r| r.get(0)).unwrap();
            assert!(dated, "{due}");
        }
        let missing: Option<bool> = conn
            .query_row(&sql, [None::<String>], |r| r.get(0))
            .unwrap();
        assert_eq!(missing, None, "NULL is not dated");
    }
}
