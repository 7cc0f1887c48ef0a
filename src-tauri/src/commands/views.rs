//! Read-only commands: what each screen shows, as of a date.

use accord::store::search::{self, Hit};
use accord::views::{
    self, CommitmentDetail, Dashboard, InstrumentDetail, MilestoneDetail, MilestoneFilter,
    MilestoneList, MilestoneSort, Timeline,
};
use tauri::State;

use super::as_of;
use crate::error::CommandResult;
use crate::state::AppState;

/// Today's date on this computer, the default as-of date.
#[tauri::command]
pub fn today() -> String {
    accord::date::today().to_string()
}

#[tauri::command(async)]
pub fn dashboard(
    state: State<'_, AppState>,
    as_of_date: Option<String>,
) -> CommandResult<Dashboard> {
    let date = as_of(as_of_date)?;
    state.with_store(|s| {
        let snapshot = s.snapshot(date)?;
        views::dashboard_from(s.conn(), &snapshot)
    })
}

/// The timeline's chart for a filter: what it draws, and the counts of the rest. From the
/// kept snapshot when there is one; the first call, unfiltered, reads only what it draws.
#[tauri::command(async)]
pub fn timeline(
    state: State<'_, AppState>,
    as_of_date: Option<String>,
    filter: Option<MilestoneFilter>,
) -> CommandResult<Timeline> {
    let date = as_of(as_of_date)?;
    let filter = filter.unwrap_or_default();
    state.with_store(|s| views::timeline_in(s, date, &filter))
}

/// The table's first `limit` rows (300 when not given) that pass a filter, in `sort`'s
/// order, with the count of all that match.
#[tauri::command(async)]
pub fn milestone_list(
    state: State<'_, AppState>,
    as_of_date: Option<String>,
    filter: Option<MilestoneFilter>,
    sort: Option<MilestoneSort>,
    limit: Option<usize>,
) -> CommandResult<MilestoneList> {
    let date = as_of(as_of_date)?;
    let filter = filter.unwrap_or_default();
    let sort = sort.unwrap_or_default();
    let limit = limit.unwrap_or(views::TABLE_PAGE);
    state.with_store(|s| {
        let snapshot = s.snapshot(date)?;
        views::milestone_list(s.conn(), &snapshot, &filter, sort, limit)
    })
}

#[tauri::command(async)]
pub fn instrument_detail(
    state: State<'_, AppState>,
    id: String,
    as_of_date: Option<String>,
) -> CommandResult<InstrumentDetail> {
    let date = as_of(as_of_date)?;
    state.with_store(|s| views::instrument_detail(s.conn(), &id, date))
}

#[tauri::command(async)]
pub fn commitment_detail(
    state: State<'_, AppState>,
    id: String,
    as_of_date: Option<String>,
) -> CommandResult<CommitmentDetail> {
    let date = as_of(as_of_date)?;
    state.with_store(|s| views::commitment_detail(s.conn(), &id, date))
}

#[tauri::command(async)]
pub fn milestone_detail(
    state: State<'_, AppState>,
    id: String,
    as_of_date: Option<String>,
) -> CommandResult<MilestoneDetail> {
    let date = as_of(as_of_date)?;
    state.with_store(|s| views::milestone_detail(s.conn(), &id, date))
}

/// Full-text search; any typed text is safe.
#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: String) -> CommandResult<Vec<Hit>> {
    state.with_store(|s| search::search(s.conn(), &query, 100))
}
