//! The dashboard: the scoreboard as of a date and the lists that need attention.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::milestone_view::{views_of, MilestoneView};
use crate::derive::Counts;
use crate::error::Result;
use crate::model::{MilestoneStatus, Timeliness, Update};
use crate::snapshot::{InstrumentCounts, Snapshot};
use crate::store::updates;

/// How many recent updates the dashboard lists.
const RECENT: usize = 12;

/// How many milestones of each attention list the dashboard shows; the rest are one click
/// away in the milestone table, so they are not sent (at 100k milestones the full lists
/// were tens of megabytes of JSON for 24 rows on screen).
pub const ATTENTION_SHOWN: usize = 8;

/// One list of milestones needing attention: how many there are, and the first ones.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Attention {
    pub total: u32,
    pub first: Vec<MilestoneView>,
}

impl Attention {
    fn of(all: Vec<&MilestoneView>) -> Attention {
        Attention {
            total: all.len() as u32,
            first: all.into_iter().take(ATTENTION_SHOWN).cloned().collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Dashboard {
    pub as_of: NaiveDate,
    pub overall: Counts,
    pub instruments: Vec<InstrumentCounts>,
    /// Past their current due and not final, most overdue first.
    pub overdue: Attention,
    /// Due within the next 90 days, soonest first.
    pub due_soon: Attention,
    /// No update in 180 days and not final: longest silent first, never assessed last.
    pub stale: Attention,
    /// The latest updates with `as_of` on or before the date, newest first.
    pub recent: Vec<RecentUpdate>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RecentUpdate {
    pub update: Update,
    pub milestone_title: String,
    pub instrument_id: String,
    pub instrument_title: String,
}

pub fn dashboard(conn: &Connection, as_of: NaiveDate) -> Result<Dashboard> {
    let snapshot = Snapshot::load(conn, as_of)?;
    let board = snapshot.scoreboard();
    let views = views_of(&snapshot);
    let pick = |t: Timeliness| -> Vec<&MilestoneView> {
        views.iter().filter(|v| v.timeliness == t).collect()
    };
    let mut overdue = pick(Timeliness::Overdue);
    overdue.sort_by_key(|v| v.current_end);
    let mut due_soon = pick(Timeliness::DueSoon);
    due_soon.sort_by_key(|v| v.current_end);
    // Assessed milestones that went quiet come first; never-assessed ones follow.
    let mut stale: Vec<&MilestoneView> = views.iter().filter(|v| v.stale).collect();
    stale.sort_by_key(|v| (v.status == MilestoneStatus::Unassessed, v.last_as_of));

    let by_id: HashMap<&str, &MilestoneView> = views.iter().map(|v| (v.id.as_str(), v)).collect();
    let recent = updates::latest_until(conn, as_of, RECENT, |id| by_id.contains_key(id))?
        .into_iter()
        .map(|update| {
            let v = by_id[update.milestone_id.as_str()];
            RecentUpdate {
                milestone_title: v.title.clone(),
                instrument_id: v.instrument_id.clone(),
                instrument_title: v.instrument_title.clone(),
                update,
            }
        })
        .collect();
    Ok(Dashboard {
        as_of,
        overall: board.overall,
        instruments: board.instruments,
        overdue: Attention::of(overdue),
        due_soon: Attention::of(due_soon),
        stale: Attention::of(stale),
        recent,
    })
}
