//! Import and export of files the user picked in a dialog.

use std::path::PathBuf;

use accord::exchange::{self, ExportScope, ImportSummary};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use ts_rs::TS;

use super::{announce, as_of};
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Csv,
}

/// What an import did; whether it changed anything is the core's judgement
/// (`ImportSummary::is_noop`), so the UI does not work it out again.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportResult {
    pub summary: ImportSummary,
    pub changed_nothing: bool,
}

/// Imports an exchange file: all of it, or nothing with every error listed.
#[tauri::command(async)]
pub fn import_file(
    app: AppHandle,
    state: State<'_, AppState>,
    path: PathBuf,
) -> CommandResult<ImportResult> {
    let bytes = exchange::read_import(&path)?;
    let summary = state.with_store(|s| exchange::import_bytes(s, &bytes))?;
    announce(&app, "import", None);
    Ok(ImportResult {
        changed_nothing: summary.is_noop(),
        summary,
    })
}

/// Exports everything as an exchange file, or the milestones as of a date as CSV.
#[tauri::command(async)]
pub fn export_file(
    state: State<'_, AppState>,
    path: PathBuf,
    format: ExportFormat,
    as_of_date: Option<String>,
) -> CommandResult<()> {
    let date = as_of(as_of_date)?;
    let text = state.with_store(|s| match format {
        ExportFormat::Json => exchange::export_json(s.conn(), &ExportScope::default()),
        ExportFormat::Csv => exchange::csv::export_csv(s.conn(), date),
    })?;
    accord::cli::write_file_atomically(&path, text.as_bytes()).map_err(CommandError::from)
}
