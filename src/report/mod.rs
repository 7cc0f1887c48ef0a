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
//! Large scopes are summarised (see [`Detail`]). `data` shapes the content as JSON; the
//! layout is the Typst template in `templates/`, which reads that JSON as values, so a
//! note containing Typst markup prints as written;
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
    /// How much of each milestone the report shows.
    pub detail: Detail,
}

/// Whether the report details every milestone or summarises.
///
/// A full report gives every milestone a table row and every update an entry: about half
/// a page per milestone, which is right for a few hundred and unreadable (and minutes of
/// typesetting) for ten thousand. A summary keeps the cover, the scoreboard, the timeline
/// and the counts of everything, but shows each instrument's commitments as one table row
/// each, no update histories, and the longest lists cut to their first rows, saying how
/// many are not shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Detail {
    /// Full up to [`FULL_DETAIL_LIMIT`] milestones in scope, a summary above.
    #[default]
    Auto,
    Full,
    Summary,
}

/// Above this many milestones in scope, an automatic report summarises.
pub const FULL_DETAIL_LIMIT: usize = 2_000;

impl Detail {
    /// Whether a report of `milestones` milestones summarises.
    pub fn summarises(self, milestones: usize) -> bool {
        match self {
            Detail::Auto => milestones > FULL_DETAIL_LIMIT,
            Detail::Full => false,
            Detail::Summary => true,
        }
    }

    /// Reads the word the CLI's `--detail` and the app's report dialog use for it.
    pub fn parse(text: &str) -> Option<Detail> {
        <Detail as clap::ValueEnum>::from_str(text, false).ok()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_detail_summarises_only_above_the_limit() {
        assert!(!Detail::Auto.summarises(FULL_DETAIL_LIMIT));
        assert!(Detail::Auto.summarises(FULL_DETAIL_LIMIT + 1));
        assert!(!Detail::Full.summarises(100_000));
        assert!(Detail::Summary.summarises(1));
        for word in ["auto", "full", "summary"] {
            assert!(Detail::parse(word).is_some(), "{word}");
        }
        assert_eq!(Detail::parse("Full"), None);
    }
}
