//! Every field of the exchange format with its invalid forms, one table: each form is
//! refused with the JSON path of the field and words saying what was expected, and the
//! database (here holding the bundled dataset) is left exactly as it was.

mod fixture;

use accord::{Error, Store};
use fixture::*;
use serde_json::{json, Value};

const I: &str = "/instruments/0";
const C: &str = "/instruments/0/commitments/0";
const M: &str = "/instruments/0/commitments/0/milestones/0";
const U: &str = "/instruments/0/commitments/0/milestones/0/updates/0";

/// A file using every field of the format, each with a valid value.
fn complete() -> Value {
    json!({
        "format": "accord/1",
        "instruments": [{
            "id": "probe",
            "title": "Probe instrument",
            "kind": "mou",
            "binding": "non_binding",
            "parties": [
                { "name": "Government", "role": "government" },
                { "name": "Company", "role": "company" }
            ],
            "signed": "2025-07",
            "summary": "A summary.",
            "sources": [{
                "url": "https://example.org/mou",
                "title": "The memorandum",
                "publisher": "Publisher",
                "published": "2025-07-21",
                "quote": "We will."
            }],
            "commitments": [{
                "id": "probe.c1",
                "ref": "§1",
                "title": "A commitment",
                "text": "The whole text.",
                "themes": ["security", "data-centres"],
                "lead": "Department",
                "supporting": ["Agency"],
                "milestones": [{
                    "id": "probe.c1.m1",
                    "title": "A milestone",
                    "due": "2026-Q2",
                    "origin": "stated",
                    "kind": "output",
                    "updates": [{
                        "id": uuid(9001),
                        "as_of": "2025-09-01",
                        "status": "in_progress",
                        "note": "Work began.",
                        "evidence": [{ "url": "https://example.org/news" }],
                        "due": "2026-Q3",
                        "contested": false,
                        "author": "Analyst",
                        "recorded_at": "2025-09-02T10:00:00Z"
                    }]
                }]
            }]
        }]
    })
}

/// One way to spoil the complete file.
enum Spoil {
    /// Set the value at a JSON pointer (adding the key if it is new).
    Set(&'static str, Value),
    /// Remove the key at a JSON pointer.
    Remove(&'static str),
}

use Spoil::{Remove, Set};

fn pointer(parent: &str, key: &str) -> String {
    format!("{parent}/{key}")
}

fn apply(doc: &mut Value, spoil: &Spoil) {
    let (target, value) = match spoil {
        Set(p, v) => (*p, Some(v.clone())),
        Remove(p) => (*p, None),
    };
    let (parent, key) = target.rsplit_once('/').expect("a pointer below the root");
    let parent = if parent.is_empty() {
        &mut *doc
    } else {
        doc.pointer_mut(parent)
            .unwrap_or_else(|| panic!("{parent} is in the complete file"))
    };
    match (parent, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_string(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key).expect("removing a present key");
        }
        (Value::Array(items), Some(v)) => items[key.parse::<usize>().unwrap()] = v,
        _ => panic!("cannot apply the change at {target}"),
    }
}

/// Builds the table: a description, the changes, the path the error must name, and a
/// phrase its message must contain.
fn cases() -> Vec<(String, Vec<Spoil>, String, &'static str)> {
    let huge = "x".repeat(100_001);
    let mut cases: Vec<(String, Vec<Spoil>, String, &'static str)> = Vec::new();
    let mut add = |what: &str, spoils: Vec<Spoil>, path: &str, phrase: &'static str| {
        cases.push((what.to_string(), spoils, path.to_string(), phrase))
    };

    // The document.
    add(
        "format missing",
        vec![Remove("/format")],
        "format",
        "accord/1",
    );
    add(
        "format of a later version",
        vec![Set("/format", json!("accord/2"))],
        "format",
        "accord/1",
    );
    add(
        "format as a number",
        vec![Set("/format", json!(1))],
        "format",
        "accord/1",
    );
    add(
        "instruments missing",
        vec![Remove("/instruments")],
        "instruments",
        "missing",
    );
    add(
        "instruments as an object",
        vec![Set("/instruments", json!({}))],
        "instruments",
        "array",
    );
    add(
        "an extra top-level field",
        vec![Set("/comment", json!("hi"))],
        "comment",
        "unknown field",
    );
    add(
        "an instrument that is a string",
        vec![Set("/instruments/0", json!("probe"))],
        "instruments[0]",
        "object",
    );

    // Ids and text fields, on each object that has them.
    for (obj, at) in [
        (I, "instruments[0]"),
        (C, "instruments[0].commitments[0]"),
        (M, "instruments[0].commitments[0].milestones[0]"),
    ] {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let id = leak(pointer(obj, "id"));
        let title = leak(pointer(obj, "title"));
        let extra = leak(pointer(obj, "colour"));
        let id_path = format!("{at}.id");
        let title_path = format!("{at}.title");
        add("id missing", vec![Remove(id)], &id_path, "missing");
        add("id empty", vec![Set(id, json!(""))], &id_path, "lowercase");
        add(
            "id with capitals and spaces",
            vec![Set(id, json!("Probe One"))],
            &id_path,
            "lowercase",
        );
        add(
            "id starting with a dot",
            vec![Set(id, json!(".probe"))],
            &id_path,
            "lowercase",
        );
        add(
            "id over 128 characters",
            vec![Set(id, json!("a".repeat(129)))],
            &id_path,
            "128",
        );
        add(
            "id as a number",
            vec![Set(id, json!(7))],
            &id_path,
            "string",
        );
        add("title missing", vec![Remove(title)], &title_path, "missing");
        add(
            "title empty",
            vec![Set(title, json!(""))],
            &title_path,
            "empty",
        );
        add(
            "title only spaces",
            vec![Set(title, json!("  \t "))],
            &title_path,
            "empty",
        );
        add(
            "title null",
            vec![Set(title, Value::Null)],
            &title_path,
            "string",
        );
        add(
            "title as an array",
            vec![Set(title, json!(["a"]))],
            &title_path,
            "string",
        );
        add(
            "title over 100 kB",
            vec![Set(title, json!(huge.clone()))],
            &title_path,
            "100",
        );
        add(
            "an unknown field",
            vec![Set(extra, json!("red"))],
            &format!("{at}.colour"),
            "unknown field",
        );
    }

    // The instrument's own fields.
    add(
        "kind not in the vocabulary",
        vec![Set("/instruments/0/kind", json!("treaty"))],
        "instruments[0].kind",
        "mou",
    );
    add(
        "kind null",
        vec![Set("/instruments/0/kind", Value::Null)],
        "instruments[0].kind",
        "mou",
    );
    add(
        "kind missing",
        vec![Remove("/instruments/0/kind")],
        "instruments[0].kind",
        "missing",
    );
    add(
        "binding not in the vocabulary",
        vec![Set("/instruments/0/binding", json!("maybe"))],
        "instruments[0].binding",
        "non_binding",
    );
    add(
        "binding as a boolean",
        vec![Set("/instruments/0/binding", json!(true))],
        "instruments[0].binding",
        "non_binding",
    );
    add(
        "parties missing",
        vec![Remove("/instruments/0/parties")],
        "instruments[0].parties",
        "missing",
    );
    add(
        "parties empty",
        vec![Set("/instruments/0/parties", json!([]))],
        "instruments[0].parties",
        "at least one",
    );
    add(
        "parties as a string",
        vec![Set("/instruments/0/parties", json!("UK"))],
        "instruments[0].parties",
        "array",
    );
    add(
        "party name empty",
        vec![Set("/instruments/0/parties/0/name", json!(""))],
        "instruments[0].parties[0].name",
        "empty",
    );
    add(
        "party name missing",
        vec![Remove("/instruments/0/parties/0/name")],
        "instruments[0].parties[0].name",
        "missing",
    );
    add(
        "party role unknown",
        vec![Set("/instruments/0/parties/1/role", json!("king"))],
        "instruments[0].parties[1].role",
        "government",
    );
    add(
        "party with an unknown field",
        vec![Set("/instruments/0/parties/0/flag", json!("x"))],
        "instruments[0].parties[0].flag",
        "unknown field",
    );
    for (bad, phrase) in [
        ("2026-02-30", "does not exist"),
        ("2026-Q5", "Q1, Q2, Q3 or Q4"),
        ("2026-H3", "H1 or H2"),
        ("2026-13", "month 13 does not exist"),
        ("26", "YYYY"),
        ("2026/07", "YYYY"),
        ("July 2026", "YYYY"),
    ] {
        add(
            &format!("signed {bad:?}"),
            vec![Set("/instruments/0/signed", json!(bad))],
            "instruments[0].signed",
            phrase,
        );
    }
    add(
        "signed as a number",
        vec![Set("/instruments/0/signed", json!(2026))],
        "instruments[0].signed",
        "string",
    );
    add(
        "summary as a number",
        vec![Set("/instruments/0/summary", json!(5))],
        "instruments[0].summary",
        "string",
    );
    add(
        "summary over 100 kB",
        vec![Set("/instruments/0/summary", json!(huge.clone()))],
        "instruments[0].summary",
        "100",
    );
    add(
        "sources as an object",
        vec![Set(
            "/instruments/0/sources",
            json!({ "url": "https://x.org" }),
        )],
        "instruments[0].sources",
        "array",
    );
    for bad in [
        "ftp://example.org/file",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "https://example.org/a b",
        "example.org",
        "",
    ] {
        add(
            &format!("source url {bad:?}"),
            vec![Set("/instruments/0/sources/0/url", json!(bad))],
            "instruments[0].sources[0].url",
            "http",
        );
    }
    add(
        "source url over 4 kB",
        vec![Set(
            "/instruments/0/sources/0/url",
            json!(format!("https://example.org/{}", "a".repeat(4100))),
        )],
        "instruments[0].sources[0].url",
        "4",
    );
    add(
        "source url missing",
        vec![Remove("/instruments/0/sources/0/url")],
        "instruments[0].sources[0].url",
        "missing",
    );
    add(
        "source title as a number",
        vec![Set("/instruments/0/sources/0/title", json!(3))],
        "instruments[0].sources[0].title",
        "string",
    );
    add(
        "source publisher as an object",
        vec![Set("/instruments/0/sources/0/publisher", json!({}))],
        "instruments[0].sources[0].publisher",
        "string",
    );
    add(
        "source published impossible",
        vec![Set(
            "/instruments/0/sources/0/published",
            json!("2025-04-31"),
        )],
        "instruments[0].sources[0].published",
        "2025-04-31",
    );
    add(
        "source quote over 100 kB",
        vec![Set("/instruments/0/sources/0/quote", json!(huge.clone()))],
        "instruments[0].sources[0].quote",
        "100",
    );
    add(
        "source with an unknown field",
        vec![Set("/instruments/0/sources/0/archived", json!(true))],
        "instruments[0].sources[0].archived",
        "unknown field",
    );
    add(
        "commitments as a string",
        vec![Set("/instruments/0/commitments", json!("none"))],
        "instruments[0].commitments",
        "array",
    );

    // The commitment's own fields.
    let c = "instruments[0].commitments[0]";
    add(
        "ref as a number",
        vec![Set("/instruments/0/commitments/0/ref", json!(1))],
        &format!("{c}.ref"),
        "string",
    );
    add(
        "text as a boolean",
        vec![Set("/instruments/0/commitments/0/text", json!(true))],
        &format!("{c}.text"),
        "string",
    );
    add(
        "text over 100 kB",
        vec![Set(
            "/instruments/0/commitments/0/text",
            json!(huge.clone()),
        )],
        &format!("{c}.text"),
        "100",
    );
    add(
        "themes as a string",
        vec![Set(
            "/instruments/0/commitments/0/themes",
            json!("security"),
        )],
        &format!("{c}.themes"),
        "array",
    );
    add(
        "theme with capitals",
        vec![Set(
            "/instruments/0/commitments/0/themes/1",
            json!("Data Centres"),
        )],
        &format!("{c}.themes[1]"),
        "lowercase",
    );
    add(
        "theme as a number",
        vec![Set("/instruments/0/commitments/0/themes/0", json!(1))],
        &format!("{c}.themes[0]"),
        "string",
    );
    add(
        "lead as an array",
        vec![Set("/instruments/0/commitments/0/lead", json!(["DSIT"]))],
        &format!("{c}.lead"),
        "string",
    );
    add(
        "supporting entry empty",
        vec![Set("/instruments/0/commitments/0/supporting/0", json!(""))],
        &format!("{c}.supporting[0]"),
        "empty",
    );
    add(
        "supporting as a string",
        vec![Set(
            "/instruments/0/commitments/0/supporting",
            json!("AISI"),
        )],
        &format!("{c}.supporting"),
        "array",
    );
    add(
        "milestones as an object",
        vec![Set("/instruments/0/commitments/0/milestones", json!({}))],
        &format!("{c}.milestones"),
        "array",
    );

    // The milestone's own fields.
    let m = "instruments[0].commitments[0].milestones[0]";
    for (bad, phrase) in [
        ("2026-Q0", "Q1, Q2, Q3 or Q4"),
        ("soon", "YYYY"),
        ("2026-00", "month 00 does not exist"),
        ("2026-06-31", "does not exist"),
        ("0", "YYYY"),
    ] {
        add(
            &format!("milestone due {bad:?}"),
            vec![Set(
                "/instruments/0/commitments/0/milestones/0/due",
                json!(bad),
            )],
            &format!("{m}.due"),
            phrase,
        );
    }
    add(
        "origin not in the vocabulary",
        vec![Set(
            "/instruments/0/commitments/0/milestones/0/origin",
            json!("guessed"),
        )],
        &format!("{m}.origin"),
        "stated",
    );
    add(
        "kind not in the vocabulary",
        vec![Set(
            "/instruments/0/commitments/0/milestones/0/kind",
            json!("impact"),
        )],
        &format!("{m}.kind"),
        "outcome",
    );
    add(
        "updates as a string",
        vec![Set(
            "/instruments/0/commitments/0/milestones/0/updates",
            json!("none"),
        )],
        &format!("{m}.updates"),
        "array",
    );

    // The update's fields.
    let u = "instruments[0].commitments[0].milestones[0].updates[0]";
    let up = |key: &str| -> &'static str { Box::leak(pointer(U, key).into_boxed_str()) };
    for key in ["id", "as_of", "status", "note"] {
        add(
            &format!("update {key} missing"),
            vec![Remove(up(key))],
            &format!("{u}.{key}"),
            "missing",
        );
    }
    for bad in [
        "not-a-uuid",
        "00000000-0000-4000-8000-00000000000",
        "00000000-0000-4000-8000-00000000000G",
        "{00000000-0000-4000-8000-000000000001}",
    ] {
        add(
            &format!("update id {bad:?}"),
            vec![Set(up("id"), json!(bad))],
            &format!("{u}.id"),
            "UUID",
        );
    }
    for (bad, phrase) in [
        ("2026-02-30", "does not exist"),
        ("2026-03", "YYYY-MM-DD"),
        ("2026-Q1", "YYYY-MM-DD"),
        ("2026-3-1", "YYYY-MM-DD"),
        ("01/03/2026", "YYYY-MM-DD"),
    ] {
        add(
            &format!("as_of {bad:?}"),
            vec![Set(up("as_of"), json!(bad))],
            &format!("{u}.as_of"),
            phrase,
        );
    }
    add(
        "status not in the vocabulary",
        vec![Set(up("status"), json!("finished"))],
        &format!("{u}.status"),
        "in_progress",
    );
    add(
        "status with a capital",
        vec![Set(up("status"), json!("Done"))],
        &format!("{u}.status"),
        "in_progress",
    );
    add(
        "note empty",
        vec![Set(up("note"), json!(""))],
        &format!("{u}.note"),
        "empty",
    );
    add(
        "note over 100 kB",
        vec![Set(up("note"), json!(huge.clone()))],
        &format!("{u}.note"),
        "100",
    );
    add(
        "evidence as a string",
        vec![Set(up("evidence"), json!("https://example.org"))],
        &format!("{u}.evidence"),
        "array",
    );
    add(
        "evidence with a file: url",
        vec![Set(
            up("evidence"),
            json!([{ "url": "file:///etc/passwd" }]),
        )],
        &format!("{u}.evidence[0].url"),
        "http",
    );
    add(
        "missing evidence on the first update",
        vec![Set(up("evidence"), json!([]))],
        &format!("{u}.evidence"),
        "evidence",
    );
    add(
        "no evidence field on the first update",
        vec![Remove(up("evidence"))],
        &format!("{u}.evidence"),
        "evidence",
    );
    add(
        "update due impossible",
        vec![Set(up("due"), json!("2026-H3"))],
        &format!("{u}.due"),
        "H1 or H2",
    );
    add(
        "contested as a string",
        vec![Set(up("contested"), json!("yes"))],
        &format!("{u}.contested"),
        "true or false",
    );
    add(
        "author as a number",
        vec![Set(up("author"), json!(5))],
        &format!("{u}.author"),
        "string",
    );
    for bad in [
        "yesterday",
        "2025-09-02",
        "2025-09-02T10:00:00+01:00",
        "2025-09-02 10:00:00Z",
        "2025-02-30T10:00:00Z",
    ] {
        add(
            &format!("recorded_at {bad:?}"),
            vec![Set(up("recorded_at"), json!(bad))],
            &format!("{u}.recorded_at"),
            "Z",
        );
    }
    add(
        "update with an unknown field",
        vec![Set(up("status_reason"), json!("x"))],
        &format!("{u}.status_reason"),
        "unknown field",
    );

    // Duplicates.
    add(
        "a commitment reusing the instrument's id",
        vec![Set("/instruments/0/commitments/0/id", json!("probe"))],
        "instruments[0].commitments[0].id",
        "already used",
    );
    add(
        "a milestone reusing the commitment's id",
        vec![Set(
            "/instruments/0/commitments/0/milestones/0/id",
            json!("probe.c1"),
        )],
        "instruments[0].commitments[0].milestones[0].id",
        "already used",
    );
    add(
        "two updates with one id",
        vec![Set(
            "/instruments/0/commitments/0/milestones/0/updates/1",
            json!({
                "id": uuid(9001), "as_of": "2025-10-01", "status": "in_progress",
                "note": "Again.", "evidence": [{ "url": "https://example.org/again" }]
            }),
        )],
        "instruments[0].commitments[0].milestones[0].updates[1].id",
        "already used",
    );
    add(
        "an instrument id already used in the file",
        vec![Set(
            "/instruments/1",
            json!({
                "id": "probe", "title": "Twin", "kind": "mou", "binding": "unknown",
                "parties": [{ "name": "X", "role": "other" }]
            }),
        )],
        "instruments[1].id",
        "already used",
    );
    cases
}

fn field_errors(result: accord::Result<impl std::fmt::Debug>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid(errors)) => errors.into_iter().map(|e| (e.path, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// Everything a refused import must leave as it was.
fn state(store: &Store) -> (String, i64) {
    (export(store), count(store, "change_log"))
}

#[test]
fn the_complete_file_is_valid() {
    let (_dir, mut store) = seeded_store();
    import(&mut store, &complete()).expect("the complete file imports");
}

#[test]
fn a_file_starting_with_a_byte_order_mark_imports() {
    let (_dir, mut store) = temp_store();
    let good = serde_json::to_string_pretty(&complete()).unwrap();
    let bytes = [b"\xef\xbb\xbf".as_slice(), good.as_bytes()].concat();
    accord::exchange::import_bytes(&mut store, &bytes).expect("a BOM is not data");
    assert_eq!(count(&store, "milestones"), 1);
}

#[test]
fn every_invalid_form_of_every_field_is_refused_with_its_path() {
    let (_dir, mut store) = seeded_store();
    let before = state(&store);
    let table = cases();
    eprintln!("{} invalid forms", table.len());
    assert!(
        table.len() > 120,
        "the table covers every field: {}",
        table.len()
    );
    let mut wrong: Vec<String> = Vec::new();
    for (what, spoils, path, phrase) in table {
        let mut doc = complete();
        // Appending to an array needs the array to have room for the index.
        for spoil in &spoils {
            if let Set(p, _) = spoil {
                if let Some((parent, key)) = p.rsplit_once('/') {
                    if let (Some(Value::Array(items)), Ok(i)) =
                        (doc.pointer_mut(parent), key.parse::<usize>())
                    {
                        while items.len() <= i {
                            items.push(Value::Null);
                        }
                    }
                }
            }
            apply(&mut doc, spoil);
        }
        let errors = field_errors(import(&mut store, &doc));
        let found = errors.iter().find(|(p, _)| *p == path);
        match found {
            None => wrong.push(format!(
                "{what}: expected an error at {path}, got {errors:?}"
            )),
            Some((_, message)) if !message.contains(phrase) => wrong.push(format!(
                "{what}: the message at {path} should say {phrase:?}, it says {message:?}"
            )),
            // No 100 kB value echoed back.
            Some((_, message)) if message.len() > 400 => {
                wrong.push(format!("{what}: a {} byte message", message.len()))
            }
            Some(_) => {}
        }
        assert_eq!(
            state(&store),
            before,
            "{what}: a refused file changes nothing"
        );
    }
    assert!(
        wrong.is_empty(),
        "{} cases wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn malformed_bytes_are_refused_with_line_and_column() {
    let (_dir, mut store) = seeded_store();
    let before = state(&store);
    let good = serde_json::to_string_pretty(&complete()).unwrap();
    let mut invalid_utf8 = good.clone().into_bytes();
    let at = good.find("Work began.").unwrap();
    invalid_utf8[at] = 0xff;
    let mut deep = String::new();
    for _ in 0..200 {
        deep.push('[');
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("invalid UTF-8 inside a note", invalid_utf8),
        (
            "a truncated file",
            good.as_bytes()[..good.len() / 2].to_vec(),
        ),
        (
            "a trailing comma",
            good.replacen("\"mou\",", "\"mou\",,", 1).into(),
        ),
        ("nesting 200 levels deep", deep.into_bytes()),
        ("an empty file", Vec::new()),
        (
            "a byte-order mark twice",
            [b"\xef\xbb\xbf\xef\xbb\xbf".as_slice(), good.as_bytes()].concat(),
        ),
        (
            "text after the document",
            format!("{good} {{}}").into_bytes(),
        ),
    ];
    for (what, bytes) in cases {
        match accord::exchange::import_bytes(&mut store, &bytes) {
            Err(Error::Syntax {
                line,
                column,
                message,
            }) => {
                assert!(
                    line >= 1 && column <= bytes.len() + 1,
                    "{what}: {line}:{column}"
                );
                assert!(!message.is_empty(), "{what}: says what is wrong");
            }
            other => panic!("{what}: expected a syntax error, got {other:?}"),
        }
        assert_eq!(
            state(&store),
            before,
            "{what}: a refused file changes nothing"
        );
    }
}

#[test]
fn nesting_within_serde_limits_but_beyond_the_format_is_refused() {
    let (_dir, mut store) = seeded_store();
    let before = state(&store);
    let mut doc = complete();
    let mut deep = json!("bottom");
    for _ in 0..70 {
        deep = json!([deep]);
    }
    doc["instruments"][0]["summary"] = deep;
    let errors = field_errors(import(&mut store, &doc));
    assert!(
        errors.iter().any(|(_, m)| m.contains("nests deeper")),
        "{errors:?}"
    );
    assert_eq!(state(&store), before);
}
