//! Creating, editing, archiving and deleting instruments, commitments and milestones.
//!
//! Inputs are what a form sends (strings; blank optional fields mean "none"); every field
//! is checked with the same rules as import, and all problems are reported by field.
//! Every edit is logged in the change log. Ids never change. Anything with updates below
//! it cannot be deleted, only archived.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldError, Result};
use crate::model::{
    Binding, Commitment, EntityKind, Instrument, InstrumentKind, Milestone, MilestoneKind, Origin,
    Party, PartyRole,
};
use crate::snapshot::Touched;
use crate::store::changelog::{log_changes, log_deletion, ChangeOrigin};
use crate::store::{self, commitments, instruments, milestones, updates, Store};
use crate::validate::{self, Form};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartyInput {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SourceInput {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InstrumentInput {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub binding: String,
    pub parties: Vec<PartyInput>,
    #[serde(default)]
    pub signed: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub sources: Vec<SourceInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommitmentInput {
    pub id: String,
    pub instrument_id: String,
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    pub title: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub lead: Option<String>,
    #[serde(default)]
    pub supporting: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MilestoneInput {
    pub id: String,
    pub commitment_id: String,
    pub title: String,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
}

fn check_instrument(input: &InstrumentInput) -> Result<Instrument> {
    let mut form = Form::default();
    let id = form.field("id", validate::id(input.id.trim()));
    let title = form.field("title", validate::text(input.title.trim()));
    let kind = form.field(
        "kind",
        validate::one_of(
            &input.kind,
            InstrumentKind::parse,
            InstrumentKind::expected(),
        ),
    );
    let binding = form.field(
        "binding",
        validate::one_of(&input.binding, Binding::parse, Binding::expected()),
    );
    if input.parties.is_empty() {
        form.errors
            .push(FieldError::new("parties", "expected at least one party"));
    }
    let parties: Option<Vec<Party>> = input
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let name = form.field(&format!("parties[{i}].name"), validate::text(p.name.trim()));
            let role = form.field(
                &format!("parties[{i}].role"),
                validate::one_of(&p.role, PartyRole::parse, PartyRole::expected()),
            );
            Some(Party {
                name: name?,
                role: role?,
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let signed = form.optional("signed", &input.signed, validate::partial_date);
    let summary = form.optional("summary", &input.summary, validate::optional_text);
    let sources = form.sources("sources", &input.sources);
    let value = (|| {
        Some(Instrument {
            id: id?,
            title: title?,
            kind: kind?,
            binding: binding?,
            parties: parties?,
            signed: signed?,
            summary: summary?,
            sources: sources?,
            archived: false,
        })
    })();
    form.finish(value)
}

fn check_commitment(input: &CommitmentInput) -> Result<Commitment> {
    let mut form = Form::default();
    let id = form.field("id", validate::id(input.id.trim()));
    let instrument_id = form.field("instrument_id", validate::id(input.instrument_id.trim()));
    let reference = form.optional("ref", &input.reference, validate::optional_text);
    let title = form.field("title", validate::text(input.title.trim()));
    let text = form.optional("text", &input.text, validate::optional_text);
    let themes: Option<Vec<String>> = input
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| form.field(&format!("themes[{i}]"), validate::theme(t.trim())))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let lead = form.optional("lead", &input.lead, validate::optional_text);
    let supporting: Option<Vec<String>> = input
        .supporting
        .iter()
        .enumerate()
        .map(|(i, s)| form.field(&format!("supporting[{i}]"), validate::text(s.trim())))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let value = (|| {
        Some(Commitment {
            id: id?,
            instrument_id: instrument_id?,
            reference: reference?,
            title: title?,
            text: text?,
            themes: themes?,
            lead: lead?,
            supporting: supporting?,
            archived: false,
        })
    })();
    form.finish(value)
}

fn check_milestone(input: &MilestoneInput) -> Result<Milestone> {
    let mut form = Form::default();
    let id = form.field("id", validate::id(input.id.trim()));
    let commitment_id = form.field("commitment_id", validate::id(input.commitment_id.trim()));
    let title = form.field("title", validate::text(input.title.trim()));
    let due = form.optional("due", &input.due, validate::partial_date);
    let origin = form.optional("origin", &input.origin, |s| {
        validate::one_of(s, Origin::parse, Origin::expected())
    });
    let kind = form.optional("kind", &input.kind, |s| {
        validate::one_of(s, MilestoneKind::parse, MilestoneKind::expected())
    });
    let value = (|| {
        Some(Milestone {
            id: id?,
            commitment_id: commitment_id?,
            title: title?,
            due: due?,
            origin: origin?.unwrap_or(Origin::Stated),
            kind: kind?.unwrap_or(MilestoneKind::Output),
            archived: false,
        })
    })();
    form.finish(value)
}

fn refuse_used_id(conn: &rusqlite::Connection, id: &str) -> Result<()> {
    match store::kind_of_id(conn, id)? {
        Some(kind) => Err(Error::invalid(
            "id",
            format!("id {id:?} is already used by a {kind}; choose another"),
        )),
        None => Ok(()),
    }
}

fn not_found(kind: EntityKind, id: &str) -> Error {
    Error::NotFound(format!("there is no {kind} with id {id:?}"))
}

fn same_id(path_id: &str, input_id: &str) -> Result<()> {
    if path_id == input_id.trim() {
        Ok(())
    } else {
        Err(Error::invalid(
            "id",
            format!("an id cannot be changed (it is {path_id:?}); create a new object instead"),
        ))
    }
}

pub fn create_instrument(store: &mut Store, input: &InstrumentInput) -> Result<Instrument> {
    let instrument = check_instrument(input)?;
    store.write_under(|tx| {
        refuse_used_id(tx, &instrument.id)?;
        instruments::insert_instrument(tx, &instrument)?;
        let under = vec![instrument.id.clone()];
        Ok((instrument, under))
    })
}

pub fn edit_instrument(store: &mut Store, id: &str, input: &InstrumentInput) -> Result<Instrument> {
    same_id(id, &input.id)?;
    let checked = check_instrument(input)?;
    store.write_touching(Touched::Instrument(id), |tx| {
        let old = instruments::get_instrument(tx, id)?
            .ok_or_else(|| not_found(EntityKind::Instrument, id))?;
        let new = Instrument {
            archived: old.archived,
            ..checked
        };
        if new != old {
            log_changes(
                tx,
                EntityKind::Instrument,
                id,
                &old,
                &new,
                ChangeOrigin::Edit,
            )?;
            instruments::update_instrument(tx, &new)?;
        }
        Ok(new)
    })
}

pub fn create_commitment(store: &mut Store, input: &CommitmentInput) -> Result<Commitment> {
    let commitment = check_commitment(input)?;
    store.write_under(|tx| {
        refuse_used_id(tx, &commitment.id)?;
        if instruments::get_instrument(tx, &commitment.instrument_id)?.is_none() {
            return Err(Error::invalid(
                "instrument_id",
                format!(
                    "there is no instrument with id {:?}",
                    commitment.instrument_id
                ),
            ));
        }
        commitments::insert_commitment(tx, &commitment)?;
        let under = vec![commitment.instrument_id.clone()];
        Ok((commitment, under))
    })
}

pub fn edit_commitment(store: &mut Store, id: &str, input: &CommitmentInput) -> Result<Commitment> {
    same_id(id, &input.id)?;
    let checked = check_commitment(input)?;
    store.write_touching(Touched::Commitment(id), |tx| {
        let old = commitments::get_commitment(tx, id)?
            .ok_or_else(|| not_found(EntityKind::Commitment, id))?;
        if instruments::get_instrument(tx, &checked.instrument_id)?.is_none() {
            return Err(Error::invalid(
                "instrument_id",
                format!("there is no instrument with id {:?}", checked.instrument_id),
            ));
        }
        let new = Commitment {
            archived: old.archived,
            ..checked
        };
        if new != old {
            log_changes(
                tx,
                EntityKind::Commitment,
                id,
                &old,
                &new,
                ChangeOrigin::Edit,
            )?;
            commitments::update_commitment(tx, &new)?;
        }
        Ok(new)
    })
}

pub fn create_milestone(store: &mut Store, input: &MilestoneInput) -> Result<Milestone> {
    let milestone = check_milestone(input)?;
    store.write_under(|tx| {
        refuse_used_id(tx, &milestone.id)?;
        let Some(parent) = commitments::get_commitment(tx, &milestone.commitment_id)? else {
            return Err(Error::invalid(
                "commitment_id",
                format!(
                    "there is no commitment with id {:?}",
                    milestone.commitment_id
                ),
            ));
        };
        milestones::insert_milestone(tx, &milestone)?;
        Ok((milestone, vec![parent.instrument_id]))
    })
}

/// Edits a milestone. Its own `due` is the original deadline; re-scheduling is an update
/// with a new due, so the slip stays visible.
pub fn edit_milestone(store: &mut Store, id: &str, input: &MilestoneInput) -> Result<Milestone> {
    same_id(id, &input.id)?;
    let checked = check_milestone(input)?;
    store.write_touching(Touched::Milestone(id), |tx| {
        let old = milestones::get_milestone(tx, id)?
            .ok_or_else(|| not_found(EntityKind::Milestone, id))?;
        if commitments::get_commitment(tx, &checked.commitment_id)?.is_none() {
            return Err(Error::invalid(
                "commitment_id",
                format!("there is no commitment with id {:?}", checked.commitment_id),
            ));
        }
        let new = Milestone {
            archived: old.archived,
            ..checked
        };
        if new != old {
            log_changes(
                tx,
                EntityKind::Milestone,
                id,
                &old,
                &new,
                ChangeOrigin::Edit,
            )?;
            milestones::update_milestone(tx, &new)?;
        }
        Ok(new)
    })
}

/// Archives (hides from views and counts) or restores an object. Its history stays.
pub fn set_archived(store: &mut Store, kind: EntityKind, id: &str, archived: bool) -> Result<()> {
    store.write_under(|tx| {
        let under = instrument_above(tx, kind, id)?;
        match kind {
            EntityKind::Instrument => {
                let old =
                    instruments::get_instrument(tx, id)?.ok_or_else(|| not_found(kind, id))?;
                let new = Instrument {
                    archived,
                    ..old.clone()
                };
                if new != old {
                    log_changes(tx, kind, id, &old, &new, ChangeOrigin::Edit)?;
                    instruments::update_instrument(tx, &new)?;
                }
            }
            EntityKind::Commitment => {
                let old =
                    commitments::get_commitment(tx, id)?.ok_or_else(|| not_found(kind, id))?;
                let new = Commitment {
                    archived,
                    ..old.clone()
                };
                if new != old {
                    log_changes(tx, kind, id, &old, &new, ChangeOrigin::Edit)?;
                    commitments::update_commitment(tx, &new)?;
                }
            }
            EntityKind::Milestone => {
                let old = milestones::get_milestone(tx, id)?.ok_or_else(|| not_found(kind, id))?;
                let new = Milestone {
                    archived,
                    ..old.clone()
                };
                if new != old {
                    log_changes(tx, kind, id, &old, &new, ChangeOrigin::Edit)?;
                    milestones::update_milestone(tx, &new)?;
                }
            }
        }
        Ok(((), vec![under]))
    })
}

/// Deletes an object and everything below it, unless any update hangs below it: recorded
/// history is never deleted, so such an object can only be archived.
pub fn delete(store: &mut Store, kind: EntityKind, id: &str) -> Result<()> {
    store.write_under(|tx| {
        if store::kind_of_id(tx, id)? != Some(kind) {
            return Err(not_found(kind, id));
        }
        let under = vec![instrument_above(tx, kind, id)?];
        let count = updates::count_updates_under(tx, kind, id)?;
        if count > 0 {
            let what = if kind == EntityKind::Milestone { "it" } else { "its milestones" };
            return Err(Error::Refused(format!(
                "the {kind} {id:?} cannot be deleted: {what} {} {count} recorded update{}, and recorded \
                 history is never deleted. Archive it instead.",
                if count == 1 { "has" } else { "have" },
                if count == 1 { "" } else { "s" },
            )));
        }
        match kind {
            EntityKind::Milestone => delete_milestone(tx, id)?,
            EntityKind::Commitment => delete_commitment(tx, id)?,
            EntityKind::Instrument => {
                for c in commitments::list_commitments_of(tx, id)? {
                    delete_commitment(tx, &c.id)?;
                }
                let old = instruments::get_instrument(tx, id)?.ok_or_else(|| not_found(kind, id))?;
                log_deletion(tx, kind, id, &old)?;
                instruments::delete_instrument(tx, id)?;
            }
        }
        Ok(((), under))
    })
}

/// The id of the instrument an object is, or sits under.
fn instrument_above(tx: &rusqlite::Connection, kind: EntityKind, id: &str) -> Result<String> {
    let commitment_id = match kind {
        EntityKind::Instrument => return Ok(id.to_string()),
        EntityKind::Commitment => id.to_string(),
        EntityKind::Milestone => {
            milestones::get_milestone(tx, id)?
                .ok_or_else(|| not_found(kind, id))?
                .commitment_id
        }
    };
    Ok(commitments::get_commitment(tx, &commitment_id)?
        .ok_or_else(|| not_found(EntityKind::Commitment, &commitment_id))?
        .instrument_id)
}

fn delete_commitment(tx: &rusqlite::Connection, id: &str) -> Result<()> {
    for m in milestones::list_milestones_of(tx, id)? {
        delete_milestone(tx, &m.id)?;
    }
    let old = commitments::get_commitment(tx, id)?
        .ok_or_else(|| not_found(EntityKind::Commitment, id))?;
    log_deletion(tx, EntityKind::Commitment, id, &old)?;
    commitments::delete_commitment(tx, id)
}

fn delete_milestone(tx: &rusqlite::Connection, id: &str) -> Result<()> {
    let old =
        milestones::get_milestone(tx, id)?.ok_or_else(|| not_found(EntityKind::Milestone, id))?;
    log_deletion(tx, EntityKind::Milestone, id, &old)?;
    milestones::delete_milestone(tx, id)
}
