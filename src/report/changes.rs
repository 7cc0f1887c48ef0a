//! "What changed since": the updates dated after the `since` date and on or before the
//! report's date, the deadlines they re-scheduled, and the milestones that were not overdue
//! on the `since` date but are on the report's date.

use std::collections::HashMap;

use serde::Serialize;

use super::data::{DateText, InScope, MilestoneLine};
use super::sections::HistoryEntry;
use super::sources::Citations;
use crate::model::{MilestoneStatus, Timeliness};
use crate::snapshot::Snapshot;

#[derive(Debug, Serialize)]
pub(super) struct Changes {
    since: DateText,
    /// Every update in the window, in date order, each with the status before it.
    updates: Vec<ChangeEntry>,
    /// How many of those updates changed a milestone's status.
    status_changes: usize,
    /// How many milestones those updates were about.
    milestones_updated: usize,
    rescheduled: Vec<ChangeEntry>,
    became_overdue: Vec<MilestoneLine>,
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
/// in `scope` are read from it).
pub(super) fn changes_since(
    scope: &InScope<'_>,
    before: &Snapshot,
    citations: &mut Citations,
) -> Changes {
    let since = before.as_of;
    let mut updates = Vec::new();
    let mut milestones_updated = 0;
    for (milestone, _) in &scope.milestones {
        let history = scope.history(&milestone.id);
        let commitment = scope.commitment(milestone);
        let instrument = scope.instrument(commitment);
        let mut touched = false;
        for (i, update) in history.iter().enumerate() {
            if update.as_of <= since {
                continue;
            }
            touched = true;
            updates.push(ChangeEntry {
                instrument: instrument.title.clone(),
                commitment: commitment.title.clone(),
                entry: HistoryEntry::new(milestone, history, i, citations),
            });
        }
        milestones_updated += usize::from(touched);
    }
    // Stable: updates of the same day keep the order of the milestones in the report.
    updates.sort_by_key(|c| c.entry.as_of);
    let status_changes = updates
        .iter()
        .filter(|c| c.entry.from != MilestoneStatus::from(c.entry.to))
        .count();
    let rescheduled = updates
        .iter()
        .filter(|c| c.entry.due_to.is_some())
        .cloned()
        .collect();

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
        became_overdue,
    }
}
