//! A milestone as the screens list it: its place in the hierarchy, its dates as periods,
//! and its derived state.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use ts_rs::TS;

use crate::derive::MilestoneState;
use crate::model::{
    Commitment, Instrument, Milestone, MilestoneKind, MilestoneStatus, Origin, Timeliness,
};
use crate::snapshot::Snapshot;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MilestoneView {
    pub id: String,
    pub title: String,
    pub commitment_id: String,
    pub commitment_title: String,
    pub instrument_id: String,
    pub instrument_title: String,
    pub origin: Origin,
    pub kind: MilestoneKind,
    /// The original due, as written (`2026-Q3`).
    pub due: Option<String>,
    /// The due in force as of the date.
    pub current_due: Option<String>,
    /// The current due's period, for drawing: a day is a point, a quarter a span.
    #[serde(serialize_with = "crate::date::serialize_some_day")]
    pub current_start: Option<NaiveDate>,
    #[serde(serialize_with = "crate::date::serialize_some_day")]
    pub current_end: Option<NaiveDate>,
    /// The original due's last day, to mark where a slipped milestone was due.
    #[serde(serialize_with = "crate::date::serialize_some_day")]
    pub original_end: Option<NaiveDate>,
    pub status: MilestoneStatus,
    pub slip_days: Option<i64>,
    pub timeliness: Timeliness,
    pub stale: bool,
    #[serde(serialize_with = "crate::date::serialize_some_day")]
    pub last_as_of: Option<NaiveDate>,
    pub archived: bool,
}

impl MilestoneView {
    pub fn new(
        m: &Milestone,
        state: &MilestoneState,
        commitment: &Commitment,
        instrument: &Instrument,
    ) -> Self {
        MilestoneView {
            id: m.id.clone(),
            title: m.title.clone(),
            commitment_id: commitment.id.clone(),
            commitment_title: commitment.title.clone(),
            instrument_id: instrument.id.clone(),
            instrument_title: instrument.title.clone(),
            origin: m.origin,
            kind: m.kind,
            due: m.due.map(|d| d.to_string()),
            current_due: state.current_due.map(|d| d.to_string()),
            current_start: state.current_due.map(|d| d.start()),
            current_end: state.current_due.map(|d| d.end()),
            original_end: m.due.map(|d| d.end()),
            status: state.status,
            slip_days: state.slip_days,
            timeliness: state.timeliness,
            stale: state.stale,
            last_as_of: state.last_as_of,
            archived: m.archived || commitment.archived || instrument.archived,
        }
    }
}

/// Finds a milestone's commitment and instrument in a snapshot, to make its view.
pub(crate) struct Places<'a> {
    /// Each live commitment with its instrument: one look-up per milestone.
    commitments: FxHashMap<&'a str, (&'a Commitment, &'a Instrument)>,
}

/// A milestone of a snapshot with its place there (see [`Places::each`]).
pub(crate) type Placed<'s, 'a> = (
    usize,
    &'s (Milestone, MilestoneState),
    Option<(&'a Commitment, &'a Instrument)>,
);

impl<'a> Places<'a> {
    pub fn of(snapshot: &'a Snapshot) -> Self {
        Self::new(&snapshot.instruments, &snapshot.commitments)
    }

    /// Places among these instruments and commitments (the live ones).
    pub fn new(instruments: &'a [Instrument], commitments: &'a [Commitment]) -> Self {
        let instruments: FxHashMap<&str, &Instrument> =
            instruments.iter().map(|i| (i.id.as_str(), i)).collect();
        Places {
            commitments: commitments
                .iter()
                .filter_map(|c| {
                    Some((
                        c.id.as_str(),
                        (c, *instruments.get(c.instrument_id.as_str())?),
                    ))
                })
                .collect(),
        }
    }

    /// The milestone's commitment and instrument, when both are live.
    pub fn of_milestone(&self, m: &Milestone) -> Option<(&'a Commitment, &'a Instrument)> {
        self.commitments.get(m.commitment_id.as_str()).copied()
    }

    /// Each of `milestones` with its place in `milestones` and in the hierarchy. A
    /// snapshot's milestones come grouped by commitment, so a commitment is looked up once
    /// for each run of its milestones (at 100k milestones, a tenth as many look-ups).
    pub fn each<'s>(
        &'s self,
        milestones: &'s [(Milestone, MilestoneState)],
    ) -> impl Iterator<Item = Placed<'s, 'a>> + 's {
        let mut last: Option<(&'s str, Option<(&'a Commitment, &'a Instrument)>)> = None;
        milestones.iter().enumerate().map(move |(n, entry)| {
            let commitment = entry.0.commitment_id.as_str();
            let place = match last {
                Some((id, place)) if id == commitment => place,
                _ => {
                    let place = self.of_milestone(&entry.0);
                    last = Some((commitment, place));
                    place
                }
            };
            (n, entry, place)
        })
    }

    pub fn view(&self, m: &Milestone, state: &MilestoneState) -> Option<MilestoneView> {
        let (c, i) = self.of_milestone(m)?;
        Some(MilestoneView::new(m, state, c, i))
    }
}
