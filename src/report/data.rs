//! The report's content as plain data: what the template is given, as JSON.
//!
//! Everything shown comes from [`Snapshot::load`] as of the report's date, so updates after
//! that date appear nowhere and a report as of an earlier day shows that day's state. No
//! date here comes from the clock: "generated" is the as-of date, so the same data and
//! options always give the same document. Layout (wording of labels, colours, order on the
//! page) is the template's business, not this module's.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::changes::{self, Changes};
use super::sections::{self, InstrumentSection};
use super::sources::{Citations, SourceEntry};
use super::timeline::{self, Timeline};
use super::{ReportOptions, FULL_DETAIL_LIMIT};
use crate::date::PartialDate;
use crate::derive::{Counts, MilestoneState};
use crate::error::Result;
use crate::model::{Commitment, Instrument, Milestone, MilestoneStatus, Timeliness, Update};
use crate::snapshot::Snapshot;

/// The report's title, on the cover and in the PDF's metadata.
const TITLE: &str = "AI commitments: what was promised, and what was delivered";

#[derive(Debug, Serialize)]
pub(super) struct Report {
    title: String,
    as_of: DateText,
    /// The as-of date (see the module's header).
    generated: DateText,
    since: Option<DateText>,
    scope: Scope,
    detail: DetailNote,
    totals: Totals,
    summary: Summary,
    changes: Option<Changes>,
    timeline: Timeline,
    instruments: Vec<InstrumentSection>,
    sources: Vec<SourceEntry>,
}

/// A date both ways: ISO for tables, in words for prose.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DateText {
    iso: String,
    long: String,
}

impl DateText {
    pub fn new(date: NaiveDate) -> Self {
        DateText {
            iso: date.to_string(),
            long: date.format("%-d %B %Y").to_string(),
        }
    }
}

/// Whether this report summarises, and the limits it was held to, for the cover to say.
#[derive(Debug, Serialize)]
struct DetailNote {
    summarised: bool,
    /// Milestones in scope above which an automatic report summarises.
    full_limit: usize,
    /// Rows shown of each list of milestones when summarising.
    list_limit: usize,
    /// Updates shown in "what changed" when summarising.
    changes_limit: usize,
}

/// Rows of a summarised report's lists of milestones (overdue, due soon, slipped, became
/// overdue): the first ones, in the list's order of importance.
pub(super) const LIST_LIMIT: usize = 50;

/// Updates a summarised report tells in "what changed since": the most recent ones.
pub(super) const CHANGES_LIMIT: usize = 100;

/// A list as the report shows it: how many there are, and the rows shown (all of them,
/// unless the report summarises).
#[derive(Debug, Serialize)]
pub(super) struct Shown<T> {
    pub total: usize,
    pub rows: Vec<T>,
}

impl<T> Shown<T> {
    /// Keeps the first `limit` rows, when there is a limit.
    pub fn first(mut rows: Vec<T>, limit: Option<usize>) -> Self {
        let total = rows.len();
        if let Some(limit) = limit {
            rows.truncate(limit);
        }
        Shown { total, rows }
    }
}

#[derive(Debug, Serialize)]
struct Scope {
    /// True when no instrument was chosen: the report covers them all.
    all: bool,
    /// How many live instruments the database holds.
    available: usize,
    instruments: Vec<InstrumentRef>,
}

#[derive(Debug, Serialize)]
struct InstrumentRef {
    id: String,
    title: String,
}

#[derive(Debug, Serialize)]
struct Totals {
    instruments: usize,
    commitments: usize,
    milestones: usize,
    /// Updates with `as_of` on or before the report's date.
    updates: usize,
    sources: usize,
}

#[derive(Debug, Serialize)]
struct Summary {
    overall: Counts,
    instruments: Vec<InstrumentCounts>,
    overdue: Shown<MilestoneLine>,
    due_soon: Shown<MilestoneLine>,
    slipped: Shown<MilestoneLine>,
}

#[derive(Debug, Serialize)]
struct InstrumentCounts {
    id: String,
    title: String,
    counts: Counts,
}

/// One milestone with its derived state and where it belongs, as tables show it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct MilestoneLine {
    pub id: String,
    pub title: String,
    pub commitment: String,
    pub instrument: String,
    pub status: MilestoneStatus,
    pub due: Option<PartialDate>,
    pub current_due: Option<PartialDate>,
    pub slip_days: Option<i64>,
    pub timeliness: Timeliness,
    pub stale: bool,
    pub last_as_of: Option<NaiveDate>,
    /// Days past the current due (when overdue) or left before it (when due soon).
    pub days: Option<i64>,
}

/// The part of a snapshot the report covers: the chosen instruments (all when none was
/// chosen), their commitments and milestones, in the order of the database.
pub(super) struct InScope<'a> {
    pub snapshot: &'a Snapshot,
    histories: &'a HashMap<String, Vec<Update>>,
    pub instruments: Vec<&'a Instrument>,
    pub commitments: Vec<&'a Commitment>,
    pub milestones: Vec<(&'a Milestone, &'a MilestoneState)>,
    commitment_by_id: HashMap<&'a str, &'a Commitment>,
    instrument_by_id: HashMap<&'a str, &'a Instrument>,
    commitments_by_instrument: FxHashMap<&'a str, Vec<&'a Commitment>>,
    milestones_by_commitment: HashMap<&'a str, Vec<(&'a Milestone, &'a MilestoneState)>>,
}

impl<'a> InScope<'a> {
    pub fn new(
        snapshot: &'a Snapshot,
        histories: &'a HashMap<String, Vec<Update>>,
        chosen: &[String],
    ) -> Self {
        let instruments: Vec<&Instrument> = snapshot
            .instruments
            .iter()
            .filter(|i| chosen.is_empty() || chosen.contains(&i.id))
            .collect();
        let instrument_by_id: HashMap<&str, &Instrument> =
            instruments.iter().map(|i| (i.id.as_str(), *i)).collect();
        let commitments: Vec<&Commitment> = snapshot
            .commitments
            .iter()
            .filter(|c| instrument_by_id.contains_key(c.instrument_id.as_str()))
            .collect();
        let commitment_by_id: HashMap<&str, &Commitment> =
            commitments.iter().map(|c| (c.id.as_str(), *c)).collect();
        let milestones: Vec<(&Milestone, &MilestoneState)> = snapshot
            .milestones
            .iter()
            .filter(|(m, _)| commitment_by_id.contains_key(m.commitment_id.as_str()))
            .map(|(m, s)| (m, s))
            .collect();
        let mut milestones_by_commitment: HashMap<&str, Vec<(&Milestone, &MilestoneState)>> =
            HashMap::new();
        for (m, state) in &milestones {
            milestones_by_commitment
                .entry(m.commitment_id.as_str())
                .or_default()
                .push((m, state));
        }
        InScope {
            snapshot,
            histories,
            instruments,
            commitments,
            milestones,
            commitment_by_id,
            instrument_by_id,
            // Looked up only for instruments in scope, whose commitments are all in scope.
            commitments_by_instrument: snapshot.commitments_by_instrument(),
            milestones_by_commitment,
        }
    }

    pub fn commitments_of(
        &self,
        instrument_id: &'a str,
    ) -> impl Iterator<Item = &'a Commitment> + '_ {
        self.commitments_by_instrument
            .get(instrument_id)
            .into_iter()
            .flatten()
            .copied()
    }

    pub fn milestones_of(
        &self,
        commitment_id: &'a str,
    ) -> impl Iterator<Item = (&'a Milestone, &'a MilestoneState)> + '_ {
        self.milestones_by_commitment
            .get(commitment_id)
            .into_iter()
            .flatten()
            .copied()
    }

    /// The milestone's updates that count as of the report's date, in the order they
    /// happened.
    pub fn history(&self, milestone_id: &str) -> &'a [Update] {
        self.histories
            .get(milestone_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn commitment(&self, milestone: &Milestone) -> &'a Commitment {
        self.commitment_by_id[milestone.commitment_id.as_str()]
    }

    pub fn instrument(&self, commitment: &Commitment) -> &'a Instrument {
        self.instrument_by_id[commitment.instrument_id.as_str()]
    }

    pub fn line(&self, milestone: &Milestone, state: &MilestoneState) -> MilestoneLine {
        let commitment = self.commitment(milestone);
        let as_of = self.snapshot.as_of;
        let days = state.current_due.and_then(|due| match state.timeliness {
            Timeliness::Overdue => Some((as_of - due.end()).num_days()),
            Timeliness::DueSoon => Some((due.end() - as_of).num_days()),
            _ => None,
        });
        MilestoneLine {
            id: milestone.id.clone(),
            title: milestone.title.clone(),
            commitment: commitment.title.clone(),
            instrument: self.instrument(commitment).title.clone(),
            status: state.status,
            due: milestone.due,
            current_due: state.current_due,
            slip_days: state.slip_days,
            timeliness: state.timeliness,
            stale: state.stale,
            last_as_of: state.last_as_of,
            days,
        }
    }
}

/// Gathers everything the report shows. `options` has been checked by the caller.
pub(super) fn build(conn: &Connection, options: &ReportOptions) -> Result<Report> {
    let snapshot = Snapshot::load(conn, options.as_of)?;
    let histories = snapshot.histories(conn)?;
    let scope = InScope::new(&snapshot, &histories, &options.instruments);
    let summarised = options.detail.summarises(scope.milestones.len());
    let mut citations = Citations::default();
    let instruments = sections::instrument_sections(&scope, summarised, &mut citations);
    let changes = match options.since {
        Some(since) => {
            let before = Snapshot::load(conn, since)?;
            let limits = summarised.then_some((CHANGES_LIMIT, LIST_LIMIT));
            Some(changes::changes_since(
                &scope,
                &before,
                limits,
                &mut citations,
            ))
        }
        None => None,
    };
    let updates = scope
        .milestones
        .iter()
        .map(|(m, _)| scope.history(&m.id).len())
        .sum();
    Ok(Report {
        title: TITLE.to_string(),
        as_of: DateText::new(options.as_of),
        generated: DateText::new(options.as_of),
        since: options.since.map(DateText::new),
        scope: Scope {
            all: options.instruments.is_empty(),
            available: snapshot.instruments.len(),
            instruments: scope
                .instruments
                .iter()
                .map(|i| InstrumentRef {
                    id: i.id.clone(),
                    title: i.title.clone(),
                })
                .collect(),
        },
        detail: DetailNote {
            summarised,
            full_limit: FULL_DETAIL_LIMIT,
            list_limit: LIST_LIMIT,
            changes_limit: CHANGES_LIMIT,
        },
        totals: Totals {
            instruments: scope.instruments.len(),
            commitments: scope.commitments.len(),
            milestones: scope.milestones.len(),
            updates,
            sources: citations.len(),
        },
        summary: summary(&scope, &instruments, summarised.then_some(LIST_LIMIT)),
        changes,
        timeline: timeline::timeline(&scope),
        instruments,
        sources: citations.into_entries(),
    })
}

fn summary(scope: &InScope<'_>, sections: &[InstrumentSection], limit: Option<usize>) -> Summary {
    let mut overall = Counts::default();
    for section in sections {
        overall.merge(&section.counts);
    }
    let lines: Vec<MilestoneLine> = scope
        .milestones
        .iter()
        .map(|(m, s)| scope.line(m, s))
        .collect();
    let end_of = |line: &MilestoneLine| line.current_due.map(|d| d.end());
    let mut overdue: Vec<MilestoneLine> = lines
        .iter()
        .filter(|l| l.timeliness == Timeliness::Overdue)
        .cloned()
        .collect();
    overdue.sort_by_key(end_of);
    let mut due_soon: Vec<MilestoneLine> = lines
        .iter()
        .filter(|l| l.timeliness == Timeliness::DueSoon)
        .cloned()
        .collect();
    due_soon.sort_by_key(end_of);
    let mut slipped: Vec<MilestoneLine> = lines
        .into_iter()
        .filter(|l| l.slip_days.is_some_and(|d| d > 0))
        .collect();
    slipped.sort_by_key(|l| std::cmp::Reverse(l.slip_days));
    Summary {
        overall,
        instruments: sections
            .iter()
            .map(|s| InstrumentCounts {
                id: s.id.clone(),
                title: s.title.clone(),
                counts: s.counts.clone(),
            })
            .collect(),
        overdue: Shown::first(overdue, limit),
        due_soon: Shown::first(due_soon, limit),
        slipped: Shown::first(slipped, limit),
    }
}
