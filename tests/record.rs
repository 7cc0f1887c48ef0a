//! Recording an update by hand: every field checked and named, the evidence rule, durable
//! commit, and nothing changed when refused.

mod fixture;

use accord::model::Status;
use accord::record::{record_update, EvidenceInput, UpdateInput};
use accord::store::updates::list_updates_of;
use accord::Error;
use chrono::NaiveDate;
use fixture::*;

const TODAY: &str = "2026-11-27";
const MILESTONE: &str = "uk-openai-c1.m1"; // in_progress since 2025-07-21, no due

fn today() -> NaiveDate {
    accord::date::parse_full_date(TODAY).unwrap()
}

fn input(status: &str, as_of: &str, note: &str, evidence: &[&str]) -> UpdateInput {
    UpdateInput {
        milestone_id: MILESTONE.into(),
        status: status.into(),
        as_of: as_of.into(),
        note: note.into(),
        evidence: evidence
            .iter()
            .map(|u| EvidenceInput {
                url: u.to_string(),
                title: None,
            })
            .collect(),
        ..Default::default()
    }
}

fn errors_of(result: accord::Result<accord::model::Update>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid(errors)) => errors.into_iter().map(|e| (e.path, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_valid_update_is_stored_with_an_id_and_recorded_at() {
    let (dir, mut store) = seeded_store();
    let update = record_update(
        &mut store,
        &UpdateInput {
            author: Some("analyst@example.org".into()),
            contested: true,
            ..input(
                "done",
                "2026-11-20",
                "Arrangement confirmed",
                &["https://example.org/a"],
            )
        },
        today(),
    )
    .unwrap();
    assert!(uuid::Uuid::parse_str(&update.id).is_ok());
    assert!(update
        .recorded_at
        .as_deref()
        .is_some_and(|t| accord::date::check_timestamp(t).is_ok()));
    drop(store);
    // Durable: a fresh connection to the file sees it.
    let reopened = accord::Store::open(&dir.path().join("test.sqlite3")).unwrap();
    let history = list_updates_of(reopened.conn(), MILESTONE).unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.id, update.id);
    assert_eq!(last.status, Status::Done);
    assert_eq!(last.contested, Some(true));
    assert_eq!(last.author.as_deref(), Some("analyst@example.org"));
}

#[test]
fn every_bad_field_is_named_and_nothing_is_stored() {
    let (_dir, mut store) = seeded_store();
    let bad = UpdateInput {
        due: Some("2026-Q5".into()),
        ..input(
            "finished",
            "2026-02-30",
            "   ",
            &["javascript:alert(1)", "https://ok.example.org"],
        )
    };
    let errors = errors_of(record_update(&mut store, &bad, today()));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["status", "as_of", "note", "evidence[0].url", "due"]);
    assert!(
        errors[0].1.contains("in_progress"),
        "lists statuses: {}",
        errors[0].1
    );
    assert_eq!(count(&store, "updates"), 39);
}

#[test]
fn as_of_may_not_be_after_today_nor_partial() {
    let (_dir, mut store) = seeded_store();
    let errors = errors_of(record_update(
        &mut store,
        &input("in_progress", "2026-11-28", "x", &[]),
        today(),
    ));
    assert_eq!(errors[0].0, "as_of");
    assert!(errors[0].1.contains("not after today"), "{}", errors[0].1);
    let errors = errors_of(record_update(
        &mut store,
        &input("in_progress", "2026-11", "x", &[]),
        today(),
    ));
    assert_eq!(errors[0].0, "as_of");
    assert!(record_update(
        &mut store,
        &input("in_progress", TODAY, "today is fine", &[]),
        today()
    )
    .is_ok());
}

#[test]
fn the_evidence_rule_applies_to_recorded_updates() {
    let (_dir, mut store) = seeded_store();
    // Same status as before: a note alone is fine.
    record_update(
        &mut store,
        &input("in_progress", "2026-11-01", "Still under way", &[]),
        today(),
    )
    .unwrap();
    // A status change without evidence is refused, naming the change.
    let errors = errors_of(record_update(
        &mut store,
        &input("stalled", "2026-11-02", "Paused", &[]),
        today(),
    ));
    assert_eq!(errors[0].0, "evidence");
    assert!(
        errors[0].1.contains("in_progress to stalled"),
        "{}",
        errors[0].1
    );
    // A new due without evidence is refused too.
    let moved = UpdateInput {
        due: Some("2027-Q1".into()),
        ..input("in_progress", "2026-11-03", "Moved", &[])
    };
    let errors = errors_of(record_update(&mut store, &moved, today()));
    assert!(errors[0].1.contains("2027-Q1"), "{}", errors[0].1);
    // First update of a milestone needs evidence.
    let first = UpdateInput {
        milestone_id: "uk-openai-c3.m4".into(),
        ..input("not_started", "2026-11-03", "Nothing yet", &[])
    };
    let errors = errors_of(record_update(&mut store, &first, today()));
    assert!(errors[0].1.contains("first update"), "{}", errors[0].1);
    assert_eq!(
        count(&store, "updates"),
        40,
        "only the same-status note was stored"
    );
}

#[test]
fn an_unknown_milestone_is_named() {
    let (_dir, mut store) = seeded_store();
    let errors = errors_of(record_update(
        &mut store,
        &UpdateInput {
            milestone_id: "no-such-milestone".into(),
            ..input("done", "2026-11-01", "x", &["https://example.org"])
        },
        today(),
    ));
    assert_eq!(errors[0].0, "milestone_id");
    assert!(errors[0].1.contains("no-such-milestone"));
}

#[test]
fn a_backdated_update_is_judged_against_the_update_before_it() {
    let (_dir, mut store) = seeded_store();
    // uk-openai-c1.m1 has one update, in_progress on 2025-07-21. A note dated before it is
    // the milestone's first update in time, so it needs evidence.
    let errors = errors_of(record_update(
        &mut store,
        &input("in_progress", "2025-07-01", "Earlier note", &[]),
        today(),
    ));
    assert!(errors[0].1.contains("first update"), "{}", errors[0].1);
}

#[test]
fn a_rescheduling_update_moves_the_current_due() {
    let (_dir, mut store) = seeded_store();
    let moved = UpdateInput {
        due: Some("2027-H1".into()),
        ..input(
            "in_progress",
            "2026-11-10",
            "Timeline set",
            &["https://example.org/plan"],
        )
    };
    record_update(&mut store, &moved, today()).unwrap();
    let rows = accord::snapshot::Snapshot::load(store.conn(), today())
        .unwrap()
        .milestone_rows();
    let row = rows.iter().find(|r| r.id == MILESTONE).unwrap();
    assert_eq!(
        row.current_due.map(|d| d.to_string()).as_deref(),
        Some("2027-H1")
    );
    assert_eq!(row.due, None);
    assert_eq!(row.slip_days, None, "no original due to slip from");
}

#[test]
fn an_archived_milestone_takes_no_new_update_until_restored() {
    let (_dir, mut store) = seeded_store();
    let kind = accord::model::EntityKind::Milestone;
    accord::edit::set_archived(&mut store, kind, MILESTONE, true).unwrap();
    let note = input("in_progress", "2026-11-01", "Still going", &[]);
    let errors = errors_of(record_update(&mut store, &note, today()));
    assert_eq!(errors[0].0, "milestone_id");
    assert!(errors[0].1.contains("archived"), "{}", errors[0].1);
    accord::edit::set_archived(&mut store, kind, MILESTONE, false).unwrap();
    record_update(&mut store, &note, today()).expect("restored, it takes updates again");
}
