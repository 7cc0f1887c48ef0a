//! "What changed since": the updates dated after the `since` date and on or before the
//! report's date, the deadlines they re-scheduled, and the milestones that were not overdue
//! on the `since` date but are on the report's date. A summarised report counts them all
//! but tells only the most recent updates, so only their sources are cited.

use std::collections::HashMap;

use serde::Serialize;

use super::data::{DateText, InScope, MilestoneLine, Shown};
use super::sections::{Change, HistoryEntry};
use super::sources::Citations;
use crate::model::Timeliness;
use crate::snapshot::Snapshot;

#[derive(Debug, Serialize)]
pub(super) struct Changes {
    since: DateText,
    /// The updates in the window, in date order, each with the status before it: all of
    /// them, or the most recent when the report summarises.
    updates: Shown<ChangeEntry>,
    /// How many of those updates changed a milestone's status.
    status_changes: usize,
    /// How many milestones those updates were about.
    milestones_updated: usize,
    rescheduled: Shown<ChangeEntry>,
    became_overdue: Shown<MilestoneLine>,
}

/// An update with where it belongs.
#[derive(Debug, Clone, Serialize)]
struct ChangeEntry {
    instrument: String,
    commitment: String,
    #[serde(flatten)]
    entry: HistoryEntry,
}

/// `before` is the snapshot as of the `since` date (all instruments; only the milestones
/// in `scope` are read from it). `limits`, when the report summarises: how many updates
/// (the most recent) and how many milestones that became overdue to show.
pub(super) fn changes_since(
    scope: &InScope<'_>,
    before: &Snapshot,
    limits: Option<(usize, usize)>,
    citations: &mut Citations,
) -> Changes {
    let since = before.as_of;
    // Every update in the window, as (milestone, its history, index): all are counted,
    // only those shown are described (and their sources cited).
    let mut told = Vec::new();
    let mut milestones_updated = 0;
    for (milestone, _) in &scope.milestones {
        let history = scope.history(&milestone.id);
        let mut touched = false;
        for (i, update) in history.iter().enumerate() {
            if update.as_of <= since {
                continue;
            }
            touched = true;
            told.push((update.as_of, *milestone, history, i));
        }
        milestones_updated += usize::from(touched);
    }
    // Stable: updates of the same day keep the order of the milestones in the report.
    told.sort_by_key(|(as_of, ..)| *as_of);
    let changes: Vec<Change> = told
        .iter()
        .map(|(_, m, history, i)| Change::of(m, history, *i))
        .collect();
    let status_changes = told
        .iter()
        .zip(&changes)
        .filter(|((_, _, history, i), change)| change.changed_status(history[*i].status))
        .count();
    let rescheduled_at: Vec<usize> = (0..changes.len())
        .filter(|&k| changes[k].moved.is_some())
        .collect();

    // The most recent updates, and the most recent re-schedulings, in date order.
    let keep = |count: usize| limits.map_or(0, |(most, _)| count.saturating_sub(most));
    let updates_from = keep(told.len());
    let rescheduled_from = keep(rescheduled_at.len());
    let mut entries: HashMap<usize, ChangeEntry> = HashMap::new();
    let mut entry = |k: usize| -> ChangeEntry {
        entries
            .entry(k)
            .or_insert_with(|| {
                let (_, milestone, history, i) = told[k];
                let commitment = scope.commitment(milestone);
                ChangeEntry {
                    instrument: scope.instrument(commitment).title.clone(),
                    commitment: commitment.title.clone(),
                    entry: HistoryEntry::new(milestone, history, i, citations),
                }
            })
            .clone()
    };
    let updates = Shown {
        total: told.len(),
        rows: (updates_from..told.len()).map(&mut entry).collect(),
    };
    let rescheduled = Shown {
        total: rescheduled_at.len(),
        rows: rescheduled_at[rescheduled_from..]
            .iter()
            .map(|&k| entry(k))
            .collect(),
    };

    let overdue_before: HashMap<&str, bool> = before
        .milestones
        .iter()
        .map(|(m, s)| (m.id.as_str(), s.timeliness == Timeliness::Overdue))
        .collect();
    let mut became_overdue: Vec<MilestoneLine> = scope
        .milestones
        .iter()
        .filter(|(m, s)| {
            s.timeliness == Timeliness::Overdue
                && !overdue_before.get(m.id.as_str()).copied().unwrap_or(false)
        })
        .map(|(m, s)| scope.line(m, s))
        .collect();
    became_overdue.sort_by_key(|l| l.current_due.map(|d| d.end()));

    Changes {
        since: DateText::new(since),
        updates,
        status_changes,
        milestones_updated,
        rescheduled,
        became_overdue: Shown::first(became_overdue, limits.map(|(_, list)| list)),
    }
}
