//! Import and export of the exchange format: exact round trips, all-or-nothing imports,
//! every error with its JSON path, merging by id, idempotence and conflicts.

mod fixture;

use accord::exchange::{export_json, import_bytes, ExportScope};
use accord::Error;
use fixture::*;
use serde_json::{json, Value};

const URL: &str = "https://example.org/evidence";

fn field_errors(result: accord::Result<impl std::fmt::Debug>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid(errors)) => errors.into_iter().map(|e| (e.path, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn paths(errors: &[(String, String)]) -> Vec<&str> {
    errors.iter().map(|(p, _)| p.as_str()).collect()
}

fn assert_empty(store: &accord::Store) {
    for table in [
        "instruments",
        "commitments",
        "milestones",
        "updates",
        "change_log",
    ] {
        assert_eq!(
            count(store, table),
            0,
            "a refused import must leave {table} empty"
        );
    }
}

#[test]
fn bundled_dataset_round_trips_byte_for_byte() {
    let (_a, first) = seeded_store();
    let exported = export(&first);
    let (_b, mut second) = temp_store();
    import_bytes(&mut second, exported.as_bytes()).unwrap();
    assert_eq!(
        export(&second),
        exported,
        "export → import → export must give the same bytes"
    );
    assert!(exported.ends_with("}\n"), "a final newline");
    assert!(
        exported.starts_with("{\n  \"format\": \"accord/1\",\n  \"instruments\": ["),
        "two-space indent, spec key order"
    );
}

#[test]
fn bundled_dataset_counts_are_as_published() {
    let (_dir, store) = seeded_store();
    assert_eq!(count(&store, "instruments"), 10);
    assert_eq!(count(&store, "commitments"), 79);
    assert_eq!(count(&store, "milestones"), 90);
    assert_eq!(count(&store, "updates"), 39);
}

#[test]
fn export_keeps_every_field_of_the_source_file() {
    let (_dir, store) = seeded_store();
    let exported: serde_json::Value = serde_json::from_str(&export(&store)).unwrap();
    let original: serde_json::Value = serde_json::from_str(accord::dataset::BUNDLED).unwrap();
    // The export writes absent optional fields as null; apart from that it is the source.
    fn strip_nulls(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => serde_json::Value::Object(
                m.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), strip_nulls(v)))
                    .collect(),
            ),
            serde_json::Value::Array(a) => {
                serde_json::Value::Array(a.iter().map(strip_nulls).collect())
            }
            other => other.clone(),
        }
    }
    let mut a = strip_nulls(&exported);
    let b = strip_nulls(&original);
    // Empty arrays the source left out are written as [].
    fn drop_empty_arrays(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.retain(|k, v| {
                    !(v.as_array().is_some_and(|a| a.is_empty())
                        && k != "updates"
                        && k != "milestones"
                        && k != "commitments"
                        && k != "instruments")
                });
                m.values_mut().for_each(drop_empty_arrays);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(drop_empty_arrays),
            _ => {}
        }
    }
    drop_empty_arrays(&mut a);
    let mut b = b;
    drop_empty_arrays(&mut b);
    assert_eq!(
        a, b,
        "nothing in the bundled file may be lost or altered by import and export"
    );
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let (_dir, mut store) = seeded_store();
    let before = export(&store);
    let summary = accord::dataset::seed(&mut store).unwrap();
    assert!(
        summary.is_noop(),
        "second import reports nothing new: {summary:?}"
    );
    assert_eq!(summary.updates.skipped, 39);
    assert_eq!(summary.milestones.unchanged, 90);
    assert_eq!(export(&store), before);
    assert_eq!(
        count(&store, "change_log"),
        0,
        "an identical import logs no change"
    );
}

#[test]
fn one_bad_field_anywhere_changes_nothing() {
    let (_dir, mut store) = temp_store();
    let mut doc: serde_json::Value = serde_json::from_str(accord::dataset::BUNDLED).unwrap();
    let last = doc["instruments"].as_array().unwrap().len() - 1;
    doc["instruments"][last]["commitments"][0]["milestones"][0]["due"] = json!("2026-02-30");
    let errors = field_errors(import(&mut store, &doc));
    assert_eq!(
        paths(&errors),
        [format!(
            "instruments[{last}].commitments[0].milestones[0].due"
        )]
    );
    assert!(
        errors[0].1.contains("does not exist"),
        "says why: {}",
        errors[0].1
    );
    assert_empty(&store);
}

/// A wrong `format` is shown as the file spells it: a string in quotes, anything else as
/// its JSON, neither with escapes added.
#[test]
fn a_wrong_format_is_quoted_as_the_file_gives_it() {
    let (_dir, mut store) = temp_store();
    for (format, shown) in [
        (json!("accord/2"), r#""accord/2""#),
        (json!({ "version": 1 }), r#"{"version":1}"#),
        (json!(1), "1"),
    ] {
        let mut doc = document(vec![]);
        doc["format"] = format;
        let errors = field_errors(import(&mut store, &doc));
        assert_eq!(
            errors,
            [(
                "format".to_string(),
                format!(r#"expected "accord/1", got {shown}"#)
            )]
        );
    }
    assert_empty(&store);
}

#[test]
fn every_error_is_reported_with_its_path() {
    let (_dir, mut store) = temp_store();
    let doc = json!({
        "format": "accord/2",
        "instruments": [{
            "id": "Bad Id",
            "title": "",
            "kind": "treaty",
            "binding": "non_binding",
            "parties": [{ "name": "Gov", "role": "state" }],
            "signed": "2025-13",
            "sources": [{ "url": "ftp://example.org/file" }],
            "colour": "blue",
            "commitments": [{
                "id": "c1",
                "title": "ok",
                "themes": ["Not A Slug"],
                "milestones": [{
                    "id": "m1",
                    "title": "ok",
                    "origin": "invented",
                    "updates": [{ "id": "not-a-uuid", "as_of": "2025-06", "status": "finished", "note": "", "contested": "yes" }]
                }]
            }]
        }]
    });
    let errors = field_errors(import(&mut store, &doc));
    let mut found = paths(&errors);
    found.sort();
    let mut expected = vec![
        "format",
        "instruments[0].id",
        "instruments[0].title",
        "instruments[0].kind",
        "instruments[0].parties[0].role",
        "instruments[0].signed",
        "instruments[0].sources[0].url",
        "instruments[0].colour",
        "instruments[0].commitments[0].themes[0]",
        "instruments[0].commitments[0].milestones[0].origin",
        "instruments[0].commitments[0].milestones[0].updates[0].id",
        "instruments[0].commitments[0].milestones[0].updates[0].as_of",
        "instruments[0].commitments[0].milestones[0].updates[0].status",
        "instruments[0].commitments[0].milestones[0].updates[0].note",
        "instruments[0].commitments[0].milestones[0].updates[0].contested",
    ];
    expected.sort();
    assert_eq!(found, expected);
    let message = |path: &str| &errors.iter().find(|(p, _)| p == path).unwrap().1;
    assert!(
        message("instruments[0].kind").contains("mou"),
        "lists the accepted kinds"
    );
    assert!(
        message("instruments[0].kind").contains("treaty"),
        "quotes what it got"
    );
    assert!(message("instruments[0].colour").contains("unknown field"));
    assert_eq!(message("format"), r#"expected "accord/1", got "accord/2""#);
    assert_empty(&store);
}

/// JSON lets a key repeat; the last value counts (as in `serde_json`), and a repeated
/// unknown key is one error, not one per repetition.
#[test]
fn a_repeated_key_counts_once() {
    let (_dir, mut store) = temp_store();
    let file = br#"{"format": "accord/1", "instruments": [{"id": "a", "title": "First",
        "title": "Second", "kind": "mou", "binding": "binding",
        "parties": [{"name": "G", "role": "government"}], "colour": 1, "colour": 2}]}"#;
    let Err(Error::Invalid(errors)) = accord::exchange::import_bytes(&mut store, file) else {
        panic!("an unknown field is refused");
    };
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["instruments[0].colour"]);
    let fixed = String::from_utf8(file.to_vec())
        .unwrap()
        .replace(r#", "colour": 1, "colour": 2"#, "");
    accord::exchange::import_bytes(&mut store, fixed.as_bytes()).unwrap();
    let title: String = store
        .conn()
        .query_row("SELECT title FROM instruments WHERE id = 'a'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(title, "Second", "the last value counts");
}

#[test]
fn missing_required_fields_and_wrong_types_are_named() {
    let (_dir, mut store) = temp_store();
    let doc = json!({
        "format": "accord/1",
        "instruments": [
            { "id": "a", "kind": "mou", "binding": "binding", "parties": [] },
            { "id": "b", "title": "B", "kind": "mou", "binding": "binding", "parties": "Gov", "commitments": {} },
            { "id": 7, "title": ["x"], "kind": null, "binding": "binding", "parties": [{ "name": "G", "role": "government" }] },
            "not an object"
        ]
    });
    let errors = field_errors(import(&mut store, &doc));
    let mut found = paths(&errors);
    found.sort();
    assert_eq!(
        found,
        [
            "instruments[0].parties",
            "instruments[0].title",
            "instruments[1].commitments",
            "instruments[1].parties",
            "instruments[2].id",
            "instruments[2].kind",
            "instruments[2].title",
            "instruments[3]",
        ]
    );
    let message = |path: &str| errors.iter().find(|(p, _)| p == path).unwrap().1.clone();
    assert!(message("instruments[0].title").contains("missing"));
    assert!(message("instruments[0].parties").contains("at least one"));
    assert!(
        message("instruments[2].id").contains("number"),
        "{}",
        message("instruments[2].id")
    );
    assert!(message("instruments[2].kind").contains("null"));
    assert_empty(&store);
}

#[test]
fn malformed_json_is_reported_with_line_and_column() {
    let (_dir, mut store) = temp_store();
    let text =
        "{\n  \"format\": \"accord/1\",\n  \"instruments\": [\n    {\"id\": \"a\",}\n  ]\n}\n";
    match import_bytes(&mut store, text.as_bytes()) {
        Err(Error::Syntax { line, column, .. }) => {
            assert_eq!(line, 4, "the trailing comma is on line 4");
            assert!(column > 10, "column points into the line: {column}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let message = import_bytes(&mut store, b"{\"format\": ")
        .unwrap_err()
        .to_string();
    assert!(message.contains("line 1"), "{message}");
    assert!(
        import_bytes(&mut store, &[0xff, 0xfe, b'{']).is_err(),
        "invalid UTF-8 is refused"
    );
    assert!(
        import_bytes(&mut store, b"").is_err(),
        "an empty file is refused"
    );
    assert_empty(&store);
}

#[test]
fn ids_must_be_unique_across_the_file_and_kinds() {
    let (_dir, mut store) = temp_store();
    let doc = document(vec![
        milestone("inst.c1", json!(null), vec![]),
        milestone("m2", json!(null), vec![]),
        milestone("m2", json!(null), vec![]),
    ]);
    let errors = field_errors(import(&mut store, &doc));
    let found = paths(&errors);
    assert!(
        found.contains(&"instruments[0].commitments[0].milestones[0].id"),
        "a milestone reusing the commitment's id: {found:?}"
    );
    assert!(
        found.contains(&"instruments[0].commitments[0].milestones[2].id"),
        "the second m2: {found:?}"
    );
    assert_empty(&store);
}

#[test]
fn an_id_used_by_another_kind_in_the_database_is_refused() {
    let (_dir, mut store) = temp_store();
    import(
        &mut store,
        &document(vec![milestone("m1", json!(null), vec![])]),
    )
    .unwrap();
    let mut doc = document(vec![]);
    doc["instruments"][0]["id"] = json!("m1");
    doc["instruments"][0]["commitments"] = json!([]);
    let errors = field_errors(import(&mut store, &doc));
    assert_eq!(paths(&errors), ["instruments[0].id"]);
    assert!(errors[0].1.contains("milestone"), "{}", errors[0].1);
    assert_eq!(count(&store, "instruments"), 1);
}

#[test]
fn merging_by_id_updates_given_fields_keeps_absent_ones_and_logs_changes() {
    let (_dir, mut store) = temp_store();
    let mut doc = document(vec![milestone("m1", json!("2026"), vec![])]);
    doc["instruments"][0]["summary"] = json!("First summary");
    doc["instruments"][0]["signed"] = json!("2025-07-21");
    import(&mut store, &doc).unwrap();

    let mut changed = document(vec![
        milestone("m1", json!("2026-Q2"), vec![]),
        milestone("m2", json!(null), vec![]),
    ]);
    changed["instruments"][0]["title"] = json!("Renamed instrument");
    changed["instruments"][0]["signed"] = json!(null); // null clears; summary absent keeps
    let summary = import(&mut store, &changed).unwrap();
    assert_eq!(summary.instruments.updated, 1);
    assert_eq!(summary.milestones.updated, 1);
    assert_eq!(summary.milestones.added, 1);

    let i = accord::store::instruments::get_instrument(store.conn(), "inst")
        .unwrap()
        .unwrap();
    assert_eq!(i.title, "Renamed instrument");
    assert_eq!(
        i.summary.as_deref(),
        Some("First summary"),
        "an absent field keeps its value"
    );
    assert_eq!(i.signed, None, "null clears");
    let log = accord::store::changelog::list_changes(store.conn(), "inst").unwrap();
    let title = log
        .iter()
        .find(|c| c.field == "title")
        .expect("the title change is logged");
    assert_eq!(title.old_value.as_deref(), Some("Test instrument"));
    assert_eq!(title.new_value.as_deref(), Some("Renamed instrument"));
    assert_eq!(title.origin, "import");
    let m_log = accord::store::changelog::list_changes(store.conn(), "m1").unwrap();
    assert_eq!(m_log.len(), 1);
    assert_eq!(
        (m_log[0].old_value.as_deref(), m_log[0].new_value.as_deref()),
        (Some("2026"), Some("2026-Q2"))
    );
}

#[test]
fn an_update_id_with_different_content_is_a_conflict() {
    let (_dir, mut store) = temp_store();
    let doc = document(vec![milestone(
        "m1",
        json!(null),
        vec![update(&uuid(1), "2025-03-01", "in_progress", evidence(URL))],
    )]);
    import(&mut store, &doc).unwrap();
    let before = export(&store);
    let mut changed = doc.clone();
    changed["instruments"][0]["commitments"][0]["milestones"][0]["updates"][0]["note"] =
        json!("rewritten");
    changed["instruments"][0]["title"] = json!("this must not land either");
    let errors = field_errors(import(&mut store, &changed));
    assert_eq!(
        paths(&errors),
        ["instruments[0].commitments[0].milestones[0].updates[0].id"]
    );
    assert!(
        errors[0].1.contains("conflict") && errors[0].1.contains("note"),
        "{}",
        errors[0].1
    );
    assert_eq!(export(&store), before, "a conflict changes nothing");
}

#[test]
fn the_evidence_rule_is_enforced_on_import() {
    let (_dir, mut store) = temp_store();
    let mut rescheduled = update(&uuid(3), "2025-05-01", "in_progress", json!([]));
    rescheduled["due"] = json!("2026-Q4");
    let doc = document(vec![milestone(
        "m1",
        json!("2026-Q2"),
        vec![
            update(&uuid(1), "2025-03-01", "in_progress", json!([])),
            update(&uuid(2), "2025-04-01", "in_progress", json!([])),
            rescheduled,
            update(&uuid(4), "2025-06-01", "stalled", json!(null)),
        ],
    )]);
    let errors = field_errors(import(&mut store, &doc));
    let base = "instruments[0].commitments[0].milestones[0].updates";
    assert_eq!(
        paths(&errors),
        [
            format!("{base}[0].evidence"),
            format!("{base}[2].evidence"),
            format!("{base}[3].evidence")
        ],
        "first update, due change and status change need evidence; a same-status note does not"
    );
    assert!(errors[0].1.contains("first update"), "{}", errors[0].1);
    assert!(
        errors[1].1.contains("2026-Q2") && errors[1].1.contains("2026-Q4"),
        "{}",
        errors[1].1
    );
    assert!(
        errors[2].1.contains("in_progress to stalled"),
        "{}",
        errors[2].1
    );
    assert_empty(&store);
}

/// A new milestone's updates are judged in the order they happened (as_of, then
/// recorded_at), whatever their order in the file.
#[test]
fn the_evidence_rule_follows_the_dates_not_the_file_order() {
    let (_dir, mut store) = temp_store();
    let at = |mut u: Value, recorded: &str| {
        u["recorded_at"] = json!(recorded);
        u
    };
    let doc = document(vec![
        // Listed late first: the note without evidence follows the evidenced first update.
        milestone(
            "m1",
            json!(null),
            vec![
                update(&uuid(2), "2025-04-01", "in_progress", json!([])),
                update(&uuid(1), "2025-03-01", "in_progress", evidence(URL)),
            ],
        ),
        // The earlier update, listed second, is the first and has no evidence.
        milestone(
            "m2",
            json!(null),
            vec![
                update(&uuid(4), "2025-04-01", "stalled", evidence(URL)),
                update(&uuid(3), "2025-03-01", "in_progress", json!([])),
            ],
        ),
        // Same day: recorded_at decides that the stalled update came second.
        milestone(
            "m3",
            json!(null),
            vec![
                at(
                    update(&uuid(6), "2025-04-01", "stalled", json!([])),
                    "2025-04-01T10:00:00Z",
                ),
                at(
                    update(&uuid(5), "2025-04-01", "in_progress", evidence(URL)),
                    "2025-04-01T09:00:00Z",
                ),
            ],
        ),
    ]);
    let errors = field_errors(import(&mut store, &doc));
    let base = "instruments[0].commitments[0].milestones";
    assert_eq!(
        paths(&errors),
        [
            format!("{base}[1].updates[1].evidence"),
            format!("{base}[2].updates[0].evidence")
        ]
    );
    assert!(errors[0].1.contains("first update"), "{}", errors[0].1);
    assert!(
        errors[1].1.contains("in_progress to stalled"),
        "{}",
        errors[1].1
    );
    assert_empty(&store);
}

#[test]
fn the_evidence_rule_judges_an_update_by_the_stored_history() {
    let (_dir, mut store) = temp_store();
    import(
        &mut store,
        &document(vec![milestone(
            "m1",
            json!(null),
            vec![update(&uuid(1), "2025-03-01", "in_progress", evidence(URL))],
        )]),
    )
    .unwrap();
    // A same-status follow-up in a later file needs no evidence: the stored update precedes it.
    let follow_up = document(vec![milestone(
        "m1",
        json!(null),
        vec![update(&uuid(2), "2025-04-01", "in_progress", json!([]))],
    )]);
    import(&mut store, &follow_up).unwrap();
    assert_eq!(count(&store, "updates"), 2);
}

/// A generated file of 15 instruments (100 milestones each). An import writes each one
/// while the next is parsed, with at most 8 waiting between them, so by the time the last
/// instrument is checked at least 6 have been handed to the writer.
fn fifteen_instruments() -> String {
    let size = accord::generate::Size {
        milestones: 1500,
        updates_per_milestone: 2,
    };
    String::from_utf8(accord::generate::document(11, size)).unwrap()
}

/// Errors found late in a file — in its last instrument, in a `format` that follows the
/// instruments, in JSON broken at the very end, in an id that repeats an earlier one —
/// come after earlier instruments were written; the database is still left as it was,
/// into an empty file and into one holding data, and the file's errors are reported.
#[test]
fn an_error_late_in_a_file_undoes_the_instruments_written_before_it() {
    let good = fifteen_instruments();
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    let last = doc["instruments"].as_array().unwrap().len() - 1;
    assert_eq!(last, 14);
    doc["instruments"][last]["kind"] = json!("treaty");
    let bad_last = serde_json::to_string(&doc).unwrap();
    let body = good.replacen(r#""format":"accord/1","#, "", 1);
    let body = body.trim_end().strip_suffix('}').unwrap();
    let format_late = format!(r#"{body}, "format": "accord/2"}}"#);
    assert!(format_late.ends_with(r#""format": "accord/2"}"#));
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    let first_id = doc["instruments"][0]["id"].clone();
    doc["instruments"][last]["id"] = first_id;
    let repeated_id = serde_json::to_string(&doc).unwrap();
    let cut_short = good.trim_end().strip_suffix('}').unwrap().to_string();
    let good_doc: Value = serde_json::from_str(&good).unwrap();
    let last_id = good_doc["instruments"][last]["id"].as_str().unwrap();
    let last_title = good_doc["instruments"][last]["title"].as_str().unwrap();

    for (name, file, expected) in [
        ("last instrument", &bad_last, Some("instruments[14].kind")),
        ("format after the instruments", &format_late, Some("format")),
        ("repeated id", &repeated_id, Some("instruments[14].id")),
        ("cut short", &cut_short, None),
    ] {
        for (_dir, mut store) in [temp_store(), seeded_store()] {
            let before = export(&store);
            let result = import_bytes(&mut store, file.as_bytes());
            match expected {
                Some(path) => assert_eq!(paths(&field_errors(result)), [path], "{name}"),
                None => assert!(
                    matches!(result, Err(Error::Syntax { .. })),
                    "{name}: {result:?}"
                ),
            }
            assert_eq!(export(&store), before, "{name}: nothing changed");
            assert_eq!(count(&store, "change_log"), 0, "{name}");
            // The transaction's work is gone but the database works on: the good file
            // imports whole and is found by search.
            let milestones = count(&store, "milestones");
            import_bytes(&mut store, good.as_bytes()).unwrap();
            assert_eq!(count(&store, "milestones"), milestones + 1500, "{name}");
            let hits = accord::store::search::search(store.conn(), last_title, 50).unwrap();
            assert!(hits.iter().any(|h| h.id == last_id), "{name}: {hits:?}");
        }
    }
}

/// While the writer meets a conflict in the first instrument, the parser may still find an
/// error later in the file; the file's error is what is reported, as when a file was
/// checked whole before anything was written.
#[test]
fn a_file_error_is_reported_before_a_conflict_met_while_writing() {
    let good = fifteen_instruments();
    let (_dir, mut store) = temp_store();
    import_bytes(&mut store, good.as_bytes()).unwrap();
    let before = export(&store);
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    let milestones = doc["instruments"][0]["commitments"][0]["milestones"]
        .as_array_mut()
        .unwrap();
    let m = milestones
        .iter()
        .position(|m| m["updates"].as_array().is_some_and(|u| !u.is_empty()))
        .expect("a milestone with updates");
    milestones[m]["updates"][0]["note"] = json!("Told differently afterwards");
    let conflict = serde_json::to_string(&doc).unwrap();
    let errors = field_errors(import_bytes(&mut store, conflict.as_bytes()));
    assert_eq!(
        paths(&errors),
        [format!(
            "instruments[0].commitments[0].milestones[{m}].updates[0].id"
        )]
    );
    assert!(errors[0].1.contains("conflict"), "{errors:?}");

    doc["instruments"][14]["binding"] = json!("sometimes");
    let both = serde_json::to_string(&doc).unwrap();
    let errors = field_errors(import_bytes(&mut store, both.as_bytes()));
    assert_eq!(paths(&errors), ["instruments[14].binding"]);
    assert_eq!(export(&store), before);
}

/// JSON lets `instruments` repeat and the last array would count, silently dropping the
/// first; such a file is refused instead, naming the field.
#[test]
fn instruments_given_twice_are_refused() {
    let (_dir, mut store) = temp_store();
    let instruments = serde_json::to_string(&document(vec![])["instruments"]).unwrap();
    let twice =
        format!(r#"{{"format": "accord/1", "instruments": {instruments}, "instruments": []}}"#);
    let errors = field_errors(import_bytes(&mut store, twice.as_bytes()));
    assert_eq!(paths(&errors), ["instruments"]);
    assert!(errors[0].1.contains("given 2 times"), "{errors:?}");
    assert_empty(&store);
    let once = format!(r#"{{"format": "accord/1", "instruments": {instruments}}}"#);
    import_bytes(&mut store, once.as_bytes()).unwrap();
    assert_eq!(count(&store, "instruments"), 1);
}

/// Ids are unique across the whole file and every kind: a repeated one is refused at its
/// second place, naming the first, into an empty database (where the import looks nothing
/// up) as into one holding data, and nothing is written.
#[test]
fn an_id_repeated_in_the_file_is_refused_at_its_second_place() {
    let repeated = || {
        update(
            "0b6d8c52-7a8e-4f43-9a51-3d2c7f1e8a90",
            "2026-01-10",
            "in_progress",
            evidence(URL),
        )
    };
    let doc = document(vec![
        milestone("inst.m1", json!("2026-06"), vec![repeated()]),
        milestone("inst.m1", json!("2026-07"), vec![]),
        milestone("inst.m2", json!("2026-08"), vec![repeated()]),
        milestone("inst.c1", json!("2026-09"), vec![]),
    ]);
    let expected = [
        "instruments[0].commitments[0].milestones[1].id",
        "instruments[0].commitments[0].milestones[3].id",
        "instruments[0].commitments[0].milestones[2].updates[0].id",
    ];
    let (_dir, mut empty) = temp_store();
    let errors = field_errors(import(&mut empty, &doc));
    let mut found = paths(&errors);
    found.sort_unstable();
    let mut want = expected.to_vec();
    want.sort_unstable();
    assert_eq!(found, want, "{errors:?}");
    assert!(
        errors.iter().all(|(_, m)| m.contains("already used at")),
        "{errors:?}"
    );
    assert_empty(&empty);

    let (_dir, mut seeded) = seeded_store();
    let before = export(&seeded);
    let errors = field_errors(import(&mut seeded, &doc));
    let mut found = paths(&errors);
    found.sort_unstable();
    assert_eq!(found, want, "{errors:?}");
    assert_eq!(export(&seeded), before);
}

#[test]
fn deep_nesting_and_huge_text_are_refused_cleanly() {
    let (_dir, mut store) = temp_store();
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    assert!(import_bytes(&mut store, deep.as_bytes()).is_err());
    let mut doc = document(vec![]);
    doc["instruments"][0]["summary"] = json!("x".repeat(accord::validate::MAX_TEXT_BYTES + 1));
    let errors = field_errors(import(&mut store, &doc));
    assert_eq!(paths(&errors), ["instruments[0].summary"]);
    assert_empty(&store);
}

#[test]
fn export_can_be_limited_to_chosen_instruments() {
    let (_dir, store) = seeded_store();
    let text = export_json(
        store.conn(),
        &ExportScope {
            instruments: vec!["uk-openai-mou-2025".into()],
        },
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["instruments"].as_array().unwrap().len(), 1);
    assert_eq!(doc["instruments"][0]["id"], "uk-openai-mou-2025");
}

#[test]
fn csv_has_one_row_per_milestone_with_derived_columns() {
    let (_dir, store) = seeded_store();
    let text = accord::exchange::csv::export_csv(
        store.conn(),
        accord::date::parse_full_date("2026-11-27").unwrap(),
    )
    .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "instrument_id",
        "commitment_id",
        "milestone_id",
        "due",
        "current_due",
        "status",
        "timeliness",
        "slip_days",
        "last_update_as_of",
    ] {
        assert!(header.contains(&column.to_string()), "column {column}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 90);
    let status = header.iter().position(|h| h == "status").unwrap();
    let done = rows.iter().filter(|r| &r[status] == "done").count();
    assert_eq!(
        done, 12,
        "the bundled dataset has 12 milestones done as of 2026-11-27"
    );
}

/// SQLite refuses `sql` on `store`'s connection with an error that names `constraint`.
fn refused_by(store: &accord::Store, sql: &str, constraint: &str) {
    let result = store.conn().execute(sql, []);
    let message = format!("{result:?}");
    assert!(message.contains(constraint), "{sql}: {message}");
}

/// The connection checks `CHECK` constraints and foreign keys.
fn constraints_checked(store: &accord::Store, when: &str) {
    let on: bool = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(on, "{when}: foreign keys are on");
    refused_by(
        store,
        "INSERT INTO instruments (id, position, title, kind, binding, parties)
            VALUES ('blank', 99, '  ', 'mou', 'binding', '[{}]')",
        "CHECK constraint failed",
    );
    refused_by(
        store,
        "INSERT INTO commitments (id, instrument_id, position, title)
            VALUES ('orphan', 'no-such-instrument', 0, 'Orphan')",
        "FOREIGN KEY constraint failed",
    );
}

/// A first import writes without SQLite's constraints (`Store::write_large`): what it wrote
/// meets every one of them, and they are on again afterwards, whether it succeeded or not.
#[test]
fn a_first_import_meets_every_constraint_and_leaves_them_checked() {
    let good = fifteen_instruments();
    let (_bundled_dir, bundled) = seeded_store();
    let (_dir, mut store) = temp_store();
    import_bytes(&mut store, good.as_bytes()).unwrap();
    for (name, store) in [("bundled", &bundled), ("generated", &store)] {
        let broken = texts(store.conn(), "PRAGMA foreign_key_check");
        assert!(broken.is_empty(), "{name}: {broken:?}");
        let integrity = texts(store.conn(), "PRAGMA integrity_check");
        assert_eq!(integrity, ["ok"], "{name}");
        constraints_checked(store, name);
    }

    let mut doc: Value = serde_json::from_str(&good).unwrap();
    doc["instruments"][14]["kind"] = json!("treaty");
    let (_dir, mut store) = temp_store();
    let result = import_bytes(&mut store, serde_json::to_string(&doc).unwrap().as_bytes());
    assert_eq!(
        paths(&field_errors(result)),
        ["instruments[14].kind"],
        "refused late, after instruments were written"
    );
    assert_empty(&store);
    constraints_checked(&store, "after a refused first import");
}

/// Should another program write to an empty file between a large write's look at it and
/// its transaction, the import that began without constraints refuses to merge. The race
/// cannot be timed in a test, so this asks the step the import takes inside its
/// transaction (`bulk::set_aside_if_empty`) on a database that holds data, with each
/// constraint off in turn.
#[test]
fn merging_unchecked_into_a_database_that_filled_meanwhile_is_refused() {
    let (_dir, store) = seeded_store();
    let conn = store.conn();
    let before = accord::store::total_rows(conn).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    assert!(accord::store::bulk::set_aside_if_empty(&tx)
        .unwrap()
        .is_none());
    tx.pragma_update(None, "ignore_check_constraints", "ON")
        .unwrap();
    let refused = accord::store::bulk::set_aside_if_empty(&tx);
    assert!(
        matches!(&refused, Err(Error::Refused(m)) if m.contains("nothing was imported")),
        "{:?}",
        refused.map(|s| s.is_some())
    );
    drop(tx);
    conn.pragma_update(None, "ignore_check_constraints", "OFF")
        .unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    assert!(accord::store::bulk::set_aside_if_empty(&tx).is_err());
    drop(tx);
    assert_eq!(accord::store::total_rows(conn).unwrap(), before);
}
