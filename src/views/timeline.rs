//! The timeline's data: lanes (instruments with their commitments, and what the filters
//! need: themes and parties) and every live milestone with its drawn period.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::milestone_view::{views_of, MilestoneView};
use crate::error::Result;
use crate::model::{Binding, InstrumentKind, Party};
use crate::snapshot::Snapshot;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Timeline {
    pub as_of: NaiveDate,
    pub instruments: Vec<InstrumentLane>,
    pub milestones: Vec<MilestoneView>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct InstrumentLane {
    pub id: String,
    pub title: String,
    pub kind: InstrumentKind,
    pub binding: Binding,
    pub parties: Vec<Party>,
    pub commitments: Vec<CommitmentLane>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CommitmentLane {
    pub id: String,
    pub title: String,
    pub themes: Vec<String>,
    /// Lead and supporting parties.
    pub parties: Vec<String>,
}

pub fn timeline(conn: &Connection, as_of: NaiveDate) -> Result<Timeline> {
    Ok(timeline_from(&Snapshot::load(conn, as_of)?))
}

/// The timeline from a snapshot already loaded.
pub fn timeline_from(snapshot: &Snapshot) -> Timeline {
    let as_of = snapshot.as_of;
    let grouped = snapshot.commitments_by_instrument();
    let instruments = snapshot
        .instruments
        .iter()
        .map(|i| InstrumentLane {
            id: i.id.clone(),
            title: i.title.clone(),
            kind: i.kind,
            binding: i.binding,
            parties: i.parties.clone(),
            commitments: grouped
                .get(i.id.as_str())
                .into_iter()
                .flatten()
                .map(|c| CommitmentLane {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    themes: c.themes.clone(),
                    parties: c.lead.iter().chain(&c.supporting).cloned().collect(),
                })
                .collect(),
        })
        .collect();
    Timeline {
        as_of,
        instruments,
        milestones: views_of(snapshot),
    }
}
