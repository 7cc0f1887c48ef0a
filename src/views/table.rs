//! The table's data: the milestones that pass a filter, ordered by one of its columns and
//! cut to the rows the table shows, with the count of all that match. The whole list at
//! 100k milestones is about 60 MB of JSON, for a table that adds 300 rows at a time.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::filter::{filter_options, FilterOptions, MilestoneFilter};
use super::milestone_view::{MilestoneView, Places};
use super::timeline::{select, Selection};
use crate::error::Result;
use crate::model::{MilestoneStatus, Timeliness};
use crate::snapshot::Snapshot;

/// The rows a table asks for when it does not say.
pub const TABLE_PAGE: usize = 300;

/// The table's columns, as it orders by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    Title,
    Instrument,
    Status,
    Due,
    #[default]
    CurrentDue,
    Slip,
    Timeliness,
    LastUpdate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

/// A column and a direction. Rows without a value in it (no date, no slip, never
/// updated) come last either way; ties keep the hierarchy's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MilestoneSort {
    pub key: SortKey,
    pub dir: SortDir,
}

/// The first rows of the table in its order.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MilestoneList {
    pub as_of: NaiveDate,
    pub options: FilterOptions,
    /// Every live milestone.
    pub total: usize,
    /// Those that pass the filter; `milestones` holds the first of them.
    pub matching: usize,
    pub milestones: Vec<MilestoneView>,
}

/// What a row is ordered by in one column; one kind per column.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Text(String),
    Status(MilestoneStatus),
    Timeliness(Timeliness),
    Days(i64),
    Date(NaiveDate),
}

/// The first `limit` milestones that pass `filter`, in `sort`'s order.
pub fn milestone_list(
    conn: &Connection,
    snapshot: &Snapshot,
    filter: &MilestoneFilter,
    sort: MilestoneSort,
    limit: usize,
) -> Result<MilestoneList> {
    let Selection {
        total,
        mut dated,
        undated,
        ..
    } = select(conn, snapshot, filter)?;
    dated.extend(undated);
    let places = Places::of(snapshot);
    let mut rows: Vec<(Option<Value>, usize)> = dated
        .into_iter()
        .map(|n| (value(snapshot, &places, n, sort.key), n))
        .collect();
    let matching = rows.len();
    let order = |a: &(Option<Value>, usize), b: &(Option<Value>, usize)| {
        let by_value = match (&a.0, &b.0) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(x), Some(y)) if sort.dir == SortDir::Desc => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
        };
        by_value.then(a.1.cmp(&b.1))
    };
    if limit < rows.len() {
        if limit > 0 {
            rows.select_nth_unstable_by(limit - 1, order);
        }
        rows.truncate(limit);
    }
    rows.sort_unstable_by(order);
    Ok(MilestoneList {
        as_of: snapshot.as_of,
        options: filter_options(snapshot, filter),
        total,
        matching,
        milestones: rows
            .iter()
            .filter_map(|&(_, n)| {
                let (m, state) = &snapshot.milestones[n];
                places.view(m, state)
            })
            .collect(),
    })
}

fn value(snapshot: &Snapshot, places: &Places<'_>, n: usize, key: SortKey) -> Option<Value> {
    let (m, state) = &snapshot.milestones[n];
    match key {
        SortKey::Title => Some(Value::Text(m.title.to_lowercase())),
        SortKey::Instrument => places
            .of_milestone(m)
            .map(|(_, i)| Value::Text(i.title.to_lowercase())),
        SortKey::Status => Some(Value::Status(state.status)),
        SortKey::Due => m.due.map(|d| Value::Date(d.start())),
        SortKey::CurrentDue => state.current_due.map(|d| Value::Date(d.start())),
        SortKey::Slip => state.slip_days.map(Value::Days),
        SortKey::Timeliness => Some(Value::Timeliness(state.timeliness)),
        SortKey::LastUpdate => state.last_as_of.map(Value::Date),
    }
}
