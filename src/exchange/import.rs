//! Importing an exchange file: one transaction, merged by id, idempotent.
//!
//! Objects whose id exists are updated field by field (a field absent from the file keeps
//! its stored value; `null` clears it) and every change is logged. Updates already present
//! with the same content are skipped; the same id with other content is a conflict. Any
//! error, anywhere in the file, leaves the database as it was, and all errors are reported.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::parse::{parse_each, CommitmentDoc, DocPath, InstrumentDoc, MilestoneDoc, UpdateDoc};
use crate::derive;
use crate::error::{Error, FieldError, Result};
use crate::model::{Commitment, EntityKind, Instrument, Milestone, MilestoneKind, Origin, Update};
use crate::store::batched::NewRows;
use crate::store::changelog::{log_changes, ChangeOrigin};
use crate::store::search::Indexing;
use crate::store::side_index::{self, Row, SideIndex};
use crate::store::{self, bulk, commitments, instruments, milestones, search, updates, Store};

/// What an import added, changed and left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportSummary {
    pub instruments: Tally,
    pub commitments: Tally,
    pub milestones: Tally,
    pub updates: UpdateTally,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Tally {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct UpdateTally {
    pub added: u32,
    /// Already present with the same content.
    pub skipped: u32,
}

impl ImportSummary {
    /// True when the import changed nothing (a repeated import).
    pub fn is_noop(&self) -> bool {
        [&self.instruments, &self.commitments, &self.milestones]
            .iter()
            .all(|t| t.added == 0 && t.updated == 0)
            && self.updates.added == 0
    }
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (name, t) in [
            ("instruments", &self.instruments),
            ("commitments", &self.commitments),
            ("milestones", &self.milestones),
        ] {
            writeln!(
                f,
                "{name:<12} {} added, {} updated, {} unchanged",
                t.added, t.updated, t.unchanged
            )?;
        }
        write!(
            f,
            "{:<12} {} added, {} already present",
            "updates", self.updates.added, self.updates.skipped
        )
    }
}

/// Imports a whole file into the store in one transaction.
///
/// The file is parsed and checked on a second thread, which hands each instrument over
/// as soon as it is checked, while this one writes the instruments before it: a large
/// import's parsing costs no time of its own, and the whole tree is never held. If the
/// file turns out to be invalid after some instruments were written, the transaction is
/// rolled back and the file's errors are what is reported, as if nothing had been written.
/// Into a database that holds nothing, a third thread builds the search index meanwhile
/// (`store::side_index`).
pub fn import_bytes(store: &mut Store, bytes: &[u8]) -> Result<ImportSummary> {
    import_bytes_indexed(store, bytes).map(|(summary, _)| summary)
}

/// [`import_bytes`], also saying how the search index was brought up to date: the tests
/// check that a first import builds it beside the writer.
pub fn import_bytes_indexed(store: &mut Store, bytes: &[u8]) -> Result<(ImportSummary, Indexing)> {
    std::thread::scope(|scope| {
        // A few instruments in hand: the parser runs ahead without holding the file's tree.
        let (send, received) = std::sync::mpsc::sync_channel::<InstrumentDoc>(8);
        let parsing = scope.spawn(move || {
            // Once the writer has stopped, the rest of the file is still checked, for its
            // errors, but nothing more is handed over.
            parse_each(bytes, |doc| drop(send.send(doc)))
        });
        let imported = store.write_large(|tx| {
            let written = apply_each(tx, received);
            let parsed = parsing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            // Errors in the file come first: what was written from it means nothing then.
            parsed?;
            written
        });
        // Committed or rolled back: a side index copied in can go now.
        let detached = side_index::detach(store.conn());
        let imported = imported?;
        detached?;
        Ok(imported)
    })
}

/// Merges checked instruments, as they come, into the database. The caller owns the
/// transaction: on error it must roll back (dropping it does).
fn apply_each(
    conn: &Connection,
    instruments: impl IntoIterator<Item = InstrumentDoc>,
) -> Result<(ImportSummary, Indexing)> {
    let indexing = search::defer_indexing(conn)?;
    let set_aside = bulk::set_aside_if_empty(conn)?;
    let first = match set_aside {
        Some(_) => Some(FirstImport {
            rows: NewRows::new(conn),
            written: Vec::new(),
            side: indexing.beside(conn, |rows: Vec<Row>| rows)?,
        }),
        None => None,
    };
    let mut run = Run {
        conn,
        summary: ImportSummary::default(),
        errors: Vec::new(),
        first,
    };
    for instrument in instruments {
        run.instrument(&instrument)?;
        if let Some(first) = &mut run.first {
            first.hand_over(instrument);
        }
    }
    let side = match run.first.take() {
        Some(first) => Some(first.finish()?),
        None => None,
    };
    if run.errors.is_empty() {
        if let Some(set_aside) = set_aside {
            set_aside.restore(conn)?;
        }
        let indexed = indexing.finish(conn, side)?;
        Ok((run.summary, indexed))
    } else {
        Err(Error::Invalid(run.errors))
    }
}

struct Run<'c> {
    conn: &'c Connection,
    summary: ImportSummary,
    errors: Vec<FieldError>,
    /// Present when the database held nothing as the import began.
    first: Option<FirstImport<'c>>,
}

/// What an import into a database that held nothing does differently. No stored object
/// can share an id with one in the file or be merged with it, so none is looked up (two
/// objects of the file with one id are the parser's error, reported instead of whatever
/// the second insert met); milestones and updates are written many to a statement; and
/// the search index is built beside the writer.
struct FirstImport<'c> {
    rows: NewRows<'c>,
    /// The instrument, commitments and milestones just written, in the order they were
    /// written, for `side`.
    written: Vec<Row>,
    side: SideIndex<Vec<Row>>,
}

impl FirstImport<'_> {
    /// Hands the side index what was written of `instrument`: the objects as the writer
    /// stored them, then the file's updates, moved.
    fn hand_over(&mut self, instrument: InstrumentDoc) {
        let mut rows = std::mem::take(&mut self.written);
        let milestones = instrument
            .commitments
            .into_iter()
            .flat_map(|c| c.milestones);
        rows.extend(
            milestones
                .flat_map(|m| m.updates)
                .map(|doc| Row::Update(doc.update)),
        );
        self.side.add(rows);
    }

    /// Writes the rows still held and tells the side index that it has every row.
    fn finish(mut self) -> Result<SideIndex<Vec<Row>>> {
        self.rows.finish()?;
        self.side.rows_done();
        Ok(self.side)
    }
}

fn tally(t: &mut Tally, added: bool, changed: bool) {
    if added {
        t.added += 1;
    } else if changed {
        t.updated += 1;
    } else {
        t.unchanged += 1;
    }
}

impl Run<'_> {
    /// The stored object `get` finds, if the database held anything to find.
    fn stored<T>(&self, get: impl FnOnce(&Connection) -> Result<Option<T>>) -> Result<Option<T>> {
        if self.first.is_some() {
            return Ok(None);
        }
        get(self.conn)
    }

    /// Refuses an id that another kind of object already uses. True when the id is free
    /// for `kind`.
    fn id_free_for(&mut self, kind: EntityKind, id: &str, path: &DocPath) -> Result<bool> {
        if self.first.is_some() {
            return Ok(true);
        }
        match store::kind_of_id(self.conn, id)? {
            Some(other) if other != kind => {
                self.errors.push(FieldError::new(
                    format!("{path}.id"),
                    format!("id {id:?} is already used by a {other} in the database; expected a {kind} id"),
                ));
                Ok(false)
            }
            _ => Ok(true),
        }
    }

    fn instrument(&mut self, doc: &InstrumentDoc) -> Result<()> {
        if !self.id_free_for(EntityKind::Instrument, &doc.id, &doc.path)? {
            return Ok(());
        }
        let old = self.stored(|conn| instruments::get_instrument(conn, &doc.id))?;
        let new = merged_instrument(doc, old.as_ref());
        let changed = match &old {
            None => {
                instruments::insert_instrument(self.conn, &new)?;
                false
            }
            Some(old) if *old != new => {
                log_changes(
                    self.conn,
                    EntityKind::Instrument,
                    &new.id,
                    old,
                    &new,
                    ChangeOrigin::Import,
                )?;
                instruments::update_instrument(self.conn, &new)?;
                true
            }
            Some(_) => false,
        };
        tally(&mut self.summary.instruments, old.is_none(), changed);
        if let Some(first) = &mut self.first {
            first.written.push(Row::Instrument(new));
        }
        for commitment in &doc.commitments {
            self.commitment(commitment, &doc.id)?;
        }
        Ok(())
    }

    fn commitment(&mut self, doc: &CommitmentDoc, instrument_id: &str) -> Result<()> {
        if !self.id_free_for(EntityKind::Commitment, &doc.id, &doc.path)? {
            return Ok(());
        }
        let old = self.stored(|conn| commitments::get_commitment(conn, &doc.id))?;
        let new = merged_commitment(doc, instrument_id, old.as_ref());
        let changed = match &old {
            None => {
                commitments::insert_commitment(self.conn, &new)?;
                false
            }
            Some(old) if *old != new => {
                log_changes(
                    self.conn,
                    EntityKind::Commitment,
                    &new.id,
                    old,
                    &new,
                    ChangeOrigin::Import,
                )?;
                commitments::update_commitment(self.conn, &new)?;
                true
            }
            Some(_) => false,
        };
        tally(&mut self.summary.commitments, old.is_none(), changed);
        if let Some(first) = &mut self.first {
            first.written.push(Row::Commitment(new));
        }
        for (position, milestone) in doc.milestones.iter().enumerate() {
            self.milestone(milestone, &doc.id, position as i64)?;
        }
        Ok(())
    }

    /// `position`: the milestone's place in its commitment in the file, which is its
    /// position when the commitment is new.
    fn milestone(&mut self, doc: &MilestoneDoc, commitment_id: &str, position: i64) -> Result<()> {
        if !self.id_free_for(EntityKind::Milestone, &doc.id, &doc.path)? {
            return Ok(());
        }
        let old = self.stored(|conn| milestones::get_milestone(conn, &doc.id))?;
        let new = merged_milestone(doc, commitment_id, old.as_ref());
        let changed = match (&old, &mut self.first) {
            (None, Some(first)) => {
                first.rows.milestone(&new, position)?;
                false
            }
            (None, None) => {
                milestones::insert_milestone(self.conn, &new)?;
                false
            }
            (Some(old), _) if *old != new => {
                log_changes(
                    self.conn,
                    EntityKind::Milestone,
                    &new.id,
                    old,
                    &new,
                    ChangeOrigin::Import,
                )?;
                milestones::update_milestone(self.conn, &new)?;
                true
            }
            (Some(_), _) => false,
        };
        tally(&mut self.summary.milestones, old.is_none(), changed);
        self.updates(&doc.updates, &new, old.is_none())?;
        if let Some(first) = &mut self.first {
            first.written.push(Row::Milestone(new));
        }
        Ok(())
    }

    /// `fresh`: the milestone was added by this import, so it has no other updates.
    fn updates(&mut self, docs: &[UpdateDoc], milestone: &Milestone, fresh: bool) -> Result<()> {
        let mut added: HashMap<&str, &UpdateDoc> = HashMap::new();
        for doc in docs {
            if let Some(first) = &mut self.first {
                first.rows.update(&doc.update);
                self.summary.updates.added += 1;
                added.insert(doc.update.id.as_str(), doc);
                continue;
            }
            if updates::insert_update_if_new(self.conn, &doc.update)? {
                self.summary.updates.added += 1;
                added.insert(doc.update.id.as_str(), doc);
                continue;
            }
            // Not inserted: an update with this id is recorded (in this transaction).
            let stored = updates::get_update(self.conn, &doc.update.id)?
                .ok_or_else(|| Error::NotFound(format!("update {}", doc.update.id)))?;
            match differences(&stored, &doc.update) {
                None => self.summary.updates.skipped += 1,
                Some(fields) => self.errors.push(FieldError::new(
                    format!("{}.id", doc.path),
                    format!(
                        "conflict: an update with id {} is already recorded with a different {fields}; \
                         updates are never changed, so a correction needs a new update with a new id",
                        doc.update.id
                    ),
                )),
            }
        }
        if added.is_empty() {
            return Ok(());
        }
        // The evidence rule, checked against the whole history as it now stands, so an
        // update is judged by the one that really precedes it. A milestone this import
        // added has only the updates just inserted: put in the store's order here rather
        // than read back.
        if fresh {
            let mut history: Vec<&Update> = docs
                .iter()
                .map(|d| &d.update)
                .filter(|u| added.contains_key(u.id.as_str()))
                .collect();
            history.sort_by(|a, b| updates::happened(a, b));
            self.check_evidence(&history, &added, milestone);
        } else {
            let history = updates::list_updates_of(self.conn, &milestone.id)?;
            self.check_evidence(&history, &added, milestone);
        }
        Ok(())
    }

    fn check_evidence<U: std::borrow::Borrow<Update>>(
        &mut self,
        history: &[U],
        added: &HashMap<&str, &UpdateDoc>,
        milestone: &Milestone,
    ) {
        for (index, update) in history.iter().map(U::borrow).enumerate() {
            let Some(doc) = added.get(update.id.as_str()) else {
                continue;
            };
            if !update.evidence.is_empty() {
                continue;
            }
            let before = &history[..index];
            let reason = derive::evidence_required(
                before.last().map(|u| u.borrow().status),
                derive::due_before(milestone.due, before, update.as_of),
                update.status,
                update.due,
            );
            if let Some(reason) = reason {
                self.errors.push(FieldError::new(
                    format!("{}.evidence", doc.path),
                    format!("expected at least one evidence source, because {reason}"),
                ));
            }
        }
    }
}

/// The instrument as stored once `doc` is merged into `old` (`None`: a new one).
fn merged_instrument(doc: &InstrumentDoc, old: Option<&Instrument>) -> Instrument {
    let base = old.cloned().unwrap_or_else(|| Instrument {
        id: doc.id.clone(),
        title: String::new(),
        kind: doc.kind,
        binding: doc.binding,
        parties: Vec::new(),
        signed: None,
        summary: None,
        sources: Vec::new(),
        archived: false,
    });
    Instrument {
        title: doc.title.clone(),
        kind: doc.kind,
        binding: doc.binding,
        parties: doc.parties.clone(),
        signed: doc.signed.unwrap_or(base.signed),
        summary: doc.summary.clone().unwrap_or(base.summary.clone()),
        sources: doc.sources.clone().unwrap_or(base.sources.clone()),
        ..base
    }
}

/// The commitment as stored once `doc` is merged into `old`, under `instrument_id`.
fn merged_commitment(
    doc: &CommitmentDoc,
    instrument_id: &str,
    old: Option<&Commitment>,
) -> Commitment {
    let base = old.cloned().unwrap_or_else(|| Commitment {
        id: doc.id.clone(),
        instrument_id: instrument_id.to_string(),
        reference: None,
        title: String::new(),
        text: None,
        themes: Vec::new(),
        lead: None,
        supporting: Vec::new(),
        archived: false,
    });
    Commitment {
        instrument_id: instrument_id.to_string(),
        reference: doc.reference.clone().unwrap_or(base.reference.clone()),
        title: doc.title.clone(),
        text: doc.text.clone().unwrap_or(base.text.clone()),
        themes: doc.themes.clone().unwrap_or(base.themes.clone()),
        lead: doc.lead.clone().unwrap_or(base.lead.clone()),
        supporting: doc.supporting.clone().unwrap_or(base.supporting.clone()),
        ..base
    }
}

/// The milestone as stored once `doc` is merged into `old`, under `commitment_id`.
fn merged_milestone(doc: &MilestoneDoc, commitment_id: &str, old: Option<&Milestone>) -> Milestone {
    let base = old.cloned().unwrap_or_else(|| Milestone {
        id: doc.id.clone(),
        commitment_id: commitment_id.to_string(),
        title: String::new(),
        due: None,
        origin: Origin::Stated,
        kind: MilestoneKind::Output,
        archived: false,
    });
    Milestone {
        commitment_id: commitment_id.to_string(),
        title: doc.title.clone(),
        due: doc.due.unwrap_or(base.due),
        origin: doc.origin.unwrap_or(base.origin),
        kind: doc.kind.unwrap_or(base.kind),
        ..base
    }
}

/// Names the fields in which a stored update and an imported one with the same id differ;
/// `None` when they are the same update. A file without `recorded_at` does not contradict
/// the stored one.
fn differences(stored: &Update, incoming: &Update) -> Option<String> {
    let mut fields = Vec::new();
    if stored.milestone_id != incoming.milestone_id {
        fields.push("milestone");
    }
    if stored.as_of != incoming.as_of {
        fields.push("as_of");
    }
    if stored.status != incoming.status {
        fields.push("status");
    }
    if stored.note != incoming.note {
        fields.push("note");
    }
    if stored.evidence != incoming.evidence {
        fields.push("evidence");
    }
    if stored.due != incoming.due {
        fields.push("due");
    }
    if stored.contested.unwrap_or(false) != incoming.contested.unwrap_or(false) {
        fields.push("contested");
    }
    if stored.author != incoming.author {
        fields.push("author");
    }
    if incoming.recorded_at.is_some() && stored.recorded_at != incoming.recorded_at {
        fields.push("recorded_at");
    }
    (!fields.is_empty()).then(|| fields.join(", "))
}
