//! The dashboard: the scoreboard as of a date and the lists that need attention.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::milestone_view::{MilestoneView, Places};
use crate::derive::{Counts, MilestoneState};
use crate::error::Result;
use crate::model::{Milestone, MilestoneStatus, Timeliness, Update};
use crate::snapshot::Snapshot;
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
    /// Counts `all` and makes views of the first ones only: at 100k milestones, making a
    /// view of every one took most of the dashboard's time.
    fn of(all: &[&(Milestone, MilestoneState)], places: &Places<'_>) -> Attention {
        Attention {
            total: all.len() as u32,
            first: all
                .iter()
                .take(ATTENTION_SHOWN)
                .filter_map(|(m, state)| places.view(m, state))
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Dashboard {
    pub as_of: NaiveDate,
    pub overall: Counts,
    pub instruments: Vec<InstrumentRollup>,
    /// Past their current due and not final, most overdue first.
    pub overdue: Attention,
    /// Due within the next 90 days, soonest first.
    pub due_soon: Attention,
    /// No update in 180 days and not final: longest silent first, never assessed last.
    pub stale: Attention,
    /// The latest updates with `as_of` on or before the date, newest first.
    pub recent: Vec<RecentUpdate>,
}

/// An instrument's counts, without its commitments' (which the dashboard does not show:
/// at 1,000 instruments they were nine tenths of its answer).
#[derive(Debug, Clone, Serialize, TS)]
pub struct InstrumentRollup {
    pub id: String,
    pub title: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RecentUpdate {
    pub update: Update,
    pub milestone_title: String,
    pub instrument_id: String,
    pub instrument_title: String,
}

pub fn dashboard(conn: &Connection, as_of: NaiveDate) -> Result<Dashboard> {
    dashboard_from(conn, &Snapshot::load(conn, as_of)?)
}

/// The dashboard from a snapshot already loaded (the recent updates are read from `conn`).
pub fn dashboard_from(conn: &Connection, snapshot: &Snapshot) -> Result<Dashboard> {
    let as_of = snapshot.as_of;
    let board = snapshot.scoreboard();
    let places = Places::of(snapshot);
    let pick = |keep: &dyn Fn(&MilestoneState) -> bool| -> Vec<&(Milestone, MilestoneState)> {
        snapshot
            .milestones
            .iter()
            .filter(|(_, s)| keep(s))
            .collect()
    };
    let end_of_due = |(_, s): &&(Milestone, MilestoneState)| s.current_due.map(|d| d.end());
    let mut overdue = pick(&|s| s.timeliness == Timeliness::Overdue);
    overdue.sort_by_key(end_of_due);
    let mut due_soon = pick(&|s| s.timeliness == Timeliness::DueSoon);
    due_soon.sort_by_key(end_of_due);
    // Assessed milestones that went quiet come first; never-assessed ones follow.
    let mut stale = pick(&|s| s.stale);
    stale.sort_by_key(|(_, s)| (s.status == MilestoneStatus::Unassessed, s.last_as_of));

    let by_id: HashMap<&str, &Milestone> = snapshot
        .milestones
        .iter()
        .map(|(m, _)| (m.id.as_str(), m))
        .collect();
    let mut recent = Vec::new();
    for update in updates::latest_until(conn, as_of, RECENT, |id| by_id.contains_key(id))? {
        let milestone = by_id[update.milestone_id.as_str()];
        if let Some((_, instrument)) = places.of_milestone(milestone) {
            recent.push(RecentUpdate {
                milestone_title: milestone.title.clone(),
                instrument_id: instrument.id.clone(),
                instrument_title: instrument.title.clone(),
                update,
            });
        }
    }
    Ok(Dashboard {
        as_of,
        overall: board.overall,
        instruments: board
            .instruments
            .into_iter()
            .map(|i| InstrumentRollup {
                id: i.id,
                title: i.title,
                counts: i.counts,
            })
            .collect(),
        overdue: Attention::of(&overdue, &places),
        due_soon: Attention::of(&due_soon, &places),
        stale: Attention::of(&stale, &places),
        recent,
    })
}
