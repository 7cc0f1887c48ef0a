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
use crate::store::{milestones, updates};

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
    /// Makes views of the first ones only: at 100k milestones, making a view of every one
    /// took most of the dashboard's time.
    fn of(
        (total, first): (usize, Vec<&(Milestone, MilestoneState)>),
        places: &Places<'_>,
    ) -> Attention {
        Attention {
            total: total as u32,
            first: first
                .iter()
                .filter_map(|(m, state)| places.view(m, state))
                .collect(),
        }
    }
}

/// How many of the snapshot's milestones `keep` accepts, and the first
/// [`ATTENTION_SHOWN`] of them by `key`, ties in the hierarchy's order. Only those are
/// sorted: at 100k milestones most are stale, and sorting them all made the dashboard from
/// a kept snapshot take 64 ms instead of 54.
fn first_by<K: Ord>(
    snapshot: &Snapshot,
    keep: impl Fn(&MilestoneState) -> bool,
    key: impl Fn(&MilestoneState) -> K,
) -> (usize, Vec<&(Milestone, MilestoneState)>) {
    let mut keyed: Vec<(K, usize)> = snapshot
        .milestones
        .iter()
        .enumerate()
        .filter(|(_, (_, s))| keep(s))
        .map(|(n, (_, s))| (key(s), n))
        .collect();
    let total = keyed.len();
    if keyed.len() > ATTENTION_SHOWN {
        keyed.select_nth_unstable(ATTENTION_SHOWN - 1);
        keyed.truncate(ATTENTION_SHOWN);
    }
    keyed.sort_unstable();
    let first = keyed
        .into_iter()
        .map(|(_, n)| &snapshot.milestones[n])
        .collect();
    (total, first)
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
    let end_of_due = |s: &MilestoneState| s.current_due.map(|d| d.end());
    let overdue = first_by(
        snapshot,
        |s| s.timeliness == Timeliness::Overdue,
        end_of_due,
    );
    let due_soon = first_by(
        snapshot,
        |s| s.timeliness == Timeliness::DueSoon,
        end_of_due,
    );
    // Assessed milestones that went quiet come first; never-assessed ones follow.
    let stale = first_by(
        snapshot,
        |s| s.stale,
        |s| (s.status == MilestoneStatus::Unassessed, s.last_as_of),
    );

    // The milestones of the updates looked at, each read once: the few the latest updates
    // name, rather than an index of every milestone in the snapshot (at 100k, from a kept
    // snapshot, 52 -> 48 ms). One is in the snapshot when it and its commitment are live.
    let mut read: HashMap<String, Option<Milestone>> = HashMap::new();
    let mut live = |id: &str| -> Result<bool> {
        if !read.contains_key(id) {
            let milestone = milestones::get_milestone(conn, id)?
                .filter(|m| !m.archived && places.of_milestone(m).is_some());
            read.insert(id.to_string(), milestone);
        }
        Ok(read[id].is_some())
    };
    let latest = updates::latest_until(conn, as_of, RECENT, &mut live)?;
    let mut recent = Vec::new();
    for update in latest {
        let Some(milestone) = &read[update.milestone_id.as_str()] else {
            continue;
        };
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
        overdue: Attention::of(overdue, &places),
        due_soon: Attention::of(due_soon, &places),
        stale: Attention::of(stale, &places),
        recent,
    })
}
