//! The pages of one instrument, commitment or milestone as of a date, archived ones
//! included (a page opened from search or a link still shows what it holds).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::milestone_view::MilestoneView;
use crate::derive::{self, Counts};
use crate::error::{Error, Result};
use crate::model::{Commitment, EntityKind, Instrument, Milestone, MilestoneStatus, Update};
use crate::store::changelog::{list_changes, Change};
use crate::store::{commitments, instruments, milestones, updates};

#[derive(Debug, Clone, Serialize, TS)]
pub struct InstrumentDetail {
    pub as_of: NaiveDate,
    pub instrument: Instrument,
    pub counts: Counts,
    pub commitments: Vec<CommitmentSummary>,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CommitmentSummary {
    pub commitment: Commitment,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CommitmentDetail {
    pub as_of: NaiveDate,
    pub commitment: Commitment,
    pub instrument_title: String,
    pub counts: Counts,
    pub milestones: Vec<MilestoneView>,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MilestoneDetail {
    pub as_of: NaiveDate,
    pub milestone: Milestone,
    pub view: MilestoneView,
    /// Updates with `as_of` on or before the date, oldest first, each with what it changed.
    pub history: Vec<HistoryEntry>,
    /// How many updates are dated after the date and so not shown.
    pub later_updates: u32,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryEntry {
    pub update: Update,
    /// The status before this update (`unassessed` for the first).
    pub previous_status: MilestoneStatus,
    /// The due in force before this update, when this update moved it.
    pub moved_from: Option<String>,
}

fn not_found(kind: EntityKind, id: &str) -> Error {
    Error::NotFound(format!("there is no {kind} with id {id:?}"))
}

fn milestone_views(
    conn: &Connection,
    list: &[Milestone],
    commitment: &Commitment,
    instrument: &Instrument,
    as_of: NaiveDate,
) -> Result<(Vec<MilestoneView>, Counts)> {
    let mut counts = Counts::default();
    let mut views = Vec::new();
    for m in list {
        let history = updates::list_updates_of(conn, &m.id)?;
        let state = derive::milestone_state(m.due, &history, as_of);
        if !m.archived {
            counts.add(&state);
        }
        views.push(MilestoneView::new(m, &state, commitment, instrument));
    }
    Ok((views, counts))
}

pub fn instrument_detail(
    conn: &Connection,
    id: &str,
    as_of: NaiveDate,
) -> Result<InstrumentDetail> {
    let instrument = instruments::get_instrument(conn, id)?
        .ok_or_else(|| not_found(EntityKind::Instrument, id))?;
    let mut counts = Counts::default();
    let mut summaries = Vec::new();
    for c in commitments::list_commitments_of(conn, id)? {
        let list = milestones::list_milestones_of(conn, &c.id)?;
        let (_, c_counts) = milestone_views(conn, &list, &c, &instrument, as_of)?;
        if !c.archived {
            counts.merge(&c_counts);
        }
        summaries.push(CommitmentSummary {
            commitment: c,
            counts: c_counts,
        });
    }
    Ok(InstrumentDetail {
        as_of,
        changes: list_changes(conn, id)?,
        instrument,
        counts,
        commitments: summaries,
    })
}

pub fn commitment_detail(
    conn: &Connection,
    id: &str,
    as_of: NaiveDate,
) -> Result<CommitmentDetail> {
    let commitment = commitments::get_commitment(conn, id)?
        .ok_or_else(|| not_found(EntityKind::Commitment, id))?;
    let instrument = instruments::get_instrument(conn, &commitment.instrument_id)?
        .ok_or_else(|| not_found(EntityKind::Instrument, &commitment.instrument_id))?;
    let list = milestones::list_milestones_of(conn, id)?;
    let (views, counts) = milestone_views(conn, &list, &commitment, &instrument, as_of)?;
    Ok(CommitmentDetail {
        as_of,
        changes: list_changes(conn, id)?,
        instrument_title: instrument.title,
        commitment,
        counts,
        milestones: views,
    })
}

pub fn milestone_detail(conn: &Connection, id: &str, as_of: NaiveDate) -> Result<MilestoneDetail> {
    let milestone =
        milestones::get_milestone(conn, id)?.ok_or_else(|| not_found(EntityKind::Milestone, id))?;
    let commitment = commitments::get_commitment(conn, &milestone.commitment_id)?
        .ok_or_else(|| not_found(EntityKind::Commitment, &milestone.commitment_id))?;
    let instrument = instruments::get_instrument(conn, &commitment.instrument_id)?
        .ok_or_else(|| not_found(EntityKind::Instrument, &commitment.instrument_id))?;
    let all = updates::list_updates_of(conn, id)?;
    let state = derive::milestone_state(milestone.due, &all, as_of);
    let shown: Vec<Update> = all.iter().filter(|u| u.as_of <= as_of).cloned().collect();
    let history = shown
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let before = &shown[..i];
            let due_before = derive::due_before(milestone.due, before, u.as_of);
            HistoryEntry {
                update: u.clone(),
                previous_status: before
                    .last()
                    .map_or(MilestoneStatus::Unassessed, |p| p.status.into()),
                moved_from: match u.due {
                    Some(new) if Some(new) != due_before => {
                        Some(due_before.map_or_else(|| "no date".to_string(), |d| d.to_string()))
                    }
                    _ => None,
                },
            }
        })
        .collect();
    Ok(MilestoneDetail {
        as_of,
        view: MilestoneView::new(&milestone, &state, &commitment, &instrument),
        later_updates: (all.len() - shown.len()) as u32,
        changes: list_changes(conn, id)?,
        milestone,
        history,
    })
}
