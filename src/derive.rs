//! Everything Accord computes from the recorded updates, as of a date D: a milestone's
//! status, current due, slip, timeliness and staleness, and the roll-up counts.
//!
//! This is the only place these rules live. Only updates with `as_of` ≤ D count, so any
//! past state can be shown again. Nothing here touches the database.

use chrono::NaiveDate;
use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use crate::date::PartialDate;
use crate::model::{MilestoneStatus, Status, Timeliness, Update, Vocabulary};

/// A deadline ending within this many days after D is "due soon".
pub const DUE_SOON_DAYS: i64 = 90;

/// A milestone with no update for this many days before D is "stale".
pub const STALE_DAYS: i64 = 180;

/// Where one milestone stands as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MilestoneState {
    pub status: MilestoneStatus,
    #[ts(as = "Option<String>")]
    pub current_due: Option<PartialDate>,
    /// Current due's end minus original due's end; `None` unless both exist.
    pub slip_days: Option<i64>,
    pub timeliness: Timeliness,
    pub stale: bool,
    /// The `as_of` of the latest update that counts.
    #[serde(serialize_with = "crate::date::serialize_some_day")]
    pub last_as_of: Option<NaiveDate>,
    /// When the milestone became `done` (the first update of its final run of `done`s).
    #[serde(serialize_with = "crate::date::serialize_some_day")]
    pub done_since: Option<NaiveDate>,
}

/// What the derivations read of an update: the date it is about, its status and any new
/// due date. Lists and roll-ups load only this much; pages that show updates load them
/// whole.
pub trait Observed {
    fn as_of(&self) -> NaiveDate;
    fn status(&self) -> Status;
    fn due(&self) -> Option<PartialDate>;
}

impl Observed for Update {
    fn as_of(&self) -> NaiveDate {
        self.as_of
    }
    fn status(&self) -> Status {
        self.status
    }
    fn due(&self) -> Option<PartialDate> {
        self.due
    }
}

/// Derives a milestone's state as of `as_of` from its original `due` and its updates in
/// the order they happened, which begins with ordering by `as_of` (updates after `as_of`
/// are ignored here: they are the list's tail).
pub fn milestone_state<U: Observed>(
    due: Option<PartialDate>,
    updates: &[U],
    as_of: NaiveDate,
) -> MilestoneState {
    let counted = &updates[..updates.partition_point(|u| u.as_of() <= as_of)];
    let latest = counted.last();
    let status = latest.map_or(MilestoneStatus::Unassessed, |u| u.status().into());
    let current_due = current_due_of(due, counted);
    let slip_days = match (due, current_due) {
        (Some(original), Some(current)) => Some((current.end() - original.end()).num_days()),
        _ => None,
    };
    let done_since = if status == MilestoneStatus::Done {
        counted
            .iter()
            .rev()
            .take_while(|u| u.status() == Status::Done)
            .last()
            .map(|u| u.as_of())
    } else {
        None
    };
    let last_as_of = latest.map(|u| u.as_of());
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

/// A milestone's due as of `as_of`: the latest new due among its updates up to then, or its
/// original `due`. Only updates that set a due matter here, so `updates` may hold just
/// those (the timeline's first call reads only them for every milestone).
pub fn current_due<U: Observed>(
    due: Option<PartialDate>,
    updates: &[U],
    as_of: NaiveDate,
) -> Option<PartialDate> {
    current_due_of(
        due,
        &updates[..updates.partition_point(|u| u.as_of() <= as_of)],
    )
}

fn current_due_of<U: Observed>(due: Option<PartialDate>, counted: &[U]) -> Option<PartialDate> {
    counted.iter().rev().find_map(|u| u.due()).or(due)
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
pub fn due_before<U: std::borrow::Borrow<Update>>(
    original: Option<PartialDate>,
    history: &[U],
    as_of: NaiveDate,
) -> Option<PartialDate> {
    history
        .iter()
        .map(U::borrow)
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

/// Counts of milestones in each status and timeliness, with their denominator. Every
/// status and timeliness is present, zeros included, in the spec's order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
pub struct Counts {
    pub total: u32,
    #[ts(as = "BTreeMap<MilestoneStatus, u32>")]
    pub status: Tally<MilestoneStatus, { MilestoneStatus::ALL.len() }>,
    #[ts(as = "BTreeMap<Timeliness, u32>")]
    pub timeliness: Tally<Timeliness, { Timeliness::ALL.len() }>,
    pub stale: u32,
}

impl Counts {
    pub fn add(&mut self, state: &MilestoneState) {
        self.total += 1;
        self.status.add(state.status);
        self.timeliness.add(state.timeliness);
        self.stale += u32::from(state.stale);
    }

    /// Adds another set of counts (a commitment's into its instrument's).
    pub fn merge(&mut self, other: &Counts) {
        self.total += other.total;
        self.stale += other.stale;
        self.status.merge(&other.status);
        self.timeliness.merge(&other.timeliness);
    }

    pub fn status(&self, status: MilestoneStatus) -> u32 {
        self.status.get(status)
    }

    pub fn timeliness(&self, timeliness: Timeliness) -> u32 {
        self.timeliness.get(timeliness)
    }
}

/// A count for each value of a vocabulary (`N` of them), kept in an array in the spec's
/// order and serialized as a map from each value to its count, zeros included. A status
/// board counts 100k milestones into 10k of these: a map allocated per count cost more
/// than the counting, and writing them out a third of `accord status --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally<K, const N: usize> {
    each: [u32; N],
    of: std::marker::PhantomData<K>,
}

impl<K: Vocabulary, const N: usize> Default for Tally<K, N> {
    fn default() -> Self {
        // One count for each value, checked when compiled.
        const { assert!(K::ALL.len() == N) };
        Tally {
            each: [0; N],
            of: std::marker::PhantomData,
        }
    }
}

impl<K: Vocabulary, const N: usize> Tally<K, N> {
    /// Counts one more with `value`.
    pub fn add(&mut self, value: K) {
        self.each[value.index()] += 1;
    }

    pub fn merge(&mut self, other: &Self) {
        for (mine, theirs) in self.each.iter_mut().zip(other.each) {
            *mine += theirs;
        }
    }

    pub fn get(&self, value: K) -> u32 {
        self.each[value.index()]
    }

    /// Each value with its count, in the spec's order.
    pub fn iter(&self) -> impl Iterator<Item = (K, u32)> + '_ {
        K::ALL.iter().copied().zip(self.each)
    }
}

impl<K: Vocabulary, const N: usize> Serialize for Tally<K, N> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(value, n)| (value.as_str(), n)))
    }
}
