//! The timeline's first call, read straight from the database without a snapshot
//! (`views::timeline_direct`), against the timeline from a snapshot: the same answer, to
//! the byte, on generated data over both of the chart's limits, at dates before, among and
//! after the updates, with archived objects and same-day moves of the due, with a due moved
//! onto the last day drawn and an instrument whose milestones are all beyond it; and the
//! app's entry (`views::timeline_in`) taking the kept snapshot, or reading directly, or
//! loading.

mod fixture;

use accord::date::PartialDate;
use accord::edit::{CommitmentInput, InstrumentInput, MilestoneInput, PartyInput, SourceInput};
use accord::model::EntityKind;
use accord::record::{record_update, EvidenceInput, UpdateInput};
use accord::snapshot::Snapshot;
use accord::views::{self, MilestoneFilter};
use accord::{edit, Store};
use chrono::NaiveDate;
use fixture::*;

fn date(text: &str) -> NaiveDate {
    accord::date::parse_full_date(text).unwrap()
}

/// Dates before any generated update, among them, on the last day and long after.
const DATES: [&str; 5] = [
    "2023-06-30",
    "2024-09-15",
    "2025-06-01",
    "2026-11-27",
    "2031-01-01",
];

/// Both answers as JSON, as the app's UI receives them.
fn both(store: &mut Store, as_of: NaiveDate) -> (serde_json::Value, serde_json::Value) {
    let snapshot = Snapshot::load(store.conn(), as_of).unwrap();
    let from_snapshot =
        views::timeline(store.conn(), &snapshot, &MilestoneFilter::default()).unwrap();
    let direct = views::timeline_direct(store, as_of).unwrap();
    (
        serde_json::to_value(&direct).unwrap(),
        serde_json::to_value(&from_snapshot).unwrap(),
    )
}

fn assert_same_at_every_date(store: &mut Store, what: &str) {
    for as_of in DATES.map(date) {
        let (direct, from_snapshot) = both(store, as_of);
        assert!(
            direct == from_snapshot,
            "{what}, as of {as_of}: the direct timeline differs from the snapshot's"
        );
    }
}

#[test]
fn the_direct_timeline_is_the_snapshots_on_data_over_both_limits() {
    // 18k updates on 6,000 milestones: the work is shared with a second connection, as at
    // 100k.
    let (_dir, mut store) = generated_store(11, 6_000, 3);
    assert!(count(&store, "updates") >= accord::snapshot::PARALLEL_FROM);
    let moved: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM updates WHERE due IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(moved > 100, "some updates move a due ({moved})");
    let (timeline, _) = both(&mut store, date("2026-11-27"));
    assert_eq!(timeline["total"], 6_000);
    assert!(timeline["dated"].as_u64().unwrap() > views::DRAWN_AT_MOST as u64);
    assert!(timeline["undated"].as_u64().unwrap() > views::UNDATED_LISTED as u64);
    assert_same_at_every_date(&mut store, "generated data");
}

#[test]
fn the_direct_timeline_is_the_snapshots_on_small_and_empty_data() {
    let (_dir, mut store) = generated_store(3, 300, 2);
    assert!(count(&store, "updates") < accord::snapshot::PARALLEL_FROM);
    assert_same_at_every_date(&mut store, "small generated data");
    let (_dir, mut store) = seeded_store();
    assert_same_at_every_date(&mut store, "the bundled dataset");
    let (_dir, mut store) = temp_store();
    assert_same_at_every_date(&mut store, "an empty database");
}

#[test]
fn archived_objects_and_same_day_moves_leave_the_two_answers_equal() {
    let (_dir, mut store) = generated_store(7, 2_500, 2);
    let snapshot = Snapshot::load(store.conn(), date("2026-11-27")).unwrap();
    let second_instrument = snapshot.instruments[1].id.clone();
    let first_commitment = snapshot.commitments[0].id.clone();
    let (one, shifted, other, other_commitment) = {
        let kept: Vec<&accord::model::Milestone> = snapshot
            .milestones
            .iter()
            .map(|(m, _)| m)
            .filter(|m| m.commitment_id != first_commitment)
            .collect();
        let other = kept[kept.len() / 2];
        (
            kept[0].id.clone(),
            kept[1].id.clone(),
            other.id.clone(),
            other.commitment_id.clone(),
        )
    };
    edit::set_archived(&mut store, EntityKind::Instrument, &second_instrument, true).unwrap();
    edit::set_archived(&mut store, EntityKind::Commitment, &first_commitment, true).unwrap();
    edit::set_archived(&mut store, EntityKind::Milestone, &one, true).unwrap();
    // A milestone moved to a later commitment goes to its end: after milestones added
    // later than it, which the order of adding alone would not say.
    edit::edit_milestone(
        &mut store,
        &shifted,
        &edit::MilestoneInput {
            id: shifted.clone(),
            commitment_id: other_commitment.clone(),
            title: "Moved to another commitment".into(),
            due: Some("2023-01".into()),
            ..Default::default()
        },
    )
    .unwrap();
    // An undated milestone from the end moved to the first live commitment: among the
    // first undated in the hierarchy's order, though added late.
    let (late_undated, _) = snapshot
        .milestones
        .iter()
        .rev()
        .find(|(_, state)| state.current_due.is_none())
        .unwrap();
    let first_live = snapshot.commitments[1].id.clone();
    edit::edit_milestone(
        &mut store,
        &late_undated.id,
        &edit::MilestoneInput {
            id: late_undated.id.clone(),
            commitment_id: first_live,
            title: "Moved to the front".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // Two moves of one milestone's due on one day: the later recorded is in force.
    for due in ["2024-02", "2023-Q4"] {
        record_update(
            &mut store,
            &UpdateInput {
                milestone_id: other.clone(),
                status: "in_progress".into(),
                as_of: "2026-11-01".into(),
                note: format!("moved to {due}"),
                evidence: vec![EvidenceInput {
                    url: "https://example.org/moved".into(),
                    title: None,
                }],
                due: Some(due.into()),
                ..Default::default()
            },
            date("2026-11-27"),
        )
        .unwrap();
    }
    let (timeline, _) = both(&mut store, date("2026-11-27"));
    let sent = timeline["milestones"].as_array().unwrap();
    let moved = sent
        .iter()
        .find(|m| m["id"] == other.as_str())
        .expect("the milestone moved to 2023 is among the earliest");
    assert_eq!(moved["current_due"], "2023-Q4");
    assert!(sent.iter().any(|m| m["id"] == late_undated.id.as_str()));
    let place = |id: &str| sent.iter().position(|m| m["id"] == id).unwrap();
    assert!(
        place(&shifted) > place(&other),
        "the milestone moved in comes last in its new commitment"
    );
    assert!(sent.iter().all(|m| m["id"] != one.as_str()
        && m["instrument_id"] != second_instrument.as_str()
        && m["commitment_id"] != first_commitment.as_str()));
    assert_same_at_every_date(&mut store, "after archiving and moving");
}

/// A commitment's id, themes, lead and supporting parties.
type Naming<'a> = (&'a str, &'a [&'a str], Option<&'a str>, &'a [&'a str]);

/// A new instrument (its one party named `party`) with these commitments.
fn instrument_with(store: &mut Store, id: &str, party: &str, commitments: &[Naming<'_>]) {
    edit::create_instrument(
        store,
        &InstrumentInput {
            id: id.into(),
            title: format!("Instrument {id}"),
            kind: "mou".into(),
            binding: "non_binding".into(),
            parties: vec![PartyInput {
                name: party.into(),
                role: "government".into(),
            }],
            sources: vec![SourceInput {
                url: "https://www.gov.uk/example".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .unwrap();
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect();
    for &(commitment, themes, lead, supporting) in commitments {
        edit::create_commitment(
            store,
            &CommitmentInput {
                id: commitment.into(),
                instrument_id: id.into(),
                title: format!("Commitment {commitment}"),
                themes: words(themes),
                lead: lead.map(String::from),
                supporting: words(supporting),
                ..Default::default()
            },
        )
        .unwrap();
    }
}

/// The first call tells the commitments' theme and party lists apart by their stored text
/// and names only those of live commitments: a party named with quotes and accents, a
/// commitment without a lead, and names found only under an archived commitment or
/// instrument.
#[test]
fn the_filter_bars_choices_name_the_live_commitments_lists_alone() {
    let (_dir, mut store) = generated_store(5, 600, 2);
    let quoted = "Live \"quoted\" supporter, café";
    instrument_with(
        &mut store,
        "choices",
        "Instrument party",
        &[
            ("choices.live", &["zeta-theme"], None, &[quoted]),
            (
                "choices.archived",
                &["zeta-theme", "archived-commitment-theme"],
                Some("Archived commitment's lead"),
                &["Archived commitment's supporter"],
            ),
        ],
    );
    instrument_with(
        &mut store,
        "gone",
        "Archived instrument's party",
        &[(
            "gone.c",
            &["archived-instrument-theme"],
            Some("Archived instrument's lead"),
            &[quoted, "Archived instrument's supporter"],
        )],
    );
    edit::set_archived(&mut store, EntityKind::Commitment, "choices.archived", true).unwrap();
    edit::set_archived(&mut store, EntityKind::Instrument, "gone", true).unwrap();
    let (timeline, _) = both(&mut store, date("2026-11-27"));
    let choices = |key: &str| -> Vec<String> {
        serde_json::from_value(timeline["options"][key].clone()).unwrap()
    };
    let (themes, parties) = (choices("themes"), choices("parties"));
    assert!(themes.iter().any(|t| t == "zeta-theme"));
    for party in ["Instrument party", quoted] {
        assert!(parties.iter().any(|p| p == party), "{party} offered");
    }
    for gone in ["archived-", "Archived "] {
        assert!(
            !themes.iter().chain(&parties).any(|w| w.starts_with(gone)),
            "nothing named only under an archived object ({gone})"
        );
    }
    assert_same_at_every_date(&mut store, "with lists under archived objects");
}

/// The day the latest drawn milestone's due starts.
fn last_day_drawn(timeline: &serde_json::Value) -> NaiveDate {
    timeline["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["current_due"].as_str())
        .map(|due| due.parse::<PartialDate>().unwrap().start())
        .max()
        .unwrap()
}

/// The direct read walks the dated milestones only as far as the last day the chart draws:
/// a milestone moved onto that day must still be weighed against the ones walked, and an
/// instrument whose milestones all start later still counts as having some.
#[test]
fn a_due_moved_onto_the_last_day_drawn_and_milestones_beyond_it_are_not_missed() {
    let (_dir, mut store) = generated_store(13, 6_000, 3);
    // Before any generated update: no due has moved, so the last day drawn is the day the
    // walk stops at, the boundary under test.
    let as_of = date(DATES[0]);
    let (before, _) = both(&mut store, as_of);
    let last_day = last_day_drawn(&before);
    let drawn: Vec<&str> = before["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| !m["current_due"].is_null())
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    // The first milestone in the hierarchy's order not drawn: moved onto the last day, it
    // ties with the milestones drawn that day and comes before them in the hierarchy.
    let snapshot = Snapshot::load(store.conn(), as_of).unwrap();
    let (tied, _) = snapshot
        .milestones
        .iter()
        .find(|(m, _)| !drawn.contains(&m.id.as_str()))
        .unwrap();
    let tied = tied.id.clone();
    let new_due = last_day.format("%Y-%m-%d").to_string();
    record_update(
        &mut store,
        &UpdateInput {
            milestone_id: tied.clone(),
            status: "in_progress".into(),
            as_of: "2023-06-01".into(),
            note: "the deadline moved".into(),
            evidence: vec![EvidenceInput {
                url: "https://example.org/moved".into(),
                title: None,
            }],
            due: Some(new_due.clone()),
            ..Default::default()
        },
        as_of,
    )
    .unwrap();
    // An instrument whose one milestone is due long after everything drawn.
    instrument_with(
        &mut store,
        "late-instrument",
        "DSIT",
        &[("late-instrument.c1", &[], None, &[])],
    );
    edit::create_milestone(
        &mut store,
        &MilestoneInput {
            id: "late-instrument.c1.m1".into(),
            commitment_id: "late-instrument.c1".into(),
            title: "Delivered".into(),
            due: Some("2099".into()),
            ..Default::default()
        },
    )
    .unwrap();

    let (after, from_snapshot) = both(&mut store, as_of);
    assert!(after == from_snapshot, "the two answers differ");
    let sent = after["milestones"].as_array().unwrap();
    let moved = sent
        .iter()
        .find(|m| m["id"] == tied.as_str())
        .expect("the milestone moved onto the last day is drawn");
    assert_eq!(moved["current_due"], new_due.as_str());
    assert_eq!(last_day_drawn(&after), last_day);
    assert!(sent.iter().all(|m| m["id"] != "late-instrument.c1.m1"));
    let matching = after["matching_instruments"].as_array().unwrap();
    assert!(matching.iter().any(|i| i == "late-instrument"));
    assert_same_at_every_date(&mut store, "after a move onto the last day drawn");
}

#[test]
fn the_app_takes_the_kept_snapshot_else_reads_directly_when_unfiltered() {
    let (_dir, mut store) = generated_store(5, 1_000, 2);
    let as_of = date("2026-11-27");
    let all = MilestoneFilter::default();
    // No snapshot kept: read directly, and none is loaded for it.
    let direct = views::timeline_in(&mut store, as_of, &all).unwrap();
    assert_eq!(store.snapshot_loads(), 0);
    // A filter needs every state: a snapshot is loaded and kept.
    let late = MilestoneFilter {
        timeliness: vec![accord::model::Timeliness::Overdue],
        ..Default::default()
    };
    let filtered = views::timeline_in(&mut store, as_of, &late).unwrap();
    assert_eq!(store.snapshot_loads(), 1);
    assert!(filtered.dated < direct.dated);
    // Then the unfiltered timeline comes from it, and is the same.
    let kept = views::timeline_in(&mut store, as_of, &all).unwrap();
    assert_eq!(store.snapshot_loads(), 1);
    assert_eq!(
        serde_json::to_value(&kept).unwrap(),
        serde_json::to_value(&direct).unwrap()
    );
}
