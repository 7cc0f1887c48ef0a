//! The table's rows, ordered and cut in the core: every column in both directions against
//! the rows' own values, rows without a value last either way, ties in the hierarchy's
//! order, and a page that is the start of the whole list with the count of all that match.

mod fixture;

use accord::date::PartialDate;
use accord::snapshot::Snapshot;
use accord::views::{self, MilestoneFilter, MilestoneSort, MilestoneView, SortDir, SortKey};
use chrono::NaiveDate;
use fixture::*;

const KEYS: [SortKey; 8] = [
    SortKey::Title,
    SortKey::Instrument,
    SortKey::Status,
    SortKey::Due,
    SortKey::CurrentDue,
    SortKey::Slip,
    SortKey::Timeliness,
    SortKey::LastUpdate,
];

/// A row's value in a column, as something comparable: text, or a number of days.
#[derive(Debug, PartialEq, PartialOrd)]
enum Value {
    Text(String),
    Number(i64),
}

fn days(d: NaiveDate) -> Value {
    Value::Number(d.signed_duration_since(NaiveDate::MIN).num_days())
}

fn value(m: &MilestoneView, key: SortKey) -> Option<Value> {
    let due = |text: &Option<String>| text.as_deref().map(|t| t.parse::<PartialDate>().unwrap());
    match key {
        SortKey::Title => Some(Value::Text(m.title.to_lowercase())),
        SortKey::Instrument => Some(Value::Text(m.instrument_title.to_lowercase())),
        SortKey::Status => Some(Value::Number(m.status as i64)),
        SortKey::Due => due(&m.due).map(|d| days(d.start())),
        SortKey::CurrentDue => m.current_start.map(days),
        SortKey::Slip => m.slip_days.map(Value::Number),
        SortKey::Timeliness => Some(Value::Number(m.timeliness as i64)),
        SortKey::LastUpdate => m.last_as_of.map(days),
    }
}

#[test]
fn every_column_orders_both_ways_with_empty_values_last_and_ties_in_the_hierarchys_order() {
    let (_dir, store) = generated_store(3, 1_500, 2);
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let snapshot = Snapshot::load(store.conn(), as_of).unwrap();
    let rank = hierarchy_rank(&snapshot);
    let filter = MilestoneFilter::default();
    for key in KEYS {
        for dir in [SortDir::Asc, SortDir::Desc] {
            let sort = MilestoneSort { key, dir };
            let all =
                views::milestone_list(store.conn(), &snapshot, &filter, sort, usize::MAX).unwrap();
            assert_eq!((all.matching, all.milestones.len()), (1_500, 1_500));
            let values: Vec<Option<Value>> = all.milestones.iter().map(|m| value(m, key)).collect();
            let empty = values.iter().filter(|v| v.is_none()).count();
            assert!(
                values[values.len() - empty..].iter().all(Option::is_none),
                "{sort:?}: rows without a value come last"
            );
            for (n, pair) in values.windows(2).enumerate() {
                let (a, b) = (&pair[0], &pair[1]);
                let (first, second) = (&all.milestones[n], &all.milestones[n + 1]);
                let in_order = match (a, b, dir) {
                    (Some(x), Some(y), SortDir::Asc) => x <= y,
                    (Some(x), Some(y), SortDir::Desc) => x >= y,
                    _ => true,
                };
                assert!(in_order, "{sort:?}: {} before {}", first.id, second.id);
                if a == b {
                    assert!(
                        rank[first.id.as_str()] < rank[second.id.as_str()],
                        "{sort:?}: ties keep the hierarchy's order ({} and {})",
                        first.id,
                        second.id
                    );
                }
            }

            let page = views::milestone_list(store.conn(), &snapshot, &filter, sort, 40).unwrap();
            assert_eq!(page.matching, 1_500);
            let ids =
                |rows: &[MilestoneView]| rows.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
            assert_eq!(
                ids(&page.milestones),
                ids(&all.milestones[..40]),
                "{sort:?}"
            );
        }
    }
}

#[test]
fn a_page_counts_what_matches_and_a_sort_reads_from_the_ui() {
    let (_dir, store) = seeded_store();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let snapshot = Snapshot::load(store.conn(), as_of).unwrap();
    let done = MilestoneFilter {
        status: vec![accord::model::MilestoneStatus::Done],
        ..Default::default()
    };
    let sort = MilestoneSort::default();
    let all = views::milestone_list(store.conn(), &snapshot, &done, sort, usize::MAX).unwrap();
    assert!(all.matching > 3, "the bundled data has milestones done");
    assert!(all
        .milestones
        .iter()
        .all(|m| m.status == accord::model::MilestoneStatus::Done));
    let none = views::milestone_list(store.conn(), &snapshot, &done, sort, 0).unwrap();
    assert!(none.milestones.is_empty());
    assert_eq!((none.matching, none.total), (all.matching, all.total));

    let read: MilestoneSort =
        serde_json::from_str(r#"{"key": "last_update", "dir": "desc"}"#).unwrap();
    assert_eq!((read.key, read.dir), (SortKey::LastUpdate, SortDir::Desc));
    assert_eq!(
        serde_json::from_str::<MilestoneSort>("{}").unwrap(),
        MilestoneSort::default()
    );
    let err = serde_json::from_str::<MilestoneSort>(r#"{"key": "colour"}"#).unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
}
