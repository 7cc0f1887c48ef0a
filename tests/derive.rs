//! Each derivation rule of the spec, on stored data read back through the snapshot, so
//! the tests cover the same path the CLI and the app use.

mod fixture;

use accord::model::{MilestoneStatus, Timeliness};
use accord::snapshot::{MilestoneRow, Snapshot};
use chrono::NaiveDate;
use fixture::*;
use serde_json::{json, Value};

fn day(text: &str) -> NaiveDate {
    accord::date::parse_full_date(text).unwrap()
}

fn rows_as_of(milestones: Vec<Value>, as_of: &str) -> Vec<MilestoneRow> {
    let (_dir, mut store) = temp_store();
    import(&mut store, &document(milestones)).expect("fixture imports");
    Snapshot::load(store.conn(), day(as_of))
        .unwrap()
        .milestone_rows()
}

fn row(milestones: Vec<Value>, as_of: &str) -> MilestoneRow {
    rows_as_of(milestones, as_of).remove(0)
}

const URL: &str = "https://example.org/evidence";

#[test]
fn without_updates_a_milestone_is_unassessed_and_stale() {
    let r = row(vec![milestone("m", json!("2027"), vec![])], "2026-01-01");
    assert_eq!(r.status, MilestoneStatus::Unassessed);
    assert_eq!(
        r.timeliness,
        Timeliness::OnTime,
        "due end 2027-12-31 is over 90 days away"
    );
    assert!(r.stale, "no update at all counts as no update in 180 days");
    assert_eq!(r.last_as_of, None);
    assert_eq!(r.slip_days, Some(0), "due and current due are the same");
}

#[test]
fn status_is_the_latest_update_as_of_the_date() {
    let m = milestone(
        "m",
        json!(null),
        vec![
            update(&uuid(1), "2025-03-01", "in_progress", evidence(URL)),
            update(&uuid(2), "2025-06-01", "stalled", evidence(URL)),
        ],
    );
    assert_eq!(
        row(vec![m.clone()], "2025-07-01").status,
        MilestoneStatus::Stalled
    );
    assert_eq!(
        row(vec![m.clone()], "2025-06-01").status,
        MilestoneStatus::Stalled,
        "as_of = D counts"
    );
    assert_eq!(
        row(vec![m.clone()], "2025-05-31").status,
        MilestoneStatus::InProgress,
        "later updates are hidden"
    );
    assert_eq!(
        row(vec![m], "2025-02-28").status,
        MilestoneStatus::Unassessed,
        "nothing counts before the first"
    );
}

#[test]
fn same_day_updates_are_ordered_by_recorded_at() {
    let mut first = update(&uuid(1), "2025-03-01", "in_progress", evidence(URL));
    first["recorded_at"] = json!("2025-03-02T09:00:00.5Z");
    let mut second = update(&uuid(2), "2025-03-01", "done", evidence(URL));
    second["recorded_at"] = json!("2025-03-02T09:00:00Z");
    // Listed in the file with the later-recorded one first: order must come from recorded_at,
    // comparing fractions of a second as times, not as text.
    let r = row(
        vec![milestone("m", json!(null), vec![second, first])],
        "2025-04-01",
    );
    assert_eq!(
        r.status,
        MilestoneStatus::InProgress,
        "09:00:00.5 is after 09:00:00"
    );
}

#[test]
fn a_rescheduled_milestone_slips_by_the_difference_of_the_ends() {
    let mut moved = update(&uuid(2), "2026-02-01", "in_progress", evidence(URL));
    moved["due"] = json!("2026-Q3");
    let m = milestone(
        "m",
        json!("2026-03"),
        vec![
            update(&uuid(1), "2025-10-01", "in_progress", evidence(URL)),
            moved,
        ],
    );
    let r = row(vec![m.clone()], "2026-05-01");
    assert_eq!(r.due.unwrap().to_string(), "2026-03");
    assert_eq!(r.current_due.unwrap().to_string(), "2026-Q3");
    assert_eq!(r.slip_days, Some(183), "2026-09-30 minus 2026-03-31");
    assert_eq!(r.timeliness, Timeliness::OnTime, "ends 152 days after D");
    let before = row(vec![m], "2026-01-31");
    assert_eq!(
        before.current_due.unwrap().to_string(),
        "2026-03",
        "the move is not known yet"
    );
    assert_eq!(before.slip_days, Some(0));
    assert_eq!(before.timeliness, Timeliness::DueSoon);
}

#[test]
fn not_final_and_past_the_end_of_its_due_is_overdue() {
    let m = milestone(
        "m",
        json!("2026-Q1"),
        vec![update(&uuid(1), "2026-01-10", "in_progress", evidence(URL))],
    );
    assert_eq!(
        row(vec![m.clone()], "2026-04-01").timeliness,
        Timeliness::Overdue
    );
    assert_eq!(
        row(vec![m.clone()], "2026-03-31").timeliness,
        Timeliness::DueSoon,
        "the last day is still in time"
    );
    let unassessed = milestone("u", json!("2025"), vec![]);
    assert_eq!(
        row(vec![unassessed], "2026-01-01").timeliness,
        Timeliness::Overdue,
        "unassessed is not final"
    );
}

#[test]
fn due_soon_is_within_ninety_days() {
    let m = milestone("m", json!("2026-06-30"), vec![]);
    assert_eq!(
        row(vec![m.clone()], "2026-04-01").timeliness,
        Timeliness::DueSoon,
        "90 days ahead"
    );
    assert_eq!(
        row(vec![m], "2026-03-31").timeliness,
        Timeliness::OnTime,
        "91 days ahead"
    );
}

#[test]
fn done_after_the_deadline_is_late_and_before_it_on_time() {
    let late = milestone(
        "late",
        json!("2025-06"),
        vec![update(&uuid(1), "2025-07-15", "done", evidence(URL))],
    );
    let prompt = milestone(
        "prompt",
        json!("2025-06"),
        vec![update(&uuid(2), "2025-06-30", "done", evidence(URL))],
    );
    let rows = rows_as_of(vec![late, prompt], "2025-12-01");
    assert_eq!(rows[0].timeliness, Timeliness::Late);
    assert_eq!(rows[1].timeliness, Timeliness::OnTime);
}

#[test]
fn a_done_confirmed_later_is_dated_by_when_it_became_done() {
    let m = milestone(
        "m",
        json!("2025-06"),
        vec![
            update(&uuid(1), "2025-06-20", "done", evidence(URL)),
            update(&uuid(2), "2025-09-01", "done", json!([])),
        ],
    );
    assert_eq!(
        row(vec![m], "2025-12-01").timeliness,
        Timeliness::OnTime,
        "done since June, confirmed in September"
    );
}

#[test]
fn other_final_statuses_are_never_overdue() {
    for status in ["missed", "withdrawn", "partly_done"] {
        let m = milestone(
            "m",
            json!("2025-01"),
            vec![update(&uuid(1), "2025-03-01", status, evidence(URL))],
        );
        let r = row(vec![m], "2026-01-01");
        assert_eq!(r.timeliness, Timeliness::OnTime, "{status} is final");
        assert!(!r.stale, "{status} is final, so never stale");
    }
}

#[test]
fn no_due_is_undated() {
    let m = milestone(
        "m",
        json!(null),
        vec![update(&uuid(1), "2025-03-01", "done", evidence(URL))],
    );
    let r = row(vec![m], "2026-01-01");
    assert_eq!(r.timeliness, Timeliness::Undated);
    assert_eq!(r.slip_days, None);
}

#[test]
fn stale_after_180_days_without_an_update() {
    let m = milestone(
        "m",
        json!(null),
        vec![update(&uuid(1), "2025-01-01", "in_progress", evidence(URL))],
    );
    assert!(!row(vec![m.clone()], "2025-06-29").stale, "179 days");
    assert!(row(vec![m], "2025-06-30").stale, "180 days");
}

#[test]
fn rollups_count_every_milestone_with_its_denominator() {
    let (_dir, mut store) = temp_store();
    import(
        &mut store,
        &document(vec![
            milestone("a", json!("2025-01"), vec![]),
            milestone(
                "b",
                json!(null),
                vec![update(&uuid(1), "2025-03-01", "done", evidence(URL))],
            ),
            milestone(
                "c",
                json!("2030"),
                vec![update(&uuid(2), "2025-03-01", "in_progress", evidence(URL))],
            ),
        ]),
    )
    .unwrap();
    let board = Snapshot::load(store.conn(), day("2025-06-01"))
        .unwrap()
        .scoreboard();
    let json = serde_json::to_value(&board).unwrap();
    assert_eq!(json["overall"]["total"], 3);
    assert_eq!(json["overall"]["status"]["unassessed"], 1);
    assert_eq!(json["overall"]["status"]["done"], 1);
    assert_eq!(
        json["overall"]["status"]["missed"], 0,
        "zero counts are present"
    );
    assert_eq!(json["overall"]["timeliness"]["overdue"], 1);
    assert_eq!(json["overall"]["timeliness"]["undated"], 1);
    assert_eq!(json["overall"]["timeliness"]["on_time"], 1);
    assert_eq!(
        json["instruments"][0]["counts"], json["overall"],
        "one instrument holds everything"
    );
    assert_eq!(
        json["instruments"][0]["commitments"][0]["counts"]["total"],
        3
    );
    assert_eq!(
        serde_json::to_string(&board.overall).unwrap(),
        concat!(
            r#"{"total":3,"#,
            r#""status":{"unassessed":1,"not_started":0,"in_progress":1,"stalled":0,"done":1,"#,
            r#""partly_done":0,"missed":0,"withdrawn":0,"unclear":0},"#,
            r#""timeliness":{"overdue":1,"due_soon":0,"late":0,"on_time":1,"undated":1},"#,
            r#""stale":1}"#
        ),
        "every status and timeliness, in the spec's order"
    );
}

#[test]
fn the_bundled_dataset_as_of_two_dates() {
    let (_dir, store) = seeded_store();
    let now = Snapshot::load(store.conn(), day("2026-11-27"))
        .unwrap()
        .scoreboard();
    assert_eq!(now.overall.total, 90);
    assert_eq!(now.instruments.len(), 10);
    let before = Snapshot::load(store.conn(), day("2025-01-01"))
        .unwrap()
        .scoreboard();
    assert_eq!(
        before.overall.status(MilestoneStatus::Unassessed),
        90,
        "no update in the dataset predates 2025"
    );
}
