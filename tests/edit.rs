//! Creating, editing, archiving and deleting instruments, commitments and milestones.

mod fixture;

use accord::edit::*;
use accord::model::EntityKind;
use accord::store::changelog::list_changes;
use accord::Error;
use fixture::*;

fn instrument_input(id: &str) -> InstrumentInput {
    InstrumentInput {
        id: id.into(),
        title: "UK–Example memorandum".into(),
        kind: "mou".into(),
        binding: "non_binding".into(),
        parties: vec![PartyInput {
            name: "DSIT".into(),
            role: "government".into(),
        }],
        signed: Some("2025-07".into()),
        summary: Some("".into()),
        sources: vec![SourceInput {
            url: "https://www.gov.uk/example".into(),
            ..Default::default()
        }],
    }
}

fn paths_of(err: Error) -> Vec<String> {
    err.field_errors().iter().map(|e| e.path.clone()).collect()
}

#[test]
fn create_edit_and_log_an_instrument() {
    let (_dir, mut store) = temp_store();
    let created = create_instrument(&mut store, &instrument_input("uk-example")).unwrap();
    assert_eq!(
        created.summary, None,
        "a blank optional field is stored as none"
    );
    let mut changed = instrument_input("uk-example");
    changed.title = "UK–Example MoU (revised)".into();
    edit_instrument(&mut store, "uk-example", &changed).unwrap();
    let log = list_changes(store.conn(), "uk-example").unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].field, "title");
    assert_eq!(log[0].old_value.as_deref(), Some("UK–Example memorandum"));
    assert_eq!(
        log[0].new_value.as_deref(),
        Some("UK–Example MoU (revised)")
    );
    assert_eq!(log[0].origin, "edit");
}

#[test]
fn bad_input_names_each_field_and_changes_nothing() {
    let (_dir, mut store) = temp_store();
    let bad = InstrumentInput {
        id: "Has Spaces".into(),
        title: " ".into(),
        kind: "treaty".into(),
        parties: vec![PartyInput {
            name: "".into(),
            role: "king".into(),
        }],
        signed: Some("2025-13".into()),
        sources: vec![SourceInput {
            url: "file:///etc/passwd".into(),
            ..Default::default()
        }],
        ..instrument_input("x")
    };
    let paths = paths_of(create_instrument(&mut store, &bad).unwrap_err());
    assert_eq!(
        paths,
        [
            "id",
            "title",
            "kind",
            "parties[0].name",
            "parties[0].role",
            "signed",
            "sources[0].url"
        ]
    );
    assert_eq!(count(&store, "instruments"), 0);
}

#[test]
fn ids_are_unique_across_kinds_and_cannot_change() {
    let (_dir, mut store) = seeded_store();
    let err = create_instrument(&mut store, &instrument_input("uk-openai-c1")).unwrap_err();
    assert_eq!(paths_of(err), ["id"]);
    let err = edit_instrument(
        &mut store,
        "uk-openai-mou-2025",
        &instrument_input("renamed-id"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("cannot be changed"), "{err}");
}

#[test]
fn commitments_and_milestones_need_an_existing_parent() {
    let (_dir, mut store) = temp_store();
    let err = create_commitment(
        &mut store,
        &CommitmentInput {
            id: "c".into(),
            instrument_id: "nowhere".into(),
            title: "C".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(paths_of(err), ["instrument_id"]);
    create_instrument(&mut store, &instrument_input("i")).unwrap();
    create_commitment(
        &mut store,
        &CommitmentInput {
            id: "c".into(),
            instrument_id: "i".into(),
            title: "C".into(),
            themes: vec!["ai-safety".into()],
            ..Default::default()
        },
    )
    .unwrap();
    let m = create_milestone(
        &mut store,
        &MilestoneInput {
            id: "m".into(),
            commitment_id: "c".into(),
            title: "M".into(),
            due: Some("2026-Q3".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(m.due.unwrap().to_string(), "2026-Q3");
    assert_eq!(m.origin, accord::model::Origin::Stated, "default origin");
    let err = create_milestone(
        &mut store,
        &MilestoneInput {
            id: "m2".into(),
            commitment_id: "c".into(),
            title: "M".into(),
            due: Some("next spring".into()),
            origin: Some("guess".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(paths_of(err), ["due", "origin"]);
}

#[test]
fn anything_with_updates_can_only_be_archived() {
    let (_dir, mut store) = seeded_store();
    for (kind, id) in [
        (EntityKind::Milestone, "uk-openai-c1.m1"),
        (EntityKind::Commitment, "uk-openai-c1"),
        (EntityKind::Instrument, "uk-openai-mou-2025"),
    ] {
        let err = delete(&mut store, kind, id).unwrap_err();
        assert!(matches!(err, Error::Refused(_)), "{err}");
        assert!(err.to_string().contains("Archive it instead"), "{err}");
    }
    assert_eq!(count(&store, "milestones"), 90);

    set_archived(
        &mut store,
        EntityKind::Instrument,
        "uk-openai-mou-2025",
        true,
    )
    .unwrap();
    let today = accord::date::parse_full_date("2026-11-27").unwrap();
    let board = accord::snapshot::Snapshot::load(store.conn(), today)
        .unwrap()
        .scoreboard();
    assert_eq!(
        board.instruments.len(),
        9,
        "archived instruments leave the views"
    );
    assert_eq!(board.overall.total, 90 - 13);
    let exported = export(&store);
    assert!(
        exported.contains("uk-openai-mou-2025"),
        "archiving hides, never loses: the export keeps it"
    );
    set_archived(
        &mut store,
        EntityKind::Instrument,
        "uk-openai-mou-2025",
        false,
    )
    .unwrap();
    let log = list_changes(store.conn(), "uk-openai-mou-2025").unwrap();
    assert_eq!(log.iter().filter(|c| c.field == "archived").count(), 2);
}

#[test]
fn something_without_updates_can_be_deleted_and_the_deletion_is_logged() {
    let (_dir, mut store) = seeded_store();
    // uk-openai-c3.m4 has no updates.
    delete(&mut store, EntityKind::Milestone, "uk-openai-c3.m4").unwrap();
    assert_eq!(count(&store, "milestones"), 89);
    let log = list_changes(store.conn(), "uk-openai-c3.m4").unwrap();
    assert_eq!(log[0].field, "(deleted)");
    assert!(
        log[0]
            .old_value
            .as_deref()
            .unwrap()
            .contains("Defence and security"),
        "the whole object is kept in the log"
    );
    let err = delete(&mut store, EntityKind::Milestone, "uk-openai-c3.m4").unwrap_err();
    assert!(matches!(err, Error::NotFound(_)));
}

/// The search index keeps no copy of the text (migration 0004): deleting a milestone takes
/// its words out of the index, and a search afterwards neither finds it nor fails on it.
#[test]
fn a_deleted_milestone_is_no_longer_found() {
    let (_dir, mut store) = seeded_store();
    let found = |store: &accord::store::Store| -> Vec<String> {
        accord::store::search::search(store.conn(), "defence deployments", 10)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert!(found(&store).contains(&"uk-openai-c3.m4".to_string()));
    delete(&mut store, EntityKind::Milestone, "uk-openai-c3.m4").unwrap();
    assert!(!found(&store).contains(&"uk-openai-c3.m4".to_string()));
    store
        .conn()
        .execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .expect("the index is whole after the deletion");
}

/// Editing one object takes the change into the app's kept snapshot, in place; moving a
/// commitment to another instrument reads both instruments again. Either way the next
/// snapshot is what a new load gives, and nothing was loaded whole.
#[test]
fn edits_refresh_the_kept_snapshot() {
    let (_dir, mut store) = temp_store();
    create_instrument(&mut store, &instrument_input("a")).unwrap();
    create_instrument(&mut store, &instrument_input("b")).unwrap();
    let commitment = commitment_under("c", "a");
    create_commitment(&mut store, &commitment).unwrap();
    create_commitment(&mut store, &commitment_under("d", "b")).unwrap();
    let milestone = |id: &str, due: &str| milestone_under(id, "c", due);
    create_milestone(&mut store, &milestone("m1", "2027-Q3")).unwrap();
    create_milestone(&mut store, &milestone("m2", "2027")).unwrap();
    create_milestone(&mut store, &milestone_under("m3", "d", "2028")).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();

    store.snapshot(as_of).unwrap();
    let loads = store.snapshot_loads();
    let mut overdue = milestone("m1", "2025-Q1");
    overdue.title = "Milestone 1, brought forward".into();
    edit_milestone(&mut store, "m1", &overdue).unwrap();
    let mut renamed = commitment.clone();
    renamed.title = "C, renamed".into();
    edit_commitment(&mut store, "c", &renamed).unwrap();
    let mut instrument = instrument_input("a");
    instrument.title = "A, renamed".into();
    edit_instrument(&mut store, "a", &instrument).unwrap();
    let kept = store.snapshot(as_of).unwrap();
    assert_eq!(store.snapshot_loads(), loads, "kept, not loaded");
    assert_eq!(
        kept.milestones[0].1.timeliness,
        accord::model::Timeliness::Overdue,
        "derived again from the new due"
    );
    assert_eq!(kept.instruments[0].title, "A, renamed");
    assert_same_as_a_new_load(&kept, &store);
    drop(kept);

    let mut moved = renamed.clone();
    moved.instrument_id = "b".into();
    edit_commitment(&mut store, "c", &moved).unwrap();
    let after_move = store.snapshot(as_of).unwrap();
    assert_eq!(store.snapshot_loads(), loads, "kept, not loaded");
    assert!(after_move
        .commitments
        .iter()
        .all(|c| c.instrument_id == "b"));
    assert_same_as_a_new_load(&after_move, &store);
}

/// Adding, archiving, restoring, deleting and moving objects read again only the
/// instruments they happen under: the kept snapshot is then what a new load gives, as of
/// its own date and as of others (each milestone's updates kept beside it), and nothing
/// was loaded whole.
#[test]
fn adding_archiving_and_deleting_refresh_the_kept_snapshot() {
    use accord::model::EntityKind::{Commitment, Instrument, Milestone};
    let (_dir, mut store) = seeded_store();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    store.snapshot(as_of).unwrap();
    let loads = store.snapshot_loads();
    let check = |store: &mut accord::Store, step: &str| {
        let kept = store.snapshot(as_of).unwrap();
        assert_eq!(store.snapshot_loads(), loads, "{step}: kept, not loaded");
        assert_same_as_a_new_load(&kept, store);
    };

    create_instrument(&mut store, &instrument_input("x")).unwrap();
    check(&mut store, "an instrument added");
    create_commitment(&mut store, &commitment_under("x.c1", "x")).unwrap();
    create_milestone(&mut store, &milestone_under("x.c1.m1", "x.c1", "2027")).unwrap();
    check(&mut store, "a commitment and a milestone added");
    create_milestone(
        &mut store,
        &milestone_under("uk-openai-c1.extra", "uk-openai-c1", "2026-Q2"),
    )
    .unwrap();
    check(&mut store, "a milestone added to a commitment with others");
    set_archived(&mut store, Milestone, "uk-openai-c1.m1", true).unwrap();
    check(&mut store, "a milestone archived");
    set_archived(&mut store, Commitment, "uk-openai-c1", true).unwrap();
    check(&mut store, "a commitment archived");
    set_archived(&mut store, Instrument, "uk-openai-mou-2025", true).unwrap();
    check(&mut store, "an instrument archived");
    set_archived(&mut store, Instrument, "uk-google-cloud-2025", true).unwrap();
    set_archived(&mut store, Instrument, "uk-google-cloud-2025", false).unwrap();
    check(
        &mut store,
        "an instrument in the middle archived and restored",
    );
    for (kind, id) in [
        (Instrument, "uk-openai-mou-2025"),
        (Commitment, "uk-openai-c1"),
        (Milestone, "uk-openai-c1.m1"),
    ] {
        set_archived(&mut store, kind, id, false).unwrap();
        check(&mut store, &format!("{id} restored"));
    }
    edit_milestone(
        &mut store,
        "x.c1.m1",
        &milestone_under("x.c1.m1", "uk-openai-c1", "2027"),
    )
    .unwrap();
    check(&mut store, "a milestone moved to another instrument");
    delete(&mut store, Commitment, "x.c1").unwrap();
    check(&mut store, "a commitment deleted");
    delete(&mut store, Milestone, "x.c1.m1").unwrap();
    delete(&mut store, Instrument, "x").unwrap();
    check(&mut store, "a milestone and an instrument deleted");

    for day in ["2025-07-01", "2026-01-31", "2027-06-30"] {
        let day = accord::date::parse_full_date(day).unwrap();
        let moved = store.snapshot(day).unwrap();
        assert_eq!(store.snapshot_loads(), loads, "moved, not loaded");
        let loaded = accord::snapshot::Snapshot::load(store.conn(), day).unwrap();
        assert_eq!(moved.milestones, loaded.milestones, "as of {day}");
    }
}

fn commitment_under(id: &str, instrument: &str) -> CommitmentInput {
    CommitmentInput {
        id: id.into(),
        instrument_id: instrument.into(),
        title: format!("Commitment {id}"),
        ..Default::default()
    }
}

fn milestone_under(id: &str, commitment: &str, due: &str) -> MilestoneInput {
    MilestoneInput {
        id: id.into(),
        commitment_id: commitment.into(),
        title: format!("Milestone {id}"),
        due: Some(due.into()),
        ..Default::default()
    }
}

fn assert_same_as_a_new_load(kept: &accord::snapshot::Snapshot, store: &accord::Store) {
    let loaded = accord::snapshot::Snapshot::load(store.conn(), kept.as_of).unwrap();
    assert_eq!(kept.instruments, loaded.instruments);
    assert_eq!(kept.commitments, loaded.commitments);
    assert_eq!(kept.milestones, loaded.milestones);
}
