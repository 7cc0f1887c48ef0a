//! The dues updates set (`store::dues`), read from those updates alone, against the rule
//! applied to each milestone's whole history (`derive::current_due` over
//! `updates::list_updates_of`): on generated data at dates before, among and after the
//! updates, and on moves of one day ordered by `recorded_at` (fractions of a second, none at
//! all, the same time) and by the order they were entered.

mod fixture;

use std::collections::BTreeMap;

use accord::date::PartialDate;
use accord::store::{dues, updates};
use accord::Store;
use chrono::NaiveDate;
use fixture::*;
use serde_json::{json, Value};

fn date(text: &str) -> NaiveDate {
    accord::date::parse_full_date(text).unwrap()
}

/// Each milestone's due as `dues_as_of` hands them over, checking they come in the order
/// of the ids and each once.
fn read(store: &Store, as_of: NaiveDate) -> BTreeMap<String, PartialDate> {
    let conn = store.conn();
    let last = updates::last_seq(conn).unwrap();
    let mut ids = Vec::new();
    let mut found = BTreeMap::new();
    dues::dues_as_of(conn, last, as_of, |id, due| {
        ids.push(id.to_string());
        found.insert(id.to_string(), due);
    })
    .unwrap();
    assert!(ids.is_sorted(), "handed over in the order of the ids");
    assert_eq!(ids.len(), found.len(), "each milestone once");
    found
}

/// What the rule gives from each milestone's whole history, for those an update moved by
/// `as_of`.
fn expected(store: &Store, as_of: NaiveDate) -> BTreeMap<String, PartialDate> {
    let conn = store.conn();
    let mut ids: Vec<String> = texts(conn, "SELECT id FROM milestones");
    ids.sort();
    ids.into_iter()
        .filter_map(|id| {
            let history = updates::list_updates_of(conn, &id).unwrap();
            let due = accord::derive::current_due(None, &history, as_of)?;
            Some((id, due))
        })
        .collect()
}

#[test]
fn the_dues_read_are_the_rules_on_generated_data() {
    let (_dir, store) = generated_store(17, 3_000, 3);
    let mut moved_somewhere = 0;
    for as_of in [
        "2023-06-30",
        "2024-09-15",
        "2025-06-01",
        "2026-11-27",
        "2031-01-01",
    ] {
        let as_of = date(as_of);
        let found = read(&store, as_of);
        assert_eq!(found, expected(&store, as_of), "as of {as_of}");
        moved_somewhere = moved_somewhere.max(found.len());
    }
    assert!(moved_somewhere > 100, "some dues moved ({moved_somewhere})");
}

/// A due-setting update as the exchange format writes it.
fn moving(n: u32, as_of: &str, due: &str, recorded: Option<&str>) -> Value {
    json!({ "id": uuid(n), "as_of": as_of, "status": "in_progress", "note": format!("moved to {due}"),
            "evidence": evidence("https://example.org/moved"), "due": due, "recorded_at": recorded })
}

#[test]
fn moves_of_one_day_are_ordered_by_recorded_at_then_by_entry() {
    let (_dir, mut store) = temp_store();
    let plain = |n: u32, as_of: &str| {
        update(
            &uuid(n),
            as_of,
            "in_progress",
            evidence("https://example.org/p"),
        )
    };
    let doc = document(vec![
        // Fractions of a second: 09:00:00.5 comes after 09:00:00.25, though entered first;
        // one without a time comes before both.
        milestone(
            "inst.c1.m1",
            json!("2026-Q2"),
            vec![
                moving(1, "2026-03-02", "2026-09", Some("2026-03-02T09:00:00.5Z")),
                moving(2, "2026-03-02", "2026-08", Some("2026-03-02T09:00:00.25Z")),
                moving(3, "2026-03-02", "2026-07", None),
                plain(4, "2026-04-01"),
            ],
        ),
        // The same time: the last entered counts. A later day's move counts only from it.
        milestone(
            "inst.c1.m2",
            json!(null),
            vec![
                moving(5, "2026-01-10", "2026-H2", Some("2026-01-10T08:00:00Z")),
                moving(6, "2026-01-10", "2027", Some("2026-01-10T08:00:00Z")),
                moving(7, "2026-05-01", "2026-12-24", Some("2026-05-01T08:00:00Z")),
            ],
        ),
        // Two on one day, then a later one alone: the tie no longer matters once it passes.
        milestone(
            "inst.c1.m3",
            json!("2025"),
            vec![
                moving(8, "2025-02-01", "2025-Q3", None),
                moving(9, "2025-02-01", "2025-Q4", None),
                moving(10, "2025-03-01", "2026-Q1", None),
            ],
        ),
        // No move at all.
        milestone(
            "inst.c1.m4",
            json!("2026-06"),
            vec![plain(11, "2026-02-01")],
        ),
    ]);
    import(&mut store, &doc).unwrap();
    let due = |text: &str| text.parse::<PartialDate>().unwrap();
    for (as_of, m1, m2, m3) in [
        ("2025-01-31", None, None, None),
        ("2025-02-01", None, None, Some("2025-Q4")),
        ("2025-03-01", None, None, Some("2026-Q1")),
        ("2026-01-10", None, Some("2027"), Some("2026-Q1")),
        ("2026-03-02", Some("2026-09"), Some("2027"), Some("2026-Q1")),
        (
            "2026-11-27",
            Some("2026-09"),
            Some("2026-12-24"),
            Some("2026-Q1"),
        ),
    ] {
        let as_of = date(as_of);
        let found = read(&store, as_of);
        assert_eq!(found, expected(&store, as_of), "as of {as_of}");
        let wanted: BTreeMap<String, PartialDate> =
            [("inst.c1.m1", m1), ("inst.c1.m2", m2), ("inst.c1.m3", m3)]
                .into_iter()
                .filter_map(|(id, d)| Some((id.to_string(), due(d?))))
                .collect();
        assert_eq!(found, wanted, "as of {as_of}");
    }
}

/// Updates entered after the read began (a higher `seq` than the last it saw) are not
/// counted, as a second connection reading beside the first must not count them: neither a
/// move on a later day nor one that would tie with moves of a day already seen.
#[test]
fn updates_after_the_last_seq_are_not_counted() {
    let (_dir, mut store) = temp_store();
    let first = vec![
        milestone(
            "inst.c1.m1",
            json!("2026-Q2"),
            vec![
                moving(1, "2026-03-02", "2026-09", None),
                moving(2, "2026-03-02", "2026-10", None),
            ],
        ),
        milestone(
            "inst.c1.m2",
            json!("2026-Q2"),
            vec![moving(3, "2026-01-05", "2026-05", None)],
        ),
    ];
    import(&mut store, &document(first.clone())).unwrap();
    let seen = updates::last_seq(store.conn()).unwrap();
    let mut later = first;
    later[0]["updates"]
        .as_array_mut()
        .unwrap()
        .push(moving(4, "2026-03-02", "2027-01", None));
    later[1]["updates"]
        .as_array_mut()
        .unwrap()
        .push(moving(5, "2026-06-01", "2026-12", None));
    import(&mut store, &document(later)).unwrap();
    let as_of = date("2026-11-27");
    let mut found = Vec::new();
    dues::dues_as_of(store.conn(), seen, as_of, |id, due| {
        found.push((id.to_string(), due.to_string()))
    })
    .unwrap();
    let pairs = |a: &str, b: &str| {
        [
            ("inst.c1.m1".to_string(), a.to_string()),
            ("inst.c1.m2".to_string(), b.to_string()),
        ]
    };
    assert_eq!(found, pairs("2026-10", "2026-05"));
    let now: Vec<(String, String)> = read(&store, as_of)
        .into_iter()
        .map(|(id, due)| (id, due.to_string()))
        .collect();
    assert_eq!(now, pairs("2027-01", "2026-12"));
}
