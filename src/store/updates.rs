//! Queries on the append-only `updates` table. There is no update or delete here: the
//! schema's triggers refuse both.

use std::cmp::Ordering;
use std::ops::ControlFlow;
use std::sync::LazyLock;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use super::batched;
use super::instruments::BadValue;
use super::{from_json, parse_column, to_json};
use crate::date::{self, timestamp_key};
use crate::error::Result;
use crate::model::{Status, Update};

const COLUMNS: &str =
    "u.id, u.milestone_id, u.as_of, u.status, u.note, u.evidence, u.due, u.contested, u.author, u.recorded_at, u.seq";

fn from_row(row: &Row<'_>) -> rusqlite::Result<(Update, i64)> {
    let as_of: String = row.get(2)?;
    let status: String = row.get(3)?;
    let due: Option<String> = row.get(6)?;
    let update = Update {
        id: row.get(0)?,
        milestone_id: row.get(1)?,
        as_of: parse_column(&as_of, date::parse_full_date)?,
        status: parse_column(&status, |s| Status::parse(s).ok_or(BadValue))?,
        note: row.get(4)?,
        evidence: from_json(&row.get::<_, String>(5)?)?,
        due: due.map(|s| parse_column(&s, str::parse)).transpose()?,
        contested: row.get(7)?,
        author: row.get(8)?,
        recorded_at: row.get(9)?,
    };
    Ok((update, row.get(10)?))
}

/// The order in which updates happened: `as_of`, then `recorded_at`, then the order they
/// entered this database.
fn chronological(a: &(Update, i64), b: &(Update, i64)) -> Ordering {
    happened(&a.0, &b.0).then_with(|| a.1.cmp(&b.1))
}

/// Where an update comes among its milestone's updates of the same `as_of` ([`same_day_key`]).
pub(crate) type SameDay = (Option<(String, String)>, i64);

/// Where an update with this `recorded_at` and `seq` comes among its milestone's updates of
/// the same `as_of`, as [`chronological`] orders them: by `recorded_at` ([`timestamp_key`];
/// one without a time first), then by the order they entered the database.
pub(crate) fn same_day_key(recorded_at: Option<&str>, seq: i64) -> SameDay {
    (recorded_at.map(timestamp_key), seq)
}

/// The order of two updates of one milestone by `as_of`, then `recorded_at`; updates equal
/// on both keep the order they entered the database.
pub fn happened(a: &Update, b: &Update) -> Ordering {
    a.as_of.cmp(&b.as_of).then_with(|| {
        let ka = a.recorded_at.as_deref().map(timestamp_key);
        let kb = b.recorded_at.as_deref().map(timestamp_key);
        ka.cmp(&kb)
    })
}

fn sorted(mut rows: Vec<(Update, i64)>) -> Vec<Update> {
    rows.sort_by(chronological);
    rows.into_iter().map(|(u, _)| u).collect()
}

pub fn get_update(conn: &Connection, id: &str) -> Result<Option<Update>> {
    let sql = format!("SELECT {COLUMNS} FROM updates u WHERE u.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?
        .map(|(u, _)| u))
}

/// A milestone's updates in the order they happened.
pub fn list_updates_of(conn: &Connection, milestone_id: &str) -> Result<Vec<Update>> {
    let sql = format!("SELECT {COLUMNS} FROM updates u WHERE u.milestone_id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([milestone_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(sorted(rows))
}

/// All updates with `as_of` on or before `until` (all of them for `None`), grouped by
/// milestone and in the order they happened within each.
pub fn list_updates(conn: &Connection, until: Option<NaiveDate>) -> Result<Vec<Update>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM updates u WHERE ?1 IS NULL OR u.as_of <= ?1 ORDER BY u.milestone_id, u.as_of, u.seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let until = until.map(|d| d.to_string());
    let mut rows = stmt
        .query_map([until], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.sort_by(|a, b| {
        a.0.milestone_id
            .cmp(&b.0.milestone_id)
            .then_with(|| chronological(a, b))
    });
    Ok(rows.into_iter().map(|(u, _)| u).collect())
}

/// What the derivations need of one update (see [`crate::derive::Observed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub as_of: NaiveDate,
    pub status: Status,
    pub due: Option<crate::date::PartialDate>,
}

impl From<&Update> for Observation {
    fn from(update: &Update) -> Self {
        Observation {
            as_of: update.as_of,
            status: update.status,
            due: update.due,
        }
    }
}

impl crate::derive::Observed for Observation {
    fn as_of(&self) -> NaiveDate {
        self.as_of
    }
    fn status(&self) -> Status {
        self.status
    }
    fn due(&self) -> Option<crate::date::PartialDate> {
        self.due
    }
}

/// Whose observations [`observations`] reads.
#[derive(Debug, Clone, Copy)]
pub enum Observing<'a> {
    Every,
    /// The milestones with these ids.
    Of(&'a [&'a str]),
    /// The milestones whose ids sort at or after this one (as SQLite compares texts).
    From(&'a str),
}

/// An observation with what orders it among same-day ones ([`same_day_key`]), its
/// `recorded_at` taken in only when another update of the milestone has the same `as_of`.
struct Keyed {
    observation: Observation,
    same_day: SameDay,
}

/// Every milestone's observations, in the order they happened: the few columns the
/// derivations read, without notes or evidence. All dates: a snapshot keeps them and
/// derives its states again from them when asked for another as-of date. Each milestone's
/// are handed to `each` with its id as soon as they are read, in the order of the ids, so
/// the caller can file them while the rest are read. Both are lent: a caller that keeps
/// only some, or only what it derives from them, copies nothing else.
///
/// Only updates entered up to `last_seq` ([`last_seq`]) are read: updates are never
/// changed or removed, and each new one gets a higher `seq`, so another connection reading
/// later sees exactly the updates an earlier read transaction saw, and newer ones above it.
///
/// The index `updates_observed` hands rows over grouped by milestone and by `as_of` within
/// each, so a group is finished when the milestone changes, and only same-day runs need
/// their `recorded_at` to be ordered (as `chronological` does).
///
/// `which` narrows the read to some milestones; each group keeps the order the whole would
/// have. (The dues that updates set are read apart, by [`super::dues`].) The read stops
/// when `each` breaks.
pub fn observations(
    conn: &Connection,
    last_seq: i64,
    which: Observing<'_>,
    mut each: impl FnMut(&str, &[Observation]) -> ControlFlow<()>,
) -> Result<()> {
    // What `observation` and the grouping below read, in this order.
    const COLUMNS: &str = "milestone_id, as_of, status, due, recorded_at, seq";
    let read = |index: &str, also: &str| {
        format!("SELECT {COLUMNS} FROM updates INDEXED BY {index} WHERE seq <= ?1{also}")
    };
    let mut stmt;
    let mut rows = match which {
        Observing::Every => {
            stmt = conn.prepare_cached(&read("updates_observed", ""))?;
            stmt.query([last_seq])?
        }
        Observing::Of(ids) => {
            stmt = conn.prepare_cached(&read(
                "updates_observed",
                " AND milestone_id IN (SELECT value FROM json_each(?2))",
            ))?;
            stmt.query(rusqlite::params![last_seq, to_json(&ids)])?
        }
        Observing::From(first) => {
            stmt = conn.prepare_cached(&read("updates_observed", " AND milestone_id >= ?2"))?;
            stmt.query(rusqlite::params![last_seq, first])?
        }
    };
    let mut milestone = String::new();
    let mut group: Vec<Keyed> = Vec::new();
    let mut observed: Vec<Observation> = Vec::new();
    let mut tied = false;
    let mut previous_recorded: Option<Vec<u8>> = None;
    while let Some(row) = rows.next()? {
        // Compared as bytes, and checked as text only when another milestone's rows start:
        // 300k rows at 100k milestones.
        let id = row.get_ref(0)?.as_bytes().map_err(rusqlite::Error::from)?;
        if id != milestone.as_bytes() {
            if finish_group(&mut each, &milestone, &mut group, &mut observed, tied).is_break() {
                return Ok(());
            }
            milestone.clear();
            milestone.push_str(utf8(id)?);
            tied = false;
        }
        let observation = observation(row)?;
        // Read as text only where a tie needs it.
        let recorded = row
            .get_ref(4)?
            .as_bytes_or_null()
            .map_err(rusqlite::Error::from)?;
        let same_day = group
            .last()
            .is_some_and(|last| last.observation.as_of == observation.as_of);
        if same_day {
            tied = true;
            let last = group.last_mut().expect("a previous row");
            if last.same_day.0.is_none() {
                let previous = previous_recorded.as_deref().map(utf8).transpose()?;
                last.same_day = same_day_key(previous, last.same_day.1);
            }
        }
        let recorded_tied = match recorded {
            Some(bytes) if same_day => Some(utf8(bytes)?),
            _ => None,
        };
        group.push(Keyed {
            observation,
            same_day: same_day_key(recorded_tied, row.get(5)?),
        });
        // Kept for the next row, reusing the buffer: most rows need no copy of their own.
        match (&mut previous_recorded, recorded) {
            (Some(buffer), Some(bytes)) => {
                buffer.clear();
                buffer.extend_from_slice(bytes);
            }
            (slot, bytes) => *slot = bytes.map(<[u8]>::to_vec),
        }
    }
    let _ = finish_group(&mut each, &milestone, &mut group, &mut observed, tied);
    Ok(())
}

fn utf8(bytes: &[u8]) -> rusqlite::Result<&str> {
    std::str::from_utf8(bytes).map_err(rusqlite::Error::Utf8Error)
}

fn observation(row: &Row<'_>) -> rusqlite::Result<Observation> {
    let due = row.get_ref(3)?.as_str_or_null()?;
    Ok(Observation {
        as_of: parse_column(row.get_ref(1)?.as_str()?, date::parse_full_date)?,
        status: parse_column(row.get_ref(2)?.as_str()?, |s| {
            Status::parse(s).ok_or(BadValue)
        })?,
        due: due.map(|s| parse_column(s, str::parse)).transpose()?,
    })
}

fn finish_group(
    each: &mut impl FnMut(&str, &[Observation]) -> ControlFlow<()>,
    milestone: &str,
    group: &mut Vec<Keyed>,
    observed: &mut Vec<Observation>,
    tied: bool,
) -> ControlFlow<()> {
    if group.is_empty() {
        return ControlFlow::Continue(());
    }
    if tied {
        group.sort_by(|a, b| {
            (a.observation.as_of, &a.same_day).cmp(&(b.observation.as_of, &b.same_day))
        });
    }
    observed.clear();
    observed.extend(group.drain(..).map(|k| k.observation));
    each(milestone, observed)
}

/// The `seq` of the last update entered (0 when there is none): what identifies, within
/// a read transaction, which updates it sees.
pub fn last_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT ifnull(max(seq), 0) FROM updates", [], |r| r.get(0))?)
}

/// The latest updates with `as_of` on or before `until`, newest first, among those
/// `keep` accepts (asked with each one's milestone id), at most `limit` of them.
pub fn latest_until(
    conn: &Connection,
    until: NaiveDate,
    limit: usize,
    mut keep: impl FnMut(&str) -> Result<bool>,
) -> Result<Vec<Update>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM updates u WHERE u.as_of <= ?1 ORDER BY u.as_of DESC, u.seq DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([until.to_string()])?;
    let mut found: Vec<(Update, i64)> = Vec::new();
    let mut last_day = None;
    while let Some(row) = rows.next()? {
        let (update, seq) = from_row(row)?;
        // Finish the day in hand, so same-day updates are ordered by recorded_at below.
        if found.len() >= limit && last_day != Some(update.as_of) {
            break;
        }
        last_day = Some(update.as_of);
        if keep(&update.milestone_id)? {
            found.push((update, seq));
        }
    }
    found.sort_by(|a, b| chronological(b, a));
    found.truncate(limit);
    Ok(found.into_iter().map(|(u, _)| u).collect())
}

/// The insert of one update, binding [`values`] to [`WRITTEN`].
static INSERT: LazyLock<String> =
    LazyLock::new(|| batched::insert_rows("INSERT", "updates", &WRITTEN, 1));

/// The same, doing nothing when an update with the id is already recorded.
static INSERT_IF_NEW: LazyLock<String> =
    LazyLock::new(|| format!("{} ON CONFLICT (id) DO NOTHING", *INSERT));

pub fn insert_update(conn: &Connection, u: &Update) -> Result<()> {
    insert(conn, u, &INSERT)?;
    Ok(())
}

/// Inserts `u` unless an update with its id is already recorded; false when it was. An
/// import asks this instead of looking every id up first: almost all of its updates are new.
pub fn insert_update_if_new(conn: &Connection, u: &Update) -> Result<bool> {
    Ok(insert(conn, u, &INSERT_IF_NEW)? == 1)
}

fn insert(conn: &Connection, u: &Update, sql: &str) -> Result<usize> {
    Ok(conn
        .prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(values(u)))?)
}

/// How many updates hang below an instrument, commitment or milestone.
pub fn count_updates_under(
    conn: &Connection,
    kind: crate::model::EntityKind,
    id: &str,
) -> Result<i64> {
    use crate::model::EntityKind;
    let sql = match kind {
        EntityKind::Milestone => "SELECT count(*) FROM updates WHERE milestone_id = ?1",
        EntityKind::Commitment => {
            "SELECT count(*) FROM updates u JOIN milestones m ON m.id = u.milestone_id WHERE m.commitment_id = ?1"
        }
        EntityKind::Instrument => {
            "SELECT count(*) FROM updates u JOIN milestones m ON m.id = u.milestone_id
             JOIN commitments c ON c.id = m.commitment_id WHERE c.instrument_id = ?1"
        }
    };
    Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
}

/// The columns a new update is written to, as [`values`] gives them.
pub const WRITTEN: [&str; 10] = [
    "id",
    "milestone_id",
    "as_of",
    "status",
    "note",
    "evidence",
    "due",
    "contested",
    "author",
    "recorded_at",
];

/// `u`'s values for [`WRITTEN`], for the insert of one update and of many (`batched`).
pub fn values(u: &Update) -> [Value; 10] {
    let text = |s: &str| Value::Text(s.to_string());
    let optional = |s: Option<&String>| s.map_or(Value::Null, |s| text(s));
    [
        text(&u.id),
        text(&u.milestone_id),
        Value::Text(u.as_of.to_string()),
        text(u.status.as_str()),
        text(&u.note),
        Value::Text(to_json(&u.evidence)),
        u.due.map_or(Value::Null, |d| Value::Text(d.to_string())),
        u.contested
            .map_or(Value::Null, |c| Value::Integer(c.into())),
        optional(u.author.as_ref()),
        optional(u.recorded_at.as_ref()),
    ]
}
