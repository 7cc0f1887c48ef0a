//! Exporting the PDF report: typeset by the core, written where the user chose, then
//! opened in the system's PDF viewer. The app remembers the as-of date of the last report
//! so the next one can say what changed since.

use std::path::PathBuf;

use accord::report::{self, ReportOptions};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use super::as_of;
use crate::error::{CommandError, CommandResult};
use crate::settings;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReportRequest {
    /// Where to write the PDF (from the save dialog).
    pub path: String,
    /// The date the report is as of; today when absent.
    pub as_of: Option<String>,
    /// Also list what changed after this date.
    pub since: Option<String>,
    /// The instruments covered; all when empty.
    pub instruments: Vec<String>,
    /// "auto" (the default: full detail up to 2,000 milestones), "full" or "summary".
    pub detail: Option<String>,
    /// Open the PDF in the system viewer once written.
    pub open: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportDefaults {
    /// The as-of date of the last report exported, the natural "since" of the next.
    pub since: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportWritten {
    pub path: String,
    pub bytes: u32,
}

#[tauri::command]
pub fn report_defaults(app: AppHandle) -> ReportDefaults {
    ReportDefaults {
        since: settings::load(&app).last_report_as_of,
    }
}

#[tauri::command(async)]
pub fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    request: ReportRequest,
) -> CommandResult<ReportWritten> {
    let date = as_of(request.as_of.clone())?;
    let since = match request
        .since
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(text) => Some(
            accord::validate::full_date(text)
                .map_err(|m| CommandError::from(accord::Error::invalid("since", m)))?,
        ),
    };
    let detail = match request.detail.as_deref().map(str::trim) {
        None | Some("") => report::Detail::Auto,
        Some(word) => report::Detail::parse(word).ok_or_else(|| {
            CommandError::from(accord::Error::invalid(
                "detail",
                format!("expected auto, full or summary, got {word:?}"),
            ))
        })?,
    };
    let options = ReportOptions {
        as_of: date,
        since,
        instruments: request.instruments.clone(),
        detail,
    };
    let pdf = state.with_store(|s| s.read(|tx| report::render_pdf(tx, &options)))?;
    let path = PathBuf::from(&request.path);
    accord::cli::write_file_atomically(&path, &pdf).map_err(CommandError::from)?;
    let mut remembered = settings::load(&app);
    remembered.last_report_as_of = Some(date.to_string());
    // Failing to remember a default is not worth failing the export for.
    let _ = settings::save(&app, &remembered);
    if request.open {
        app.opener()
            .open_path(path.to_string_lossy(), None::<&str>)
            .map_err(|e| {
                CommandError::new(
                    "io",
                    format!(
                        "the report was written to {}, but no PDF viewer opened: {e}",
                        path.display()
                    ),
                )
            })?;
    }
    Ok(ReportWritten {
        path: request.path,
        bytes: pdf.len() as u32,
    })
}
