//! Commands that change data: recording updates and editing the hierarchy.

use accord::edit::{self, CommitmentInput, InstrumentInput, MilestoneInput};
use accord::model::{Commitment, EntityKind, Instrument, Milestone, Update};
use accord::record::{self, UpdateInput};
use tauri::{AppHandle, State};

use super::announce;
use crate::error::CommandResult;
use crate::state::AppState;

/// Records an update; returns it once it is durably committed.
#[tauri::command(async)]
pub fn record_update(
    app: AppHandle,
    state: State<'_, AppState>,
    input: UpdateInput,
) -> CommandResult<Update> {
    let update = state.with_store(|s| record::record_update(s, &input, accord::date::today()))?;
    announce(&app, "update", Some(&update.milestone_id));
    Ok(update)
}

#[tauri::command(async)]
pub fn create_instrument(
    app: AppHandle,
    state: State<'_, AppState>,
    input: InstrumentInput,
) -> CommandResult<Instrument> {
    let created = state.with_store(|s| edit::create_instrument(s, &input))?;
    announce(&app, "edit", Some(&created.id));
    Ok(created)
}

#[tauri::command(async)]
pub fn edit_instrument(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    input: InstrumentInput,
) -> CommandResult<Instrument> {
    let edited = state.with_store(|s| edit::edit_instrument(s, &id, &input))?;
    announce(&app, "edit", Some(&id));
    Ok(edited)
}

#[tauri::command(async)]
pub fn create_commitment(
    app: AppHandle,
    state: State<'_, AppState>,
    input: CommitmentInput,
) -> CommandResult<Commitment> {
    let created = state.with_store(|s| edit::create_commitment(s, &input))?;
    announce(&app, "edit", Some(&created.id));
    Ok(created)
}

#[tauri::command(async)]
pub fn edit_commitment(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    input: CommitmentInput,
) -> CommandResult<Commitment> {
    let edited = state.with_store(|s| edit::edit_commitment(s, &id, &input))?;
    announce(&app, "edit", Some(&id));
    Ok(edited)
}

#[tauri::command(async)]
pub fn create_milestone(
    app: AppHandle,
    state: State<'_, AppState>,
    input: MilestoneInput,
) -> CommandResult<Milestone> {
    let created = state.with_store(|s| edit::create_milestone(s, &input))?;
    announce(&app, "edit", Some(&created.id));
    Ok(created)
}

#[tauri::command(async)]
pub fn edit_milestone(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    input: MilestoneInput,
) -> CommandResult<Milestone> {
    let edited = state.with_store(|s| edit::edit_milestone(s, &id, &input))?;
    announce(&app, "edit", Some(&id));
    Ok(edited)
}

/// Archives or restores; history is kept either way.
#[tauri::command(async)]
pub fn set_archived(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: EntityKind,
    id: String,
    archived: bool,
) -> CommandResult<()> {
    state.with_store(|s| edit::set_archived(s, kind, &id, archived))?;
    announce(&app, "edit", Some(&id));
    Ok(())
}

/// Deletes something that has no recorded updates below it; otherwise refuses.
#[tauri::command(async)]
pub fn delete_entity(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: EntityKind,
    id: String,
) -> CommandResult<()> {
    state.with_store(|s| edit::delete(s, kind, &id))?;
    announce(&app, "edit", Some(&id));
    Ok(())
}
