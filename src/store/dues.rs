//! The dues that updates have set: each milestone's due as of a date, read from the updates
//! that set one alone.
//!
//! The timeline's first call needs the current due of every milestone an update has moved
//! (20,000 of them at 100k milestones), and nothing else about those updates. Read as
//! observations (`updates::observations`), each of their rows cost six columns, a status
//! parsed and a place in a group sorted at its end. The rule that picks the due
//! (`derive::current_due`: the latest new due up to the as-of date) needs only each row's
//! day and due: the index hands a milestone's rows in the order of their days, so the
//! latest is the last one up to the date, unless others share its day. Only then are that
//! day's rows read again, with what orders them (`recorded_at`, then the order they were
//! entered, as `updates::happened` orders them). Only the due that counts is parsed. At
//! 100k milestones this read is 63 M instructions a call against 94 M as observations
//! (callgrind).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::parse_column;
use super::updates::{same_day_key, SameDay};
use crate::date::{self, PartialDate};
use crate::error::Result;

/// The latest due-setting update met so far in a milestone's rows, kept in one buffer for
/// all of them.
#[derive(Default)]
struct Latest {
    /// Its day, `None` before the milestone's first update up to the as-of date.
    day: Option<NaiveDate>,
    due: String,
    /// Whether another update of the same day set a due too.
    tied: bool,
}

/// Each milestone's due as of `as_of` among the updates entered up to `last_seq` that set
/// one, handed to `each` with the milestone's id, in the order of the ids. A milestone none
/// of whose due changes happened by `as_of` is not handed over.
pub fn dues_as_of(
    conn: &Connection,
    last_seq: i64,
    as_of: NaiveDate,
    mut each: impl FnMut(&str, PartialDate),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT milestone_id, as_of, due FROM updates INDEXED BY updates_moving_due
         WHERE seq <= ?1 AND due IS NOT NULL",
    )?;
    let mut rows = stmt.query([last_seq])?;
    let mut milestone = String::new();
    let mut latest = Latest::default();
    while let Some(row) = rows.next()? {
        let id = text(row, 0)?;
        if id != milestone {
            if let Some(due) = latest.settle(conn, last_seq, &milestone)? {
                each(&milestone, due);
            }
            milestone.clear();
            milestone.push_str(id);
        }
        let day = parse_column(text(row, 1)?, date::parse_full_date)?;
        if day > as_of {
            continue;
        }
        if latest.day == Some(day) {
            latest.tied = true;
        } else {
            latest.day = Some(day);
            latest.tied = false;
            latest.due.clear();
            latest.due.push_str(text(row, 2)?);
        }
    }
    if let Some(due) = latest.settle(conn, last_seq, &milestone)? {
        each(&milestone, due);
    }
    Ok(())
}

fn text<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> rusqlite::Result<&'r str> {
    Ok(row.get_ref(column)?.as_str()?)
}

impl Latest {
    /// The due of `milestone` that the update found stands for, `None` if none was: its
    /// own, or, when updates of its day tie, the one of the last of them to happen. Leaves
    /// the buffer empty for the next milestone.
    fn settle(
        &mut self,
        conn: &Connection,
        last_seq: i64,
        milestone: &str,
    ) -> Result<Option<PartialDate>> {
        let Some(day) = self.day.take() else {
            return Ok(None);
        };
        let due = if self.tied {
            parse_column(&last_of_day(conn, last_seq, milestone, day)?, str::parse)?
        } else {
            parse_column(&self.due, str::parse)?
        };
        Ok(Some(due))
    }
}

/// The due set by the last update to happen among a milestone's due-setting updates of
/// `day`: the latest `recorded_at` (one without coming first), then the last entered.
fn last_of_day(
    conn: &Connection,
    last_seq: i64,
    milestone: &str,
    day: NaiveDate,
) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT due, recorded_at, seq FROM updates INDEXED BY updates_moving_due
         WHERE milestone_id = ?1 AND as_of = ?2 AND seq <= ?3 AND due IS NOT NULL",
    )?;
    let mut rows = stmt.query(rusqlite::params![milestone, day.to_string(), last_seq])?;
    let mut last: Option<(SameDay, String)> = None;
    while let Some(row) = rows.next()? {
        let recorded_at = row
            .get_ref(1)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?;
        let key = same_day_key(recorded_at, row.get(2)?);
        if last.as_ref().is_none_or(|(best, _)| key > *best) {
            last = Some((key, row.get(0)?));
        }
    }
    // The rows read before found this day tied, so it has some.
    let (_, due) = last.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    Ok(due)
}
