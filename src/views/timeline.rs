//! The timeline's data: the milestones that pass a filter, with what the filter bar
//! offers. The timeline is sent only what its chart draws (the earliest 2,000 dated
//! milestones and the first 200 undated ones) with the counts of the rest.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::filter::{filter_options, FilterOptions, Matcher, MilestoneFilter};
use super::milestone_view::{MilestoneView, Places};
use crate::error::Result;
use crate::model::{Binding, InstrumentKind};
use crate::snapshot::Snapshot;

/// The chart draws at most this many dated milestones: the earliest by their current due.
pub const DRAWN_AT_MOST: usize = 2000;

/// Milestones without a date listed beside the chart, at most.
pub const UNDATED_LISTED: usize = 200;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Timeline {
    pub as_of: NaiveDate,
    pub options: FilterOptions,
    /// Every live milestone.
    pub total: usize,
    /// Those that pass the filter: how many have a date and how many not.
    pub dated: usize,
    pub undated: usize,
    /// Every instrument with a matching milestone, to report on what the filter shows.
    pub matching_instruments: Vec<String>,
    /// The lanes of the milestones sent, in the hierarchy's order.
    pub instruments: Vec<InstrumentLane>,
    /// The dated milestones drawn and the undated ones listed, in the hierarchy's order.
    pub milestones: Vec<MilestoneView>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct InstrumentLane {
    pub id: String,
    pub title: String,
    pub kind: InstrumentKind,
    pub binding: Binding,
    pub commitments: Vec<CommitmentLane>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CommitmentLane {
    pub id: String,
    pub title: String,
}

/// The snapshot's milestones that pass the filter, by their place in `snapshot.milestones`.
pub(super) struct Selection {
    pub total: usize,
    pub dated: Vec<usize>,
    pub undated: Vec<usize>,
    pub instruments: HashSet<String>,
}

pub(super) fn select(
    conn: &Connection,
    snapshot: &Snapshot,
    filter: &MilestoneFilter,
) -> Result<Selection> {
    let places = Places::of(snapshot);
    let matcher = Matcher::new(conn, snapshot, filter)?;
    let mut selection = Selection {
        total: 0,
        dated: Vec::new(),
        undated: Vec::new(),
        instruments: HashSet::new(),
    };
    // Milestones come grouped by instrument, so the set is asked only when the
    // instrument changes.
    let mut last_instrument: Option<&str> = None;
    for (n, (m, state), place) in places.each(&snapshot.milestones) {
        let Some((_, instrument)) = place else {
            continue;
        };
        selection.total += 1;
        if !matcher.matches(m, state, &instrument.id) {
            continue;
        }
        if last_instrument != Some(instrument.id.as_str()) {
            last_instrument = Some(instrument.id.as_str());
            selection.instruments.insert(instrument.id.clone());
        }
        match state.current_due {
            Some(_) => selection.dated.push(n),
            None => selection.undated.push(n),
        }
    }
    Ok(selection)
}

/// The timeline for `filter` from a snapshot already loaded.
pub fn timeline(
    conn: &Connection,
    snapshot: &Snapshot,
    filter: &MilestoneFilter,
) -> Result<Timeline> {
    let Selection {
        total,
        mut dated,
        undated,
        instruments: matching_instruments,
    } = select(conn, snapshot, filter)?;
    let (dated_count, undated_count) = (dated.len(), undated.len());
    if dated.len() > DRAWN_AT_MOST {
        // The earliest deadlines, ties in the hierarchy's order: a choice the chart's
        // notice can describe.
        // Each start worked out once, not at every comparison.
        let mut starts: Vec<(Option<NaiveDate>, usize)> = dated
            .iter()
            .map(|&n| (snapshot.milestones[n].1.current_due.map(|d| d.start()), n))
            .collect();
        starts.select_nth_unstable(DRAWN_AT_MOST - 1);
        dated = starts[..DRAWN_AT_MOST].iter().map(|&(_, n)| n).collect();
        dated.sort_unstable();
    }
    let mut sent = dated;
    sent.extend(undated.into_iter().take(UNDATED_LISTED));
    sent.sort_unstable();

    let places = Places::of(snapshot);
    let milestones: Vec<MilestoneView> = sent
        .iter()
        .filter_map(|&n| {
            let (m, state) = &snapshot.milestones[n];
            places.view(m, state)
        })
        .collect();
    let matching_instruments: Vec<String> = snapshot
        .instruments
        .iter()
        .filter(|i| matching_instruments.contains(&i.id))
        .map(|i| i.id.clone())
        .collect();
    Ok(Timeline {
        as_of: snapshot.as_of,
        options: filter_options(snapshot, filter),
        total,
        dated: dated_count,
        undated: undated_count,
        matching_instruments,
        instruments: lanes_of(snapshot, &milestones),
        milestones,
    })
}

/// The instruments and commitments the milestones sit in, in the hierarchy's order.
fn lanes_of(snapshot: &Snapshot, milestones: &[MilestoneView]) -> Vec<InstrumentLane> {
    let used: HashSet<&str> = milestones
        .iter()
        .map(|m| m.commitment_id.as_str())
        .collect();
    let mut by_instrument: HashMap<&str, Vec<CommitmentLane>> = HashMap::new();
    for c in snapshot
        .commitments
        .iter()
        .filter(|c| used.contains(c.id.as_str()))
    {
        by_instrument
            .entry(c.instrument_id.as_str())
            .or_default()
            .push(CommitmentLane {
                id: c.id.clone(),
                title: c.title.clone(),
            });
    }
    snapshot
        .instruments
        .iter()
        .filter_map(|i| {
            let commitments = by_instrument.remove(i.id.as_str())?;
            Some(InstrumentLane {
                id: i.id.clone(),
                title: i.title.clone(),
                kind: i.kind,
                binding: i.binding,
                commitments,
            })
        })
        .collect()
}
