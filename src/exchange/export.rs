//! Writing the exchange format. The output is deterministic: objects in the order they
//! were added, updates in the order they happened, every field present (absent values as
//! `null`), keys in the spec's order, two-space indent and a final newline. So export,
//! import into an empty database, and export again gives the same bytes.
//!
//! Archived objects are exported too: archiving hides, it never loses.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::parse::FORMAT;
use crate::date::PartialDate;
use crate::error::Result;
use crate::model::{
    Binding, Commitment, InstrumentKind, Milestone, MilestoneKind, Origin, Party, Source, Status,
    Update,
};
use crate::store::{commitments, instruments, milestones, updates};

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    instruments: Vec<InstrumentOut<'a>>,
}

#[derive(Serialize)]
struct InstrumentOut<'a> {
    id: &'a str,
    title: &'a str,
    kind: InstrumentKind,
    binding: Binding,
    parties: &'a [Party],
    signed: Option<PartialDate>,
    summary: Option<&'a str>,
    sources: &'a [Source],
    commitments: Vec<CommitmentOut<'a>>,
}

#[derive(Serialize)]
struct CommitmentOut<'a> {
    id: &'a str,
    #[serde(rename = "ref")]
    reference: Option<&'a str>,
    title: &'a str,
    text: Option<&'a str>,
    themes: &'a [String],
    lead: Option<&'a str>,
    supporting: &'a [String],
    milestones: Vec<MilestoneOut<'a>>,
}

#[derive(Serialize)]
struct MilestoneOut<'a> {
    id: &'a str,
    title: &'a str,
    due: Option<PartialDate>,
    origin: Origin,
    kind: MilestoneKind,
    updates: Vec<UpdateOut<'a>>,
}

#[derive(Serialize)]
struct UpdateOut<'a> {
    id: &'a str,
    as_of: NaiveDate,
    status: Status,
    note: &'a str,
    evidence: &'a [Source],
    due: Option<PartialDate>,
    contested: Option<bool>,
    author: Option<&'a str>,
    recorded_at: Option<&'a str>,
}

/// Which instruments to write.
#[derive(Debug, Clone, Default)]
pub struct ExportScope {
    /// Only these instruments; all when empty.
    pub instruments: Vec<String>,
}

/// The whole database (or the chosen instruments) as an exchange file.
pub fn export_json(conn: &Connection, scope: &ExportScope) -> Result<String> {
    let all_instruments = instruments::list_instruments(conn)?;
    // Within each instrument, in their order; grouped by instrument below.
    let mut placed = commitments::list_commitments(conn)?;
    placed.sort_unstable_by_key(|&(position, seq, _)| (position, seq));
    let all_commitments: Vec<Commitment> = placed.into_iter().map(|(_, _, c)| c).collect();
    let all_milestones = milestones::list_milestones(conn)?;
    let all_updates = updates::list_updates(conn, None)?;

    let mut commitments_of: HashMap<&str, Vec<&Commitment>> = HashMap::new();
    for c in &all_commitments {
        commitments_of
            .entry(c.instrument_id.as_str())
            .or_default()
            .push(c);
    }
    let mut milestones_of: HashMap<&str, Vec<&Milestone>> = HashMap::new();
    for m in &all_milestones {
        milestones_of
            .entry(m.commitment_id.as_str())
            .or_default()
            .push(m);
    }
    let mut updates_of: HashMap<&str, Vec<&Update>> = HashMap::new();
    for u in &all_updates {
        updates_of
            .entry(u.milestone_id.as_str())
            .or_default()
            .push(u);
    }

    let file = FileOut {
        format: FORMAT,
        instruments: all_instruments
            .iter()
            .filter(|i| scope.instruments.is_empty() || scope.instruments.contains(&i.id))
            .map(|i| InstrumentOut {
                id: &i.id,
                title: &i.title,
                kind: i.kind,
                binding: i.binding,
                parties: &i.parties,
                signed: i.signed,
                summary: i.summary.as_deref(),
                sources: &i.sources,
                commitments: commitments_of
                    .get(i.id.as_str())
                    .map(|cs| {
                        cs.iter()
                            .map(|c| commitment_out(c, &milestones_of, &updates_of))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("plain data serialises");
    text.push('\n');
    Ok(text)
}

fn commitment_out<'a>(
    c: &'a Commitment,
    milestones_of: &HashMap<&str, Vec<&'a Milestone>>,
    updates_of: &HashMap<&str, Vec<&'a Update>>,
) -> CommitmentOut<'a> {
    CommitmentOut {
        id: &c.id,
        reference: c.reference.as_deref(),
        title: &c.title,
        text: c.text.as_deref(),
        themes: &c.themes,
        lead: c.lead.as_deref(),
        supporting: &c.supporting,
        milestones: milestones_of
            .get(c.id.as_str())
            .map(|ms| {
                ms.iter()
                    .map(|m| MilestoneOut {
                        id: &m.id,
                        title: &m.title,
                        due: m.due,
                        origin: m.origin,
                        kind: m.kind,
                        updates: updates_of
                            .get(m.id.as_str())
                            .map(|us| us.iter().map(|u| update_out(u)).collect())
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn update_out(u: &Update) -> UpdateOut<'_> {
    UpdateOut {
        id: &u.id,
        as_of: u.as_of,
        status: u.status,
        note: &u.note,
        evidence: &u.evidence,
        due: u.due,
        contested: u.contested,
        author: u.author.as_deref(),
        recorded_at: u.recorded_at.as_deref(),
    }
}
