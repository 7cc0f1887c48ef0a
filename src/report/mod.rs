//! PDF reports: the state of the commitments as of a date, for reading and sharing.
//!
//! A report has a cover, a summary (the scoreboard; overdue, due-soon and slipped
//! milestones), optionally what changed since an earlier date, a timeline chart, the detail
//! of every instrument and commitment with its update history, and the list of sources.
//!
//! Only updates dated on or before the as-of date appear, and no date in the file comes
//! from the clock: the date shown as "generated" and the PDF's date metadata are the as-of
//! date. So the same data and the same options always give the same bytes, and a report as
//! of an earlier day can be produced again at any time.
//!
//! `data` shapes the content as JSON; the layout is the Typst template in `templates/`,
//! which reads that JSON as values, so a note containing Typst markup prints as written;
//! `engine` typesets it. Writing the file is the caller's business.

mod changes;
mod data;
mod engine;
mod sections;
mod sources;
mod timeline;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store::instruments;

/// What a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The state shown is the state on this day.
    pub as_of: NaiveDate,
    /// When given, the report says what changed after this day, up to `as_of`.
    pub since: Option<NaiveDate>,
    /// The instruments covered, by id; all of them when empty.
    pub instruments: Vec<String>,
}

/// Typesets the report described by `options` from the database behind `conn`, and returns
/// the PDF's bytes. Run it inside a read transaction so every query sees the same data.
pub fn render_pdf(conn: &Connection, options: &ReportOptions) -> Result<Vec<u8>> {
    check(conn, options)?;
    let report = data::build(conn, options)?;
    let json = serde_json::to_vec(&report).expect("plain data serialises");
    engine::typeset(json, options.as_of)
}

/// Refuses options that name what does not exist, before any work is done.
fn check(conn: &Connection, options: &ReportOptions) -> Result<()> {
    if let Some(since) = options.since {
        if since >= options.as_of {
            return Err(Error::invalid(
                "since",
                format!(
                    "must be before the as-of date {}, got {since}",
                    options.as_of
                ),
            ));
        }
    }
    for id in &options.instruments {
        match instruments::get_instrument(conn, id)? {
            None => {
                return Err(Error::invalid(
                    "instrument",
                    format!("there is no instrument with id {id:?}"),
                ))
            }
            Some(i) if i.archived => {
                return Err(Error::invalid(
                    "instrument",
                    format!("instrument {id:?} is archived; restore it to report on it"),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}
