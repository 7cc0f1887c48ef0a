//! The detailed part of the report: per instrument, per commitment, the milestones with
//! their derived state and the history of updates behind it, each claim with its sources.
//! A summarised report keeps each commitment's counts and leaves out its milestones and
//! their histories (and so their sources).

use chrono::NaiveDate;
use serde::Serialize;

use super::data::{InScope, MilestoneLine};
use super::sources::{Citations, Cite};
use crate::date::PartialDate;
use crate::derive::{self, Counts};
use crate::model::{Binding, InstrumentKind, Milestone, MilestoneStatus, Party, Status, Update};

#[derive(Debug, Serialize)]
pub(super) struct InstrumentSection {
    pub id: String,
    pub title: String,
    kind: InstrumentKind,
    binding: Binding,
    parties: Vec<Party>,
    signed: Option<PartialDate>,
    summary: Option<String>,
    sources: Vec<Cite>,
    pub counts: Counts,
    commitments: Vec<CommitmentSection>,
}

#[derive(Debug, Serialize)]
struct CommitmentSection {
    id: String,
    #[serde(rename = "ref")]
    reference: Option<String>,
    title: String,
    text: Option<String>,
    themes: Vec<String>,
    lead: Option<String>,
    supporting: Vec<String>,
    counts: Counts,
    /// Empty when the report summarises.
    milestones: Vec<MilestoneLine>,
    /// Empty when the report summarises.
    history: Vec<HistoryEntry>,
}

/// One update as the report tells it: what the status was before and became, the
/// deadline it moved, the note and the evidence.
#[derive(Debug, Clone, Serialize)]
pub(super) struct HistoryEntry {
    pub as_of: NaiveDate,
    pub milestone_id: String,
    pub milestone: String,
    pub from: MilestoneStatus,
    pub to: Status,
    /// The due in force before this update, when the update moved it.
    pub due_from: Option<PartialDate>,
    /// The new due, when the update moved it.
    pub due_to: Option<PartialDate>,
    /// How far the move pushed the deadline's end, in days (negative: brought forward).
    pub due_shift_days: Option<i64>,
    pub note: String,
    pub evidence: Vec<Cite>,
    pub contested: bool,
    pub author: Option<String>,
}

impl HistoryEntry {
    /// Describes `history[index]`, given the updates before it (`history` is in the order
    /// they happened).
    pub fn new(
        milestone: &Milestone,
        history: &[Update],
        index: usize,
        citations: &mut Citations,
    ) -> Self {
        let update = &history[index];
        let Change {
            from,
            due_before,
            moved,
        } = Change::of(milestone, history, index);
        HistoryEntry {
            as_of: update.as_of,
            milestone_id: milestone.id.clone(),
            milestone: milestone.title.clone(),
            from,
            to: update.status,
            due_from: moved.and(due_before),
            due_to: moved,
            due_shift_days: moved
                .zip(due_before)
                .map(|(new, old)| (new.end() - old.end()).num_days()),
            note: update.note.clone(),
            evidence: citations.cite_all(&update.evidence),
            contested: update.contested.unwrap_or(false),
            author: update.author.clone(),
        }
    }
}

/// What `history[index]` changed: the status before it, the due in force before it, and
/// the new due when it moved the deadline. Cheap (no text copied), so "what changed" can
/// count every update and describe only those it shows.
pub(super) struct Change {
    pub from: MilestoneStatus,
    pub due_before: Option<PartialDate>,
    pub moved: Option<PartialDate>,
}

impl Change {
    pub fn of(milestone: &Milestone, history: &[Update], index: usize) -> Self {
        let update = &history[index];
        let earlier = &history[..index];
        let due_before = derive::due_before(milestone.due, earlier, update.as_of);
        Change {
            from: earlier
                .last()
                .map_or(MilestoneStatus::Unassessed, |u| u.status.into()),
            due_before,
            moved: update.due.filter(|new| Some(*new) != due_before),
        }
    }

    /// Whether the update changed the milestone's status.
    pub fn changed_status(&self, to: crate::model::Status) -> bool {
        self.from != MilestoneStatus::from(to)
    }
}

pub(super) fn instrument_sections(
    scope: &InScope<'_>,
    summarised: bool,
    citations: &mut Citations,
) -> Vec<InstrumentSection> {
    scope
        .instruments
        .iter()
        .map(|instrument| {
            let sources = citations.cite_all(&instrument.sources);
            let commitments: Vec<CommitmentSection> = scope
                .commitments_of(&instrument.id)
                .map(|c| {
                    let mut counts = Counts::default();
                    let mut milestones = Vec::new();
                    let mut told = Vec::new();
                    for (m, state) in scope.milestones_of(&c.id) {
                        counts.add(state);
                        if summarised {
                            continue;
                        }
                        milestones.push(scope.line(m, state));
                        let updates = scope.history(&m.id);
                        told.extend((0..updates.len()).map(|i| (updates[i].as_of, m, updates, i)));
                    }
                    // One story per commitment, told in date order; milestones updated the
                    // same day keep the order of the table above. Sorting before citing
                    // numbers the sources in the order a reader meets them.
                    told.sort_by_key(|(as_of, ..)| *as_of);
                    let history = told
                        .into_iter()
                        .map(|(_, m, updates, i)| HistoryEntry::new(m, updates, i, citations))
                        .collect();
                    CommitmentSection {
                        id: c.id.clone(),
                        reference: c.reference.clone(),
                        title: c.title.clone(),
                        text: c.text.clone(),
                        themes: c.themes.clone(),
                        lead: c.lead.clone(),
                        supporting: c.supporting.clone(),
                        counts,
                        milestones,
                        history,
                    }
                })
                .collect();
            let mut counts = Counts::default();
            for c in &commitments {
                counts.merge(&c.counts);
            }
            InstrumentSection {
                id: instrument.id.clone(),
                title: instrument.title.clone(),
                kind: instrument.kind,
                binding: instrument.binding,
                parties: instrument.parties.clone(),
                signed: instrument.signed,
                summary: instrument.summary.clone(),
                sources,
                counts,
                commitments,
            }
        })
        .collect()
}
