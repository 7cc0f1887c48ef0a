//! Recording an update: the one way new observations enter the history by hand.
//!
//! The input is what a person typed (strings), so every problem can be named by its field.
//! The update gets a UUID and `recorded_at`, is committed durably, and only then returned.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date;
use crate::derive;
use crate::error::{Error, FieldError, Result};
use crate::model::{Source, Status, Update};
use crate::snapshot::Touched;
use crate::store::{milestones, updates, Store};
use crate::validate::{self, Form};

/// A piece of evidence as typed: an address and, optionally, what it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EvidenceInput {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
}

/// A new update as typed in the form or on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateInput {
    pub milestone_id: String,
    pub status: String,
    pub as_of: String,
    pub note: String,
    #[serde(default)]
    pub evidence: Vec<EvidenceInput>,
    /// A new due date (a partial date); empty or absent when the due is unchanged.
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub contested: bool,
    #[serde(default)]
    pub author: Option<String>,
}

fn blank_to_none(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks every field, collecting all problems; `today` bounds `as_of`.
fn check(input: &UpdateInput, today: NaiveDate) -> Result<Update> {
    let mut form = Form::default();
    let status = form.field(
        "status",
        validate::one_of(input.status.trim(), Status::parse, Status::expected()),
    );
    let as_of = form.field(
        "as_of",
        validate::full_date(input.as_of.trim()).and_then(|d| {
            if d > today {
                Err(format!(
                    "expected a date not after today ({today}), got {d}"
                ))
            } else {
                Ok(d)
            }
        }),
    );
    let note = form.field(
        "note",
        validate::text(&input.note).map(|s| s.trim().to_string()),
    );
    let evidence: Option<Vec<Source>> = input
        .evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| !(e.url.trim().is_empty() && blank_to_none(&e.title).is_none()))
        .map(|(i, e)| {
            let url = form.field(&format!("evidence[{i}].url"), validate::url(e.url.trim()))?;
            Some(Source {
                title: blank_to_none(&e.title).map(str::to_string),
                ..Source::from_url(url)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let due = form.optional("due", &input.due, validate::partial_date);
    let author = form.optional("author", &input.author, validate::optional_text);
    let milestone_id = input.milestone_id.trim();
    if milestone_id.is_empty() {
        form.errors.push(FieldError::new(
            "milestone_id",
            "expected the id of the milestone to update",
        ));
    }
    let value = (|| {
        Some(Update {
            id: uuid::Uuid::new_v4().to_string(),
            milestone_id: milestone_id.to_string(),
            as_of: as_of?,
            status: status?,
            note: note?,
            evidence: evidence?,
            due: due?,
            contested: Some(input.contested),
            author: author?,
            recorded_at: Some(date::now_timestamp()),
        })
    })();
    form.finish(value)
}

/// Validates and records an update, returning it once it is durably committed.
pub fn record_update(store: &mut Store, input: &UpdateInput, today: NaiveDate) -> Result<Update> {
    let update = check(input, today)?;
    store.write_touching(Touched::Milestone(&update.milestone_id), |tx| {
        let Some(milestone) = milestones::get_milestone(tx, &update.milestone_id)? else {
            return Err(Error::invalid(
                "milestone_id",
                format!("there is no milestone with id {:?}", update.milestone_id),
            ));
        };
        if milestone.archived {
            return Err(Error::invalid(
                "milestone_id",
                format!("the milestone {:?} is archived; restore it before recording updates", milestone.id),
            ));
        }
        let history = updates::list_updates_of(tx, &milestone.id)?;
        if update.evidence.is_empty() {
            let reason = derive::evidence_required(
                derive::status_before(&history, update.as_of),
                derive::due_before(milestone.due, &history, update.as_of),
                update.status,
                update.due,
            );
            if let Some(reason) = reason {
                return Err(Error::invalid(
                    "evidence",
                    format!("expected at least one evidence source (an http or https address), because {reason}"),
                ));
            }
        }
        updates::insert_update(tx, &update)?;
        Ok(())
    })?;
    Ok(update)
}
