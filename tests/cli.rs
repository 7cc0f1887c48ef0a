//! The `accord` tool end to end, on temporary database files: what it prints, what it
//! stores, and how it refuses.

mod fixture;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn accord(db: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accord"));
    cmd.arg("--db").arg(db).args(args).env_remove("ACCORD_DB");
    finish(cmd.output().expect("run accord"))
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn ok(run: Run) -> String {
    assert_eq!(run.code, 0, "accord failed: {}", run.stderr);
    run.stdout
}

fn failed(run: &Run) {
    assert_ne!(run.code, 0, "expected a failure, got: {}", run.stdout);
    assert!(!run.stderr.is_empty(), "a failure says why on stderr");
    assert!(!run.stderr.contains("panicked"), "no panic: {}", run.stderr);
}

fn bundled_file(dir: &Path) -> PathBuf {
    let path = dir.join("bundled.json");
    std::fs::write(&path, accord::dataset::BUNDLED).unwrap();
    path
}

#[test]
fn import_then_export_round_trips_the_bundled_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let printed = ok(accord(
        &db,
        &["import", bundled_file(dir.path()).to_str().unwrap()],
    ));
    assert!(printed.contains("90 added"), "{printed}");
    let first = ok(accord(&db, &["export"]));
    let file = dir.path().join("export.json");
    ok(accord(
        &db,
        &["export", "--format", "json", "-o", file.to_str().unwrap()],
    ));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        first,
        "-o writes what stdout shows"
    );

    let db2 = dir.path().join("b.sqlite3");
    ok(accord(&db2, &["import", file.to_str().unwrap()]));
    assert_eq!(
        ok(accord(&db2, &["export"])),
        first,
        "byte-identical after a round trip"
    );
    let again = ok(accord(&db2, &["import", file.to_str().unwrap()]));
    assert!(again.contains("nothing new"), "{again}");
}

#[test]
fn import_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .arg("--db")
        .arg(&db)
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(accord::dataset::BUNDLED.as_bytes())
        .unwrap();
    ok(finish(child.wait_with_output().unwrap()));
    let rows: Vec<Value> =
        serde_json::from_str(&ok(accord(&db, &["milestones", "--json"]))).unwrap();
    assert_eq!(rows.len(), 90);
}

#[test]
fn a_database_named_with_db_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.sqlite3");
    let rows: Vec<Value> =
        serde_json::from_str(&ok(accord(&db, &["milestones", "--json"]))).unwrap();
    assert!(rows.is_empty());
    ok(accord(&db, &["seed"]));
    let rows: Vec<Value> =
        serde_json::from_str(&ok(accord(&db, &["milestones", "--json"]))).unwrap();
    assert_eq!(rows.len(), 90, "seed loads the bundled dataset");
}

#[test]
fn a_new_default_database_starts_with_the_bundled_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested").join("default.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["status", "--json"])
        .env("ACCORD_DB", &db)
        .output()
        .unwrap();
    let board: Value = serde_json::from_str(&ok(finish(out))).unwrap();
    assert_eq!(board["overall"]["total"], 90);
    assert!(
        db.exists(),
        "the default database was created where ACCORD_DB says"
    );
}

#[test]
fn update_prints_only_the_new_id_and_export_contains_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(&db, &["seed"]));
    let out = ok(accord(
        &db,
        &[
            "update",
            "uk-openai-c2.m2",
            "--status",
            "in_progress",
            "--as-of",
            "2026-11-01",
            "--note",
            "Offtake confirmed in part",
            "--evidence",
            "https://example.org/offtake",
            "--due",
            "2027-Q2",
            "--author",
            "analyst@example.org",
        ],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "only the id: {out:?}");
    let id = lines[0];
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id} is a UUID");
    let exported = ok(accord(&db, &["export"]));
    assert!(exported.contains(id) && exported.contains("Offtake confirmed in part"));
    let rows: Vec<Value> =
        serde_json::from_str(&ok(accord(&db, &["milestones", "--json"]))).unwrap();
    let row = rows.iter().find(|r| r["id"] == "uk-openai-c2.m2").unwrap();
    assert_eq!(row["status"], "in_progress");
    assert_eq!(row["current_due"], "2027-Q2");
    assert_eq!(row["due"], "2026-03-31");
    assert_eq!(row["slip_days"], 456);
    assert_eq!(row["last_as_of"], "2026-11-01");
}

#[test]
fn a_refused_update_says_which_option_is_wrong_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(&db, &["seed"]));
    let before = ok(accord(&db, &["export"]));
    let run = accord(
        &db,
        &[
            "update",
            "uk-openai-c2.m2",
            "--status",
            "done",
            "--as-of",
            "2026-02-30",
            "--note",
            "x",
            "--evidence",
            "ftp://x",
        ],
    );
    failed(&run);
    assert!(run.stderr.contains("--as-of"), "{}", run.stderr);
    assert!(run.stderr.contains("--evidence[0].url"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let run = accord(
        &db,
        &[
            "update",
            "no.such",
            "--status",
            "done",
            "--as-of",
            "2026-01-01",
            "--note",
            "x",
            "--evidence",
            "https://x.org",
        ],
    );
    failed(&run);
    assert!(run.stderr.contains("no.such"), "{}", run.stderr);
    assert_eq!(ok(accord(&db, &["export"])), before);
}

#[test]
fn milestones_json_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(&db, &["seed"]));
    let rows: Vec<Value> = serde_json::from_str(&ok(accord(
        &db,
        &["milestones", "--as-of", "2026-11-27", "--json"],
    )))
    .unwrap();
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "title",
            "commitment_id",
            "instrument_id",
            "status",
            "due",
            "current_due",
            "slip_days",
            "timeliness",
            "stale",
            "last_as_of"
        ]
    );
    let early: Vec<Value> = serde_json::from_str(&ok(accord(
        &db,
        &["milestones", "--as-of", "2025-01-01", "--json"],
    )))
    .unwrap();
    assert!(
        early.iter().all(|r| r["status"] == "unassessed"),
        "as of 2025-01-01 nothing had been assessed"
    );
    let table = ok(accord(&db, &["milestones", "--as-of", "2026-11-27"]));
    assert!(
        table.starts_with("MILESTONE"),
        "a readable table with a header"
    );
    assert!(table.contains("90 milestones as of 2026-11-27"));
}

/// A long list is written in blocks on two threads; what comes out must be the one
/// indented array serde_json writes, row for row, as the library lists them.
#[test]
fn a_long_milestone_list_prints_as_one_indented_array() {
    let (dir, mut store) = fixture::generated_store(7, 5_000, 2);
    let db = dir.path().join("test.sqlite3");
    let as_of = accord::date::parse_full_date("2026-11-27").unwrap();
    let rows = store
        .read(|tx| accord::snapshot::Snapshot::load(tx, as_of))
        .unwrap()
        .milestone_rows();
    assert!(rows.len() >= 4_000, "long enough to be written in blocks");
    drop(store);
    let printed = ok(accord(
        &db,
        &["milestones", "--as-of", "2026-11-27", "--json"],
    ));
    assert_eq!(printed, serde_json::to_string_pretty(&rows).unwrap() + "\n");
}

#[test]
fn status_shows_counts_with_denominators() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(&db, &["seed"]));
    let text = ok(accord(&db, &["status", "--as-of", "2026-11-27"]));
    assert!(text.contains("done") && text.contains("12 / 90"), "{text}");
    assert!(text.contains("uk-openai-mou-2025"), "per instrument");
    let board: Value = serde_json::from_str(&ok(accord(
        &db,
        &["status", "--as-of", "2026-11-27", "--json"],
    )))
    .unwrap();
    assert_eq!(board["overall"]["status"]["done"], 12);
    assert_eq!(board["instruments"].as_array().unwrap().len(), 10);
}

#[test]
fn search_takes_any_text_without_crashing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(&db, &["seed"]));
    let hits: Vec<Value> =
        serde_json::from_str(&ok(accord(&db, &["search", "Stargate", "--json"]))).unwrap();
    assert!(
        hits.iter()
            .any(|h| h["id"] == "uk-openai-c2.m1" && h["kind"] == "milestone"),
        "{hits:?}"
    );
    assert!(hits.iter().all(|h| h["instrument_id"].is_string()));
    for nasty in [
        "\"",
        "AND",
        "OR NOT",
        "a\"b",
        "*",
        "(",
        "col:val",
        "NEAR(a b)",
        "'; DROP TABLE updates; --",
        "",
        "   ",
        "💥",
        "^x",
    ] {
        let run = accord(&db, &["search", nasty, "--json"]);
        assert_eq!(run.code, 0, "search {nasty:?} failed: {}", run.stderr);
        let _: Vec<Value> = serde_json::from_str(&run.stdout).expect("valid JSON");
    }
    let parties: Vec<Value> =
        serde_json::from_str(&ok(accord(&db, &["search", "Anthropic", "--json"]))).unwrap();
    assert!(
        parties.iter().any(|h| h["kind"] == "instrument"),
        "parties and titles are searched"
    );
    assert_eq!(
        fixture::count(&accord::Store::open(&db).unwrap(), "updates"),
        39
    );
}

#[test]
fn a_bad_import_lists_every_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(&db, &["seed"]));
    let before = ok(accord(&db, &["export"]));
    let mut doc: Value = serde_json::from_str(accord::dataset::BUNDLED).unwrap();
    doc["instruments"][0]["kind"] = "treaty".into();
    doc["instruments"][2]["commitments"][0]["milestones"][0]["due"] = "2026-Q7".into();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, serde_json::to_string(&doc).unwrap()).unwrap();
    let run = accord(&db, &["import", file.to_str().unwrap()]);
    failed(&run);
    assert!(run.stderr.contains("instruments[0].kind"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("instruments[2].commitments[0].milestones[0].due"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    std::fs::write(&file, "{\"format\": \"accord/1\",\n \"instruments\": [}").unwrap();
    let run = accord(&db, &["import", file.to_str().unwrap()]);
    failed(&run);
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
    assert_eq!(ok(accord(&db, &["export"])), before);
}

#[test]
fn user_errors_are_words_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    for args in [
        vec!["import", "/nonexistent/file.json"],
        vec!["milestones", "--as-of", "yesterday"],
        vec!["status", "--as-of", "2026-02-30"],
        vec!["export", "-o", "/nonexistent-folder/out.json"],
        vec!["export", "--instrument", "no-such-instrument"],
        vec![
            "update",
            "m",
            "--status",
            "done",
            "--as-of",
            "2026-01-01",
            "--note",
            "",
        ],
    ] {
        let run = accord(&db, &args);
        failed(&run);
        assert!(
            run.stderr.starts_with("accord: "),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = accord(&dir.path().join("x.sqlite3"), &["frobnicate"]);
    assert_eq!(run.code, 2, "usage errors exit 2");
}

#[test]
fn a_newer_database_is_refused_by_the_tool() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.sqlite3");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 42; CREATE TABLE t(x);")
        .unwrap();
    let run = accord(&db, &["status"]);
    failed(&run);
    assert!(
        run.stderr.contains("42") && run.stderr.contains("newer"),
        "{}",
        run.stderr
    );
}

#[test]
fn csv_export_has_a_row_per_milestone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(&db, &["seed"]));
    let text = ok(accord(
        &db,
        &["export", "--format", "csv", "--as-of", "2026-11-27"],
    ));
    assert_eq!(text.lines().count(), 91, "header and 90 rows");
    assert!(text.starts_with("instrument_id,"));
}

#[test]
fn backup_writes_a_usable_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(&db, &["seed"]));
    let copy = dir.path().join("copy.sqlite3");
    ok(accord(&db, &["backup", copy.to_str().unwrap()]));
    assert_eq!(ok(accord(&copy, &["export"])), ok(accord(&db, &["export"])));
    failed(&accord(&db, &["backup", copy.to_str().unwrap()]));
}

#[test]
fn an_over_large_import_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(accord(
        &db,
        &["import", bundled_file(dir.path()).to_str().unwrap()],
    ));
    let before = ok(accord(&db, &["export"]));
    // A sparse file: 1 MB over the limit on paper, no disk used.
    let big = dir.path().join("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(accord::exchange::MAX_FILE_BYTES + (1 << 20))
        .unwrap();
    let run = accord(&db, &["import", big.to_str().unwrap()]);
    failed(&run);
    assert!(
        run.stderr.contains("larger than 256 MB") && run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    assert_eq!(ok(accord(&db, &["export"])), before);
}

#[test]
fn a_stream_is_cut_off_at_the_limit() {
    let limit = 1000;
    let fits = accord::exchange::read_limited(&[b'x'; 1000][..], "<standard input>", limit);
    assert_eq!(fits.unwrap().len(), 1000);
    let over = accord::exchange::read_limited(&[b'x'; 1001][..], "<standard input>", limit);
    let message = over.unwrap_err().to_string();
    assert!(
        message.contains("<standard input> is larger than"),
        "{message}"
    );
}
