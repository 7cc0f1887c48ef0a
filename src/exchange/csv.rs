//! The CSV export: one row per milestone as of a date, for spreadsheets. It is a view of
//! the derived state, not an exchange format: it cannot be imported back.

use rusqlite::Connection;

use crate::error::Result;
use crate::snapshot::Snapshot;

const HEADER: &[&str] = &[
    "instrument_id",
    "instrument",
    "commitment_id",
    "commitment",
    "milestone_id",
    "milestone",
    "due",
    "current_due",
    "status",
    "timeliness",
    "slip_days",
    "stale",
    "last_update_as_of",
    "last_update_note",
    "last_update_evidence",
];

/// The milestones as of the snapshot's date, one row each, in hierarchy order.
pub fn export_csv(conn: &Connection, as_of: chrono::NaiveDate) -> Result<String> {
    let snapshot = Snapshot::load(conn, as_of)?;
    let histories = snapshot.histories(conn)?;
    let commitment_by_id: std::collections::HashMap<&str, &crate::model::Commitment> = snapshot
        .commitments
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let write_err = |e: csv::Error| crate::error::Error::Refused(format!("cannot write CSV: {e}"));
    out.write_record(HEADER).map_err(write_err)?;
    let instrument_title = |id: &str| {
        snapshot
            .instruments
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.title.clone())
            .unwrap_or_default()
    };
    for (m, state) in &snapshot.milestones {
        let commitment = commitment_by_id.get(m.commitment_id.as_str()).copied();
        let instrument_id = commitment
            .map(|c| c.instrument_id.clone())
            .unwrap_or_default();
        let last = histories.get(&m.id).and_then(|us| us.last());
        let text = |v: Option<String>| v.unwrap_or_default();
        out.write_record([
            instrument_id.clone(),
            instrument_title(&instrument_id),
            m.commitment_id.clone(),
            text(commitment.map(|c| c.title.clone())),
            m.id.clone(),
            m.title.clone(),
            text(m.due.map(|d| d.to_string())),
            text(state.current_due.map(|d| d.to_string())),
            state.status.to_string(),
            state.timeliness.to_string(),
            text(state.slip_days.map(|d| d.to_string())),
            state.stale.to_string(),
            text(last.map(|u| u.as_of.to_string())),
            text(last.map(|u| u.note.clone())),
            text(last.and_then(|u| u.evidence.first()).map(|s| s.url.clone())),
        ])
        .map_err(write_err)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| crate::error::Error::Refused(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8"))
}
