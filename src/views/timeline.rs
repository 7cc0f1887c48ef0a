//! The timeline's data: the milestones that pass a filter, with what the filter bar
//! offers. The timeline is sent only what its chart draws (the earliest 2,000 dated
//! milestones and the first 200 undated ones) with the counts of the rest.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::Connection;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use ts_rs::TS;

use super::filter::{options_among, FilterOptions, Matcher, MilestoneFilter};
use super::milestone_view::{MilestoneView, Places};
use crate::error::Result;
use crate::model::{Binding, Commitment, Instrument, InstrumentKind};
use crate::snapshot::Snapshot;
use crate::store::Store;

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
        dated,
        undated,
        instruments: matching,
    } = select(conn, snapshot, filter)?;
    let (dated_count, undated_count) = (dated.len(), undated.len());
    // Each start worked out once, not at every comparison.
    let mut starts: Vec<(Option<NaiveDate>, usize)> = dated
        .iter()
        .map(|&n| (snapshot.milestones[n].1.current_due.map(|d| d.start()), n))
        .collect();
    keep_least(&mut starts, DRAWN_AT_MOST);
    let mut sent: Vec<usize> = starts.into_iter().map(|(_, n)| n).collect();
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
    Ok(assemble(
        &snapshot.instruments,
        &snapshot.commitments,
        options_among(&snapshot.instruments, &snapshot.commitments, filter),
        Drawn {
            as_of: snapshot.as_of,
            total,
            dated: dated_count,
            undated: undated_count,
            matching_instruments: snapshot
                .instruments
                .iter()
                .filter(|i| matching.contains(&i.id))
                .map(|i| i.id.clone())
                .collect(),
            milestones,
        },
    ))
}

/// The timeline for `filter` as the app asks for it: from the store's kept snapshot when
/// it has one that nothing has written since; else, unfiltered, read straight from the
/// database (see [`super::timeline_direct`]), leaving the snapshot to the next view that
/// needs every state; else from a snapshot loaded and kept.
pub fn timeline_in(
    store: &mut Store,
    as_of: NaiveDate,
    filter: &MilestoneFilter,
) -> Result<Timeline> {
    if let Some(kept) = store.kept_snapshot(as_of)? {
        return timeline(store.conn(), &kept, filter);
    }
    if *filter == MilestoneFilter::default() {
        return super::timeline_direct(store, as_of);
    }
    let snapshot = store.snapshot(as_of)?;
    timeline(store.conn(), &snapshot, filter)
}

/// Keeps the `n` least of `keys`, in no particular order. The chart draws the dated
/// milestones least by their current due's start and then their place in the hierarchy
/// (the earliest deadlines, ties in the hierarchy's order: a choice the chart's notice can
/// describe), and lists the undated ones first in the hierarchy.
pub(super) fn keep_least<K: Ord>(keys: &mut Vec<K>, n: usize) {
    if keys.len() > n {
        keys.select_nth_unstable(n - 1);
        keys.truncate(n);
    }
}

/// What a timeline draws and counts, however it was worked out.
pub(super) struct Drawn {
    pub as_of: NaiveDate,
    pub total: usize,
    pub dated: usize,
    pub undated: usize,
    /// In the instruments' order.
    pub matching_instruments: Vec<String>,
    /// In the hierarchy's order.
    pub milestones: Vec<MilestoneView>,
}

/// The timeline of what is drawn among these live instruments and commitments, with the
/// filter bar's choices.
pub(super) fn assemble(
    instruments: &[Instrument],
    commitments: &[Commitment],
    options: FilterOptions,
    drawn: Drawn,
) -> Timeline {
    Timeline {
        as_of: drawn.as_of,
        options,
        total: drawn.total,
        dated: drawn.dated,
        undated: drawn.undated,
        matching_instruments: drawn.matching_instruments,
        instruments: lanes_of(instruments, commitments, &drawn.milestones),
        milestones: drawn.milestones,
    }
}

/// The instruments and commitments the milestones sit in, in the hierarchy's order.
fn lanes_of(
    instruments: &[Instrument],
    commitments: &[Commitment],
    milestones: &[MilestoneView],
) -> Vec<InstrumentLane> {
    let used: FxHashSet<&str> = milestones
        .iter()
        .map(|m| m.commitment_id.as_str())
        .collect();
    let mut by_instrument: FxHashMap<&str, Vec<CommitmentLane>> = FxHashMap::default();
    for c in commitments.iter().filter(|c| used.contains(c.id.as_str())) {
        by_instrument
            .entry(c.instrument_id.as_str())
            .or_default()
            .push(CommitmentLane {
                id: c.id.clone(),
                title: c.title.clone(),
            });
    }
    instruments
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
