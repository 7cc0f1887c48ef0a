//! The database file: its pragmas, its schema version, append-only updates enforced by
//! SQL itself, unique ids across kinds, and refusing a database from a newer Accord.

mod fixture;

use std::collections::{HashMap, HashSet};

use accord::model::MilestoneStatus;
use accord::store::{Store, SCHEMA_VERSION};
use accord::Error;
use fixture::*;
use serde_json::json;

#[test]
fn a_new_database_is_versioned_in_wal_mode_with_durable_settings() {
    let (_dir, store) = temp_store();
    let conn = store.conn();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let timeout: i64 = conn
        .pragma_query_value(None, "busy_timeout", |r| r.get(0))
        .unwrap();
    assert!(timeout >= 1000, "a busy timeout is set: {timeout}");
    let page_size: i64 = conn
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, 16 * 1024);
}

/// A connection's settings as the store keeps them between writes.
fn settings(store: &Store) -> (String, i64, i64, i64) {
    let conn = store.conn();
    let get = |name: &str| -> i64 { conn.pragma_query_value(None, name, |r| r.get(0)).unwrap() };
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    (
        mode,
        get("synchronous"),
        get("cache_size"),
        get("temp_store"),
    )
}

#[test]
fn a_large_write_leaves_the_connection_as_it_found_it() {
    let (_dir, mut store) = temp_store();
    let before = settings(&store);
    // A 16 MiB page cache (searches at 100k milestones read more than 2 MB of the index),
    // SQLite's default for temporary tables, and the durable WAL.
    assert_eq!(before, ("wal".to_string(), 2, -16_384, 0));
    // A first import: a large write through a rollback journal, with a bigger cache and
    // temporary tables in memory while it lasts.
    let size = accord::generate::Size {
        milestones: 50,
        updates_per_milestone: 2,
    };
    accord::exchange::import_bytes(&mut store, &accord::generate::document(3, size)).unwrap();
    assert_eq!(settings(&store), before);
}

#[test]
fn reopening_keeps_the_data_and_does_not_migrate_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        assert!(store.was_created());
        accord::dataset::seed(&mut store).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert!(!store.was_created());
    assert_eq!(count(&store, "milestones"), 90);
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
        .collect();
    assert!(backups.is_empty(), "no migration ran, so no copy was taken");
}

#[test]
fn updates_cannot_be_changed_or_deleted_even_in_sql() {
    let (_dir, store) = seeded_store();
    let conn = store.conn();
    let err = conn
        .execute("UPDATE updates SET note = 'rewritten'", [])
        .unwrap_err()
        .to_string();
    assert!(err.contains("append-only"), "{err}");
    let err = conn
        .execute("DELETE FROM updates", [])
        .unwrap_err()
        .to_string();
    assert!(err.contains("append-only"), "{err}");
    assert_eq!(count(&store, "updates"), 39);
}

#[test]
fn a_milestone_with_updates_cannot_be_deleted_in_sql() {
    let (_dir, store) = seeded_store();
    let err = store
        .conn()
        .execute("DELETE FROM milestones WHERE id = 'uk-openai-c1.m1'", [])
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn an_id_is_unique_across_kinds_in_sql() {
    let (_dir, store) = seeded_store();
    let err = store
        .conn()
        .execute(
            "INSERT INTO milestones (id, commitment_id, position, title) VALUES ('uk-openai-mou-2025', 'uk-openai-c1', 99, 'x')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("already used"), "{err}");
}

#[test]
fn a_database_from_a_newer_accord_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(e @ Error::NewerSchema { found: 99, .. }) => {
            let message = e.to_string();
            assert!(
                message.contains("99") && message.contains(&SCHEMA_VERSION.to_string()),
                "names both versions: {message}"
            );
        }
        Err(other) => panic!("expected NewerSchema, got {other}"),
        Ok(_) => panic!("a newer database must be refused"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is left exactly as it was"
    );
    assert!(
        !dir.path().join("future.sqlite3-wal").exists(),
        "not even switched to WAL"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "these are my notes, not a database\n".repeat(100)).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().contains("not a database"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "these are my notes, not a database\n".repeat(100)
    );
}

#[test]
fn backup_copies_the_whole_database() {
    let (dir, store) = seeded_store();
    let copy = dir.path().join("copy.sqlite3");
    store.backup_to(&copy).unwrap();
    let restored = Store::open(&copy).unwrap();
    assert_eq!(export(&restored), export(&store));
}

#[test]
fn search_index_follows_edits() {
    let (_dir, mut store) = temp_store();
    import(
        &mut store,
        &document(vec![milestone("m1", json!(null), vec![])]),
    )
    .unwrap();
    let found = |store: &Store, q: &str| {
        accord::store::search::search(store.conn(), q, 10)
            .unwrap()
            .len()
    };
    assert_eq!(found(&store, "Milestone"), 1);
    let mut renamed = document(vec![
        json!({ "id": "m1", "title": "Quantum computing pilot" }),
    ]);
    renamed["instruments"][0]["title"] = json!("Renamed");
    import(&mut store, &renamed).unwrap();
    assert_eq!(found(&store, "quantum"), 1, "the new title is found");
    assert_eq!(found(&store, "Milestone"), 0, "the old title is gone");
}

/// The size of the file's WAL, 0 when there is none.
fn wal_bytes(store: &Store) -> u64 {
    let mut wal = store.path().unwrap().as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map_or(0, |m| m.len())
}

fn journal_mode(conn: &rusqlite::Connection) -> String {
    conn.pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap()
}

/// Every index, trigger and table, as the schema spells them.
fn schema_of(store: &Store) -> Vec<(String, String, Option<String>)> {
    let mut statement = store
        .conn()
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    let rows = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

fn integrity(store: &Store) -> String {
    store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A first import builds the updates' index by date and their index by milestone
/// (`updates_observed`) once, after its rows, sets the id triggers aside while it writes
/// (`store::bulk`), and makes its search table again (`store::side_index`): afterwards,
/// and after a first import refused halfway, the schema is as it was and every index holds
/// exactly the rows of its table.
#[test]
fn a_first_import_leaves_every_index_whole() {
    let size = accord::generate::Size {
        milestones: 300,
        updates_per_milestone: 3,
    };
    let file = accord::generate::document(5, size);
    let (_dir, mut store) = temp_store();
    let schema = schema_of(&store);
    assert!(schema.iter().any(|(_, name, _)| name == "updates_by_as_of"));
    let mut refused: serde_json::Value = serde_json::from_slice(&file).unwrap();
    refused["instruments"][2]["kind"] = json!("treaty");
    let refused = serde_json::to_vec(&refused).unwrap();
    assert!(accord::exchange::import_bytes(&mut store, &refused).is_err());
    assert_eq!(schema_of(&store), schema);
    accord::exchange::import_bytes(&mut store, &file).unwrap();
    assert_eq!(schema_of(&store), schema);
    assert_eq!(integrity(&store), "ok");
    // Each index the import built again holds every update, read through that index alone.
    for (index, column) in [
        ("updates_by_as_of", "as_of"),
        ("updates_observed", "milestone_id"),
    ] {
        let through: i64 = store
            .conn()
            .query_row(
                &format!("SELECT count(*) FROM updates INDEXED BY {index} WHERE {column} > ''"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(through, count(&store, "updates"), "{index}");
    }
    // Into a database that holds data, nothing is dropped, and the index stays whole too.
    let more = accord::generate::document(6, size);
    accord::exchange::import_bytes(&mut store, &more).unwrap();
    assert_eq!(count(&store, "milestones"), 600);
    assert_eq!(schema_of(&store), schema);
    assert_eq!(integrity(&store), "ok");
}

/// A first import writes its milestones and updates many to a statement
/// (`store::batched`); an import into a database that holds data writes them one by one.
/// Both give every row the same values, the same position and the same order.
#[test]
fn a_first_import_writes_the_rows_an_import_one_by_one_writes() {
    let file = accord::generate::document(
        8,
        accord::generate::Size {
            milestones: 301,
            updates_per_milestone: 3,
        },
    );
    let (_first_dir, mut first) = temp_store();
    accord::exchange::import_bytes(&mut first, &file).unwrap();
    let (_later_dir, mut later) = generated_store(9, 5, 1);
    accord::exchange::import_bytes(&mut later, &file).unwrap();
    for (table, columns, of_file) in [
        (
            "milestones",
            "id, commitment_id, position, title, due, origin, kind, archived",
            "id LIKE 'gen8.%'",
        ),
        (
            "updates",
            "id, milestone_id, as_of, status, note, evidence, due, contested, author, recorded_at",
            "milestone_id LIKE 'gen8.%'",
        ),
    ] {
        let rows = |store: &Store| -> Vec<Vec<rusqlite::types::Value>> {
            let sql = format!("SELECT {columns} FROM {table} WHERE {of_file} ORDER BY seq");
            let mut stmt = store.conn().prepare(&sql).unwrap();
            let width = stmt.column_count();
            stmt.query_map([], |r| (0..width).map(|n| r.get(n)).collect())
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let written = rows(&first);
        // Full batches and a part of one.
        let batch = accord::store::batched::BATCH_ROWS;
        assert!(
            written.len() > 2 * batch && written.len() % batch != 0,
            "{table}"
        );
        assert_eq!(written, rows(&later), "{table}");
    }
}

/// A first import into an empty file writes its pages once, through a rollback journal
/// instead of the WAL, and leaves the file in WAL mode for everything after it.
#[test]
fn a_first_import_writes_its_pages_once_and_leaves_the_wal_on() {
    let (_dir, mut store) = generated_store(3, 1_000, 3);
    assert_eq!(count(&store, "milestones"), 1_000);
    assert_eq!(journal_mode(store.conn()), "wal");
    let synchronous: i64 = store
        .conn()
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(
        synchronous, 2,
        "FULL again, as every write through the WAL needs"
    );
    assert_eq!(
        wal_bytes(&store),
        0,
        "no page of the import went through the WAL"
    );
    let other = rusqlite::Connection::open(store.path().unwrap()).unwrap();
    assert_eq!(journal_mode(&other), "wal");
    record_stalled(
        &mut store,
        "gen3.i0.c0.m0",
        "Recorded after the first import",
    );
    assert!(wal_bytes(&store) > 0, "later writes go through the WAL");
}

/// When another connection has the empty file open, a first import cannot leave the WAL:
/// it goes through the WAL as any write does, at once and whole.
#[test]
fn a_first_import_beside_another_connection_goes_through_the_wal() {
    let (_dir, mut store) = temp_store();
    let other = rusqlite::Connection::open(store.path().unwrap()).unwrap();
    assert_eq!(count_in(&other, "instruments"), 0);
    let file = accord::generate::document(
        3,
        accord::generate::Size {
            milestones: 1_000,
            updates_per_milestone: 3,
        },
    );
    accord::exchange::import_bytes(&mut store, &file).unwrap();
    assert!(wal_bytes(&store) > 0, "the import went through the WAL");
    assert_eq!(journal_mode(store.conn()), "wal");
    assert_eq!(
        count_in(&other, "milestones"),
        1_000,
        "the other connection sees it all"
    );
}

/// The index holds words, not a second copy of every text (migration 0004): the passage
/// under a hit is cut from the row itself, around the word that matched.
#[test]
fn the_search_index_keeps_no_copy_of_the_text() {
    let (_dir, mut store) = temp_store();
    let noted = noted_update(
        "2025-01-01",
        "The department wrote to the committee in January. After a long review of bids \
         the Quokka compute cluster contract was signed with two suppliers in March.",
    );
    import(
        &mut store,
        &document(vec![milestone("m1", json!(null), vec![noted])]),
    )
    .unwrap();
    let tables = texts(
        store.conn(),
        "SELECT name FROM sqlite_schema WHERE name LIKE 'search_index%'",
    );
    assert!(
        !tables.iter().any(|t| t == "search_index_content"),
        "{tables:?}"
    );
    let hits = accord::store::search::search(store.conn(), "quokka", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        hits[0].snippet,
        "…of bids the Quokka compute cluster contract was signed with two suppliers…"
    );
}

/// An update is found by its note and by the title, publisher and quote of its evidence
/// (migration 0003 reads them in one pass), but not by the evidence's address.
#[test]
fn evidence_titles_publishers_and_quotes_are_searchable() {
    let (_dir, mut store) = temp_store();
    let cited = json!([
        { "url": "https://example.org/wombat", "title": "Wombat audit", "publisher": null },
        { "url": "https://example.org/b", "publisher": "Platypus Office", "quote": "numbat figures" }
    ]);
    import(
        &mut store,
        &document(vec![milestone(
            "m1",
            json!(null),
            vec![update(&uuid(1), "2025-01-01", "in_progress", cited)],
        )]),
    )
    .unwrap();
    let found = |q: &str| {
        accord::store::search::search(store.conn(), q, 10)
            .unwrap()
            .iter()
            .map(|h| h.id.clone())
            .collect::<Vec<_>>()
    };
    for words in ["wombat audit", "platypus", "numbat", "in_progress as of"] {
        assert_eq!(found(words), ["m1"], "{words}");
    }
    assert!(found("example").is_empty(), "addresses are not indexed");
}

/// A refused import rolls back with everything it did, the lifting of the search insert
/// triggers included: a later update is indexed as it is recorded.
#[test]
fn a_refused_import_leaves_row_by_row_indexing_on() {
    let (_dir, mut store) = seeded_store();
    let mut first = document(vec![milestone("m1", json!(null), vec![])]);
    first["instruments"][0]["commitments"][0]["milestones"][0]["updates"] = json!([update(
        &uuid(1),
        "2025-01-01",
        "in_progress",
        evidence("https://e.org/1")
    )]);
    import(&mut store, &first).unwrap();
    let mut conflict = first.clone();
    conflict["instruments"][0]["commitments"][0]["milestones"][0]["updates"][0]["note"] =
        json!("another note");
    let before = count(&store, "search_index");
    import(&mut store, &conflict).expect_err("a changed update is a conflict");
    assert_eq!(count(&store, "search_index"), before, "nothing indexed");
    assert_eq!(
        search_insert_triggers(&store),
        4,
        "the insert triggers came back with the rollback"
    );
    record_stalled(&mut store, "m1", "Echidna survey pauses the works");
    let hits = accord::store::search::search(store.conn(), "echidna", 10).unwrap();
    assert_eq!(hits.len(), 1, "indexed as recorded: {hits:?}");
}

/// The app's dashboard and timeline share one snapshot while nothing writes; a write
/// through this store or a commit by another connection loads anew. Another as-of date
/// moves the kept one (see the next test), into a copy while a view still holds it.
#[test]
fn a_kept_snapshot_is_reused_until_the_data_changes() {
    use std::sync::Arc;
    let (dir, mut store) = seeded_store();
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let first = store.snapshot(day(27)).unwrap();
    assert!(
        Arc::ptr_eq(&first, &store.snapshot(day(27)).unwrap()),
        "reused"
    );
    let moved = store.snapshot(day(26)).unwrap();
    assert!(
        !Arc::ptr_eq(&first, &moved),
        "another date, while one is held"
    );
    assert_eq!((first.as_of, moved.as_of), (day(27), day(26)));

    let first = store.snapshot(day(27)).unwrap();
    let milestone = first.milestones[0].0.id.clone();
    record_stalled(&mut store, &milestone, "Stalled, says the department");
    let after = store.snapshot(day(27)).unwrap();
    assert!(!Arc::ptr_eq(&first, &after), "a write of this store");
    assert_eq!(after.milestones[0].1.status, MilestoneStatus::Stalled);

    let mut other = Store::open(&dir.path().join("test.sqlite3")).unwrap();
    record_stalled(&mut other, &milestone, "Still stalled");
    let latest = store.snapshot(day(27)).unwrap();
    assert!(
        !Arc::ptr_eq(&after, &latest),
        "a commit by another connection"
    );
    assert!(Arc::ptr_eq(&latest, &store.snapshot(day(27)).unwrap()));
}

/// A read shared with a second connection (`Store::read_beside`, the timeline's first
/// call): both transactions have taken their view of the data before the work starts, so
/// a commit by another program during it is seen by neither.
#[test]
fn a_read_beside_sees_one_state_on_both_connections() {
    let (dir, mut store) = seeded_store();
    let updates = count(&store, "updates");
    let milestone: String = store
        .conn()
        .query_row("SELECT id FROM milestones LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let seen = store
        .read_beside(|tx, beside| {
            let beside = beside.expect("a second connection on a file");
            let mut other = Store::open(&dir.path().join("test.sqlite3")).unwrap();
            record_stalled(&mut other, &milestone, "Stalled meanwhile");
            Ok((count_in(tx, "updates"), count_in(&beside, "updates")))
        })
        .unwrap();
    assert_eq!(seen, (updates, updates));
    assert_eq!(count(&store, "updates"), updates + 1, "committed");
}

/// Another as-of date derives every state again, in place, from the observations the
/// kept snapshot holds, instead of loading everything: the result is what a new load as of
/// that date gives, before, among and after the updates' dates, and after a recording.
#[test]
fn another_as_of_date_moves_the_kept_snapshot_without_loading() {
    use accord::snapshot::Snapshot;
    use std::sync::Arc;
    let (_dir, mut store) = generated_store(11, 2_000, 3);
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let kept = store.snapshot(date(2026, 11, 27)).unwrap();
    let address = Arc::as_ptr(&kept) as usize;
    let milestone = kept.milestones[17].0.id.clone();
    drop(kept);
    // Unassessed and stale milestones as of each date.
    let mut states = Vec::new();
    for (n, as_of) in [
        date(2020, 1, 1),
        date(2025, 3, 31),
        date(2026, 2, 28),
        date(2031, 12, 31),
        date(2026, 11, 27),
    ]
    .into_iter()
    .enumerate()
    {
        if n == 3 {
            record_stalled(&mut store, &milestone, "Stalled, moved between dates");
        }
        let moved = store.snapshot(as_of).unwrap();
        assert_eq!(Arc::as_ptr(&moved) as usize, address, "moved, not loaded");
        assert_eq!(moved.as_of, as_of);
        let loaded = Snapshot::load(store.conn(), as_of).unwrap();
        assert_eq!(moved.milestones, loaded.milestones, "as of {as_of}");
        let count = |keep: fn(&accord::derive::MilestoneState) -> bool| {
            loaded.milestones.iter().filter(|(_, s)| keep(s)).count()
        };
        states.push((
            count(|s| s.status == MilestoneStatus::Unassessed),
            count(|s| s.stale),
        ));
    }
    assert!(
        states.windows(2).all(|w| w[0] != w[1]),
        "the dates give different states: {states:?}"
    );
}

/// Recording an update through the store derives that milestone again in the kept
/// snapshot, in place, instead of loading everything: the result is what a new load
/// gives, for a snapshot after the update's date and for one before it.
#[test]
fn recording_an_update_refreshes_the_kept_snapshot_in_place() {
    use accord::snapshot::Snapshot;
    use std::sync::Arc;
    let (_dir, mut store) = seeded_store();
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    // The update is as of 20 November: seen on the 27th, not yet on the 10th.
    for (as_of, seen) in [(day(27), true), (day(10), false)] {
        let kept = store.snapshot(as_of).unwrap();
        let milestone = kept.milestones[1].0.id.clone();
        let expected = match seen {
            true => MilestoneStatus::Stalled,
            false => kept.milestones[1].1.status,
        };
        let address = Arc::as_ptr(&kept) as usize;
        drop(kept);
        record_stalled(&mut store, &milestone, "Stalled at the planning stage");
        let refreshed = store.snapshot(as_of).unwrap();
        assert_eq!(
            Arc::as_ptr(&refreshed) as usize,
            address,
            "kept, not loaded"
        );
        let loaded = Snapshot::load(store.conn(), as_of).unwrap();
        assert_eq!(refreshed.milestones, loaded.milestones, "as of {as_of}");
        assert_eq!(refreshed.milestones[1].1.status, expected);
    }
}

/// Lists follow the file's order (instrument, commitment, milestone), not the ids' order:
/// milestones are read grouped by commitment id and put back in hierarchy order.
#[test]
fn lists_keep_the_order_of_the_hierarchy_not_of_the_ids() {
    let (_dir, mut store) = temp_store();
    let commitment = |id: &str, milestones: &[&str]| {
        json!({ "id": id, "title": format!("Commitment {id}"), "milestones":
            milestones.iter().map(|m| milestone(m, json!(null), vec![])).collect::<Vec<_>>() })
    };
    let mut doc = document(vec![]);
    doc["instruments"][0]["id"] = json!("zeta");
    doc["instruments"][0]["commitments"] = json!([
        commitment("zeta.z", &["zeta.z.m9", "zeta.z.m1"]),
        commitment("zeta.a", &["zeta.a.m5"]),
    ]);
    let mut second = doc["instruments"][0].clone();
    second["id"] = json!("alpha");
    second["commitments"] = json!([commitment("alpha.q", &["alpha.q.m3", "alpha.q.m2"])]);
    doc["instruments"].as_array_mut().unwrap().push(second);
    import(&mut store, &doc).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let rows = accord::snapshot::Snapshot::load(store.conn(), as_of)
        .unwrap()
        .milestone_rows();
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "zeta.z.m9",
            "zeta.z.m1",
            "zeta.a.m5",
            "alpha.q.m3",
            "alpha.q.m2"
        ]
    );
}

/// A word in a title outranks the same word in a note (titles weigh five times as much),
/// and every hit comes with a snippet of the text that matched.
#[test]
fn search_ranks_titles_above_notes() {
    let (_dir, mut store) = temp_store();
    let noted = noted_update(
        "2026-01-05",
        "The quantum pilot is under way, says the department.",
    );
    let mut doc = document(vec![
        milestone("m1", json!(null), vec![noted]),
        milestone("m2", json!(null), vec![]),
    ]);
    doc["instruments"][0]["commitments"][0]["milestones"][1]["title"] =
        json!("Quantum pilot opens");
    import(&mut store, &doc).unwrap();
    let hits = accord::store::search::search(store.conn(), "quantum", 10).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["m2", "m1"], "{hits:?}");
    assert!(
        hits[1].snippet.contains("quantum pilot is under way"),
        "{hits:?}"
    );
}

/// A word in thousands of notes: title matches still lead, and the page is filled from
/// the rest (ranked among the newest matches), each object once.
#[test]
fn a_broad_search_lists_title_matches_first_and_fills_the_page() {
    let (_dir, store) = generated_store(9, 3_000, 3);
    let matching_rows: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM search_index WHERE search_index MATCH '\"security\"*'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(matching_rows > 5_000, "broad enough: {matching_rows}");
    let hits = accord::store::search::search(store.conn(), "security", 1_000).unwrap();
    assert_eq!(hits.len(), 1_000, "the page is filled");
    let in_title: Vec<bool> = hits
        .iter()
        .map(|h| h.title.to_lowercase().contains("security"))
        .collect();
    let first_other = in_title
        .iter()
        .position(|t| !t)
        .expect("some match in notes only");
    assert!(first_other > 0, "title matches exist");
    assert!(
        in_title[first_other..].iter().all(|t| !t),
        "every title match comes before the first match elsewhere"
    );
    let distinct: HashSet<_> = hits.iter().map(|h| (h.kind, h.id.clone())).collect();
    assert_eq!(distinct.len(), hits.len(), "each object once");
}

/// `tests/fixtures/schema-v1.sqlite3` was written by the first released schema (version
/// 1): the bundled dataset, two updates recorded with the CLI (non-ASCII note, moved due,
/// contested) and two edits imported over it. `schema-v1.export.json` is what that
/// version exported from it. Whatever migrations come later, every row must still read.
#[test]
fn a_database_from_the_first_schema_opens_with_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite3");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/schema-v1.sqlite3"
        ),
        &path,
    )
    .unwrap();
    let store = Store::open(&path).expect("the first schema's database opens");
    let version: i64 = store
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION, "migrated to the current schema");
    let page_size: i64 = store
        .conn()
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, 4096, "a file made before keeps its page size");
    for (table, rows) in [
        ("instruments", 10),
        ("commitments", 79),
        ("milestones", 90),
        ("updates", 41),
        ("change_log", 2),
    ] {
        assert_eq!(count(&store, table), rows, "{table}");
    }
    let expected = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schema-v1.export.json"
    ))
    .unwrap();
    assert_eq!(
        export(&store),
        expected,
        "every field of every row reads back as the first version wrote it"
    );
    let changes = accord::store::changelog::list_changes(store.conn(), "aioap-r01.m1").unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].field, "title");
    assert_eq!(
        changes[0].old_value.as_deref(),
        Some("Recommendation delivered (per government tracking)")
    );
    let hits = accord::store::search::search(store.conn(), "北京", 10).unwrap();
    assert_eq!(hits.len(), 1, "the search index came along: {hits:?}");
    assert_eq!(
        count(&store, "title_index"),
        10 + 79 + 90,
        "migration 0005 indexed every title"
    );
    let hits = accord::store::search::search(store.conn(), "Growth Zones", 10).unwrap();
    assert!(
        hits[0].title.contains("Growth Zone"),
        "a title match leads: {hits:?}"
    );
    let refused = store
        .conn()
        .execute("UPDATE updates SET note = 'rewritten'", []);
    assert!(refused.is_err(), "updates stay append-only after migrating");
}

/// An import indexes its rows for search in bulk at the end (migrations 0002, 0003);
/// afterwards the index holds exactly one entry per row, and row-by-row indexing is back on.
#[test]
fn an_import_indexes_every_new_row_and_later_writes_are_indexed_too() {
    let (_dir, mut store) = seeded_store();
    let indexed = |store: &Store| count(store, "search_index");
    let rows = |store: &Store| {
        ["instruments", "commitments", "milestones", "updates"]
            .iter()
            .map(|t| count(store, t))
            .sum::<i64>()
    };
    // The titles' own index (migration 0005): every row but the updates, which have none.
    let titled = |store: &Store| rows(store) - count(store, "updates");
    assert_eq!(indexed(&store), rows(&store));
    assert_eq!(count(&store, "title_index"), titled(&store));
    let file = accord::generate::document(
        4,
        accord::generate::Size {
            milestones: 300,
            updates_per_milestone: 2,
        },
    );
    accord::exchange::import_bytes(&mut store, &file).unwrap();
    assert_eq!(indexed(&store), rows(&store), "one index row per row");
    assert_eq!(
        count(&store, "title_index"),
        titled(&store),
        "one per title"
    );
    for table in ["search_index", "title_index"] {
        store
            .conn()
            .execute(
                &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"),
                [],
            )
            .unwrap_or_else(|e| panic!("{table} matches its content: {e}"));
    }
    assert_eq!(
        search_insert_triggers(&store),
        4,
        "the insert triggers are back"
    );
    let hits = accord::store::search::search(store.conn(), "Generated instrument", 500).unwrap();
    assert_eq!(
        hits.iter().filter(|h| h.id.starts_with("gen4.i")).count(),
        3
    );
    record_stalled(
        &mut store,
        "gen4.i0.c0.m0",
        "Quokka sighting delays the works",
    );
    let hits = accord::store::search::search(store.conn(), "quokka", 10).unwrap();
    assert_eq!(
        hits.len(),
        1,
        "an update recorded after an import is indexed at once"
    );
}

/// The dashboard's latest updates, read newest first from the index and cut early, are
/// the same as sorting every update (same-day ones by recorded_at) and taking the first.
#[test]
fn the_latest_updates_read_early_match_a_full_sort() {
    let (_dir, mut store) = seeded_store();
    let file = accord::generate::document(
        9,
        accord::generate::Size {
            milestones: 400,
            updates_per_milestone: 3,
        },
    );
    accord::exchange::import_bytes(&mut store, &file).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let mut all = accord::store::updates::list_updates(store.conn(), Some(as_of)).unwrap();
    all.sort_by(|a, b| {
        (
            b.as_of,
            b.recorded_at.as_deref().map(accord::date::timestamp_key),
        )
            .cmp(&(
                a.as_of,
                a.recorded_at.as_deref().map(accord::date::timestamp_key),
            ))
    });
    // Updates on the same day at the same recorded time may come in any order; the dates
    // shown, in order, and the set of updates must be the same.
    let key = |u: &accord::model::Update| (u.as_of, u.recorded_at.clone());
    let cut = key(&all[11]);
    let dashboard = accord::views::dashboard(store.conn(), as_of).unwrap();
    let shown: Vec<_> = dashboard.recent.iter().map(|r| key(&r.update)).collect();
    let expected: Vec<_> = all.iter().take(12).map(key).collect();
    assert_eq!(shown, expected);
    for r in &dashboard.recent {
        assert!(
            key(&r.update) > cut || all.iter().any(|u| u.id == r.update.id && key(u) == cut),
            "{} belongs among the latest",
            r.update.id
        );
    }
}

/// The dashboard's latest updates leave out a milestone that is archived, or whose
/// commitment is, and list the next ones in their place.
#[test]
fn the_latest_updates_leave_out_what_is_archived() {
    use accord::edit::set_archived;
    use accord::model::EntityKind;
    let (_dir, mut store) = generated_store(9, 400, 3);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let recent = |store: &mut Store| {
        let snapshot = store.snapshot(as_of).unwrap();
        accord::views::dashboard_from(store.conn(), &snapshot)
            .unwrap()
            .recent
    };
    let milestone_of = |r: &accord::views::RecentUpdate| r.update.milestone_id.clone();
    let before = recent(&mut store);
    assert_eq!(before.len(), 12);
    let archived = milestone_of(&before[0]);
    set_archived(&mut store, EntityKind::Milestone, &archived, true).unwrap();
    let after = recent(&mut store);
    assert_eq!(after.len(), 12, "the next ones take its place");
    assert!(after.iter().all(|r| milestone_of(r) != archived));
    let commitment =
        accord::store::milestones::get_milestone(store.conn(), &milestone_of(&after[0]))
            .unwrap()
            .unwrap()
            .commitment_id;
    set_archived(&mut store, EntityKind::Commitment, &commitment, true).unwrap();
    let last = recent(&mut store);
    assert_eq!(last.len(), 12);
    for r in &last {
        let m = accord::store::milestones::get_milestone(store.conn(), &milestone_of(r))
            .unwrap()
            .unwrap();
        assert_ne!(
            m.commitment_id, commitment,
            "{} is under an archived commitment",
            m.id
        );
    }
}

/// The CLI's one-shot lists read with a page cache smaller than the 16 MiB a store opens
/// with: 1 MiB.
#[test]
fn reading_once_shrinks_the_page_cache() {
    let (_dir, store) = fixture::temp_store();
    let cache = |store: &Store| -> i64 {
        store
            .conn()
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap()
    };
    let opened = cache(&store);
    store.reading_once().unwrap();
    let once = cache(&store);
    assert!(once < 0, "a size in KiB: {once}");
    assert!(once.abs() < opened.abs(), "{once} KiB against {opened}");
    assert_eq!(once, -1_024);
}

/// `accord status` and `accord milestones` read less than a whole snapshot (no commitment
/// texts; for the scoreboard, no milestone titles either). What they make must be what the
/// whole snapshot makes, archived things left out, read on one connection and on two.
#[test]
fn the_lists_read_in_part_agree_with_the_whole_snapshot() {
    use accord::edit::set_archived;
    use accord::model::EntityKind;
    use accord::snapshot::{milestone_rows_as_of, scoreboard_as_of, Snapshot, PARALLEL_FROM};
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    for (milestones, two_connections) in [(300, false), (4_000, true)] {
        let (_dir, mut store) = generated_store(11, milestones, 3);
        let updates = accord::store::updates::last_seq(store.conn()).unwrap();
        assert_eq!(
            updates >= PARALLEL_FROM,
            two_connections,
            "{updates} updates"
        );
        let before = Snapshot::load(store.conn(), as_of).unwrap();
        let instrument = before.instruments[1].id.clone();
        let commitment = before
            .commitments
            .iter()
            .find(|c| c.instrument_id == before.instruments[2].id)
            .unwrap()
            .id
            .clone();
        let milestone = before.milestones.last().unwrap().0.id.clone();
        set_archived(&mut store, EntityKind::Instrument, &instrument, true).unwrap();
        set_archived(&mut store, EntityKind::Commitment, &commitment, true).unwrap();
        set_archived(&mut store, EntityKind::Milestone, &milestone, true).unwrap();

        let whole = Snapshot::load(store.conn(), as_of).unwrap();
        assert!(whole.milestones.len() < before.milestones.len());
        // As the CLI reads its lists: with a small page cache, which it would only fill.
        store.reading_once().unwrap();
        let board = scoreboard_as_of(store.conn(), as_of).unwrap();
        assert_eq!(
            serde_json::to_value(&board).unwrap(),
            serde_json::to_value(whole.scoreboard()).unwrap()
        );
        assert!(board.instruments.iter().all(|i| i.id != instrument));
        // Counted by hand: every live milestone once, under its own commitment.
        let mut under: HashMap<&str, u32> = HashMap::new();
        for (m, _) in &whole.milestones {
            *under.entry(m.commitment_id.as_str()).or_default() += 1;
        }
        assert_eq!(board.overall.total as usize, whole.milestones.len());
        let listed: Vec<_> = board
            .instruments
            .iter()
            .flat_map(|i| &i.commitments)
            .collect();
        assert_eq!(listed.len(), whole.commitments.len());
        for c in listed {
            assert_eq!(
                c.counts.total,
                under.get(c.id.as_str()).copied().unwrap_or(0)
            );
        }
        let rows = milestone_rows_as_of(store.conn(), as_of).unwrap();
        assert!(rows.iter().all(|r| !r.title.is_empty()), "titles are read");
        assert!(rows.iter().all(|r| r.id != milestone));
        assert_eq!(rows, whole.milestone_rows());
    }
}

/// Lists derive each milestone's state from the `updates_observed` index, in index order;
/// the result must be what deriving from each milestone's whole, chronologically sorted
/// history gives — same-day updates ordered by recorded_at, fractions included.
#[test]
fn states_from_the_index_match_states_from_whole_histories() {
    let (_dir, mut store) = seeded_store();
    let file = accord::generate::document(
        5,
        accord::generate::Size {
            milestones: 300,
            updates_per_milestone: 3,
        },
    );
    accord::exchange::import_bytes(&mut store, &file).unwrap();
    // One milestone with three updates on one day, entered out of recorded order.
    let same_day = |n: u32, status: &str, recorded: Option<&str>| {
        json!({ "id": uuid(n), "as_of": "2026-03-02", "status": status, "note": "same day",
                "evidence": [{ "url": "https://example.org/e" }], "recorded_at": recorded })
    };
    let doc = document(vec![milestone(
        "inst.c1.m1",
        json!("2026-Q2"),
        vec![
            same_day(1, "done", Some("2026-03-02T09:00:00.5Z")),
            same_day(2, "stalled", Some("2026-03-02T09:00:00.25Z")),
            same_day(3, "in_progress", None),
        ],
    )]);
    import(&mut store, &doc).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let snapshot = accord::snapshot::Snapshot::load(store.conn(), as_of).unwrap();
    assert!(snapshot.milestones.len() > 300);
    assert_states_from_whole_histories(&store, &snapshot, 1);
    let (_, state) = snapshot
        .milestones
        .iter()
        .find(|(m, _)| m.id == "inst.c1.m1")
        .unwrap();
    assert_eq!(
        state.status,
        accord::model::MilestoneStatus::Done,
        "the latest recorded of the same day counts"
    );
}

/// With many updates a snapshot reads them on a second connection: the states are what
/// each milestone's whole history gives, read on one connection.
#[test]
fn a_snapshot_read_on_two_connections_matches_whole_histories() {
    let (_dir, mut store) = generated_store(13, 5_000, 3);
    let last = accord::store::updates::last_seq(store.conn()).unwrap();
    assert!(last >= accord::snapshot::PARALLEL_FROM, "{last} updates");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let snapshot = store
        .read(|tx| accord::snapshot::Snapshot::load(tx, as_of))
        .unwrap();
    assert_eq!(snapshot.milestones.len(), 5_000);
    assert_states_from_whole_histories(&store, &snapshot, 7);
}

/// The second connection starts reading after the first: an update another program
/// commits in between is not in the snapshot, which holds what its read transaction saw.
#[test]
fn a_snapshot_holds_only_what_its_read_transaction_sees() {
    use accord::snapshot::Snapshot;
    let (dir, mut store) = generated_store(13, 5_000, 3);
    let last = accord::store::updates::last_seq(store.conn()).unwrap();
    assert!(
        last >= accord::snapshot::PARALLEL_FROM,
        "read on two connections"
    );
    let mut other = Store::open(&dir.path().join("test.sqlite3")).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let before = Snapshot::load(store.conn(), as_of).unwrap();
    // A milestone with no update yet: stalled once the one recorded below counts.
    let (m, _) = before
        .milestones
        .iter()
        .find(|(_, s)| s.status == MilestoneStatus::Unassessed)
        .unwrap();
    let milestone = m.id.clone();
    let during = store
        .read(|tx| {
            // The read transaction starts here; the other program commits after it.
            accord::store::updates::last_seq(tx)?;
            record_stalled(&mut other, &milestone, "Stalled, recorded during a read");
            Snapshot::load(tx, as_of)
        })
        .unwrap();
    assert_eq!(
        during.milestones, before.milestones,
        "as its transaction saw it"
    );
    let after = Snapshot::load(store.conn(), as_of).unwrap();
    let (_, state) = after
        .milestones
        .iter()
        .find(|(m, _)| m.id == milestone)
        .unwrap();
    assert_eq!(
        state.status,
        MilestoneStatus::Stalled,
        "seen once committed"
    );
}

/// Every `step`th milestone's state in `snapshot` is what its whole history, read on its
/// own and sorted as it happened, gives.
fn assert_states_from_whole_histories(
    store: &Store,
    snapshot: &accord::snapshot::Snapshot,
    step: usize,
) {
    for (m, state) in snapshot.milestones.iter().step_by(step) {
        let history = accord::store::updates::list_updates_of(store.conn(), &m.id).unwrap();
        let expected = accord::derive::milestone_state(m.due, &history, snapshot.as_of);
        assert_eq!(*state, expected, "{}", m.id);
    }
}

/// How many of the four search insert triggers (one per indexed table) the schema has.
fn search_insert_triggers(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_search_insert'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// An update in progress as of `as_of`, citing evidence, with `note`.
fn noted_update(as_of: &str, note: &str) -> serde_json::Value {
    let mut noted = update(&uuid(1), as_of, "in_progress", evidence("https://e.org/1"));
    noted["note"] = json!(note);
    noted
}

/// Records, as the app does, that `milestone` stalled on 20 November 2026, with `note`.
fn record_stalled(store: &mut Store, milestone: &str, note: &str) {
    accord::record::record_update(
        store,
        &accord::record::UpdateInput {
            milestone_id: milestone.into(),
            status: "stalled".into(),
            as_of: "2026-11-20".into(),
            note: note.into(),
            evidence: vec![accord::record::EvidenceInput {
                url: "https://example.org/stalled".into(),
                title: None,
            }],
            ..Default::default()
        },
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap();
}
