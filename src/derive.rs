//! Everything Accord computes from the recorded updates, as of a date D: a milestone's
//! status, current due, slip, timeliness and staleness, and the roll-up counts.
//!
//! This is the only place these rules live. Only updates with `as_of` ≤ D count, so any
//! past state can be shown again. Nothing here touches the database.

use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::date::PartialDate;
use crate::model::{MilestoneStatus, Status, Timeliness, Update};

/// A deadline ending within this many days after D is "due soon".
pub const DUE_SOON_DAYS: i64 = 90;

/// A milestone with no update for this many days before D is "stale".
pub const STALE_DAYS: i64 = 180;

/// Where one milestone stands as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneState {
    pub status: MilestoneStatus,
    pub current_due: Option<PartialDate>,
    /// Current due's end minus original due's end; `None` unless both exist.
    pub slip_days: Option<i64>,
    pub timeliness: Timeliness,
    pub stale: bool,
    /// The `as_of` of the latest update that counts.
    pub last_as_of: Option<NaiveDate>,
    /// When the milestone became `done` (the first update of its final run of `done`s).
    pub done_since: Option<NaiveDate>,
}

/// Derives a milestone's state as of `as_of` from its original `due` and its updates in
/// the order they happened (updates after `as_of` are ignored here).
pub fn milestone_state(
    due: Option<PartialDate>,
    updates: &[Update],
    as_of: NaiveDate,
) -> MilestoneState {
    let counted: Vec<&Update> = updates.iter().filter(|u| u.as_of <= as_of).collect();
    let latest = counted.last();
    let status = latest.map_or(MilestoneStatus::Unassessed, |u| u.status.into());
    let current_due = counted.iter().rev().find_map(|u| u.due).or(due);
    let slip_days = match (due, current_due) {
        (Some(original), Some(current)) => Some((current.end() - original.end()).num_days()),
        _ => None,
    };
    let done_since = if status == MilestoneStatus::Done {
        counted
            .iter()
            .rev()
            .take_while(|u| u.status == Status::Done)
            .last()
            .map(|u| u.as_of)
    } else {
        None
    };
    let last_as_of = latest.map(|u| u.as_of);
    MilestoneState {
        status,
        current_due,
        slip_days,
        timeliness: timeliness(status, current_due, done_since, as_of),
        stale: !status.is_final()
            && last_as_of.is_none_or(|last| (as_of - last).num_days() >= STALE_DAYS),
        last_as_of,
        done_since,
    }
}

/// Timeliness as the spec defines it, checked in its order.
pub fn timeliness(
    status: MilestoneStatus,
    current_due: Option<PartialDate>,
    done_since: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Timeliness {
    let Some(due) = current_due else {
        return Timeliness::Undated;
    };
    let end = due.end();
    if !status.is_final() {
        if end < as_of {
            return Timeliness::Overdue;
        }
        if (end - as_of).num_days() <= DUE_SOON_DAYS {
            return Timeliness::DueSoon;
        }
    }
    if status == MilestoneStatus::Done && done_since.is_some_and(|d| d > end) {
        return Timeliness::Late;
    }
    Timeliness::OnTime
}

/// The status in force just before an update dated `as_of` (for the evidence rule):
/// the latest of `history` (in the order they happened) with `as_of` on or before it.
pub fn status_before(history: &[Update], as_of: NaiveDate) -> Option<Status> {
    history
        .iter()
        .rev()
        .find(|u| u.as_of <= as_of)
        .map(|u| u.status)
}

/// The due in force just before an update dated `as_of`.
pub fn due_before(
    original: Option<PartialDate>,
    history: &[Update],
    as_of: NaiveDate,
) -> Option<PartialDate> {
    history
        .iter()
        .rev()
        .filter(|u| u.as_of <= as_of)
        .find_map(|u| u.due)
        .or(original)
}

/// The spec's evidence rule: an update that changes the status (or is the first), or
/// changes the due date, must cite evidence. Returns why it must, when it must.
pub fn evidence_required(
    previous_status: Option<Status>,
    previous_due: Option<PartialDate>,
    status: Status,
    due: Option<PartialDate>,
) -> Option<String> {
    let status_reason = match previous_status {
        None => Some("it is the milestone's first update".to_string()),
        Some(prev) if prev != status => {
            Some(format!("it changes the status from {prev} to {status}"))
        }
        Some(_) => None,
    };
    let due_reason = match due {
        Some(new) if Some(new) != previous_due => Some(match previous_due {
            Some(old) => format!("it moves the due date from {old} to {new}"),
            None => format!("it sets the due date to {new}"),
        }),
        _ => None,
    };
    match (status_reason, due_reason) {
        (Some(a), Some(b)) => Some(format!("{a} and {b}")),
        (a, b) => a.or(b),
    }
}

/// Counts of milestones in each status and timeliness, with their denominator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: u32,
    status: [u32; 9],
    timeliness: [u32; 5],
    pub stale: u32,
}

fn index_of<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter()
        .position(|v| v == value)
        .expect("value of its own vocabulary")
}

impl Counts {
    pub fn add(&mut self, state: &MilestoneState) {
        self.total += 1;
        self.status[index_of(MilestoneStatus::ALL, &state.status)] += 1;
        self.timeliness[index_of(Timeliness::ALL, &state.timeliness)] += 1;
        self.stale += u32::from(state.stale);
    }

    /// Adds another set of counts (a commitment's into its instrument's).
    pub fn merge(&mut self, other: &Counts) {
        self.total += other.total;
        self.stale += other.stale;
        for (mine, theirs) in self.status.iter_mut().zip(other.status) {
            *mine += theirs;
        }
        for (mine, theirs) in self.timeliness.iter_mut().zip(other.timeliness) {
            *mine += theirs;
        }
    }

    pub fn status(&self, status: MilestoneStatus) -> u32 {
        self.status[index_of(MilestoneStatus::ALL, &status)]
    }

    pub fn timeliness(&self, timeliness: Timeliness) -> u32 {
        self.timeliness[index_of(Timeliness::ALL, &timeliness)]
    }
}

struct Named<'a, T: Copy + 'static>(&'a [u32], &'static [T], fn(T) -> &'static str);

impl<T: Copy> Serialize for Named<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.1.len()))?;
        for (value, count) in self.1.iter().zip(self.0) {
            map.serialize_entry(self.2(*value), count)?;
        }
        map.end()
    }
}

/// `{"total": n, "status": {every status: n}, "timeliness": {…}, "stale": n}`, every key
/// present even when its count is zero.
impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("total", &self.total)?;
        map.serialize_entry(
            "status",
            &Named(&self.status, MilestoneStatus::ALL, MilestoneStatus::as_str),
        )?;
        map.serialize_entry(
            "timeliness",
            &Named(&self.timeliness, Timeliness::ALL, Timeliness::as_str),
        )?;
        map.serialize_entry("stale", &self.stale)?;
        map.end()
    }
}
