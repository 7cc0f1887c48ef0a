//! A first import builds its search index on a thread beside the writer and copies it in
//! (`store::side_index`). The copied index must hold exactly what the tables give through
//! the `search_text_*` views, stay sound for the writes after it, and be left unused when
//! it does not stand for the rows written.

mod fixture;

use accord::exchange::import_bytes_indexed;
use accord::model::{Binding, Instrument, InstrumentKind, Party, PartyRole};
use accord::record::{record_update, EvidenceInput, UpdateInput};
use accord::store::search::{self, Indexing};
use accord::store::side_index::Row;
use accord::store::{instruments, Store};
use fixture::*;
use rusqlite::Connection;

/// Every word the index holds: (term, rowid, column, offset), in that order.
fn instances(conn: &Connection) -> Vec<(String, i64, String, i64)> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_instances
         USING fts5vocab(main, search_index, instance)",
    )
    .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT term, doc, col, offset FROM temp.search_instances
             ORDER BY term, doc, col, offset",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

fn assert_sound(conn: &Connection) {
    conn.execute(
        "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 0)",
        [],
    )
    .expect("FTS5 finds the search index sound");
}

/// Indexes every row again from the tables through the views, as an import into a
/// database that already holds data does.
fn index_from_views(conn: &Connection) {
    conn.execute_batch(
        "BEGIN;
         INSERT INTO search_index (search_index) VALUES ('delete-all');
         INSERT INTO search_index (rowid, title, body) SELECT rowid, title, body FROM search_text_instruments;
         INSERT INTO search_index (rowid, title, body) SELECT rowid, title, body FROM search_text_commitments;
         INSERT INTO search_index (rowid, title, body) SELECT rowid, title, body FROM search_text_milestones;
         INSERT INTO search_index (rowid, title, body) SELECT rowid, title, body FROM search_text_updates;
         COMMIT;",
    )
    .unwrap();
}

fn first_import_matches_the_views(bytes: &[u8]) {
    let (_dir, mut store) = temp_store();
    let (_, indexing) = import_bytes_indexed(&mut store, bytes).unwrap();
    assert_eq!(
        indexing,
        Indexing::Beside,
        "a first import indexes beside the writer"
    );
    let beside = instances(store.conn());
    assert_sound(store.conn());
    index_from_views(store.conn());
    let from_views = instances(store.conn());
    assert!(from_views.len() > 1000, "{} words", from_views.len());
    assert_eq!(beside.len(), from_views.len());
    if let Some(n) = (0..beside.len()).find(|&n| beside[n] != from_views[n]) {
        panic!(
            "word {n}: beside the writer {:?}, through the views {:?}",
            beside[n], from_views[n]
        );
    }
}

#[test]
fn a_first_import_of_generated_data_indexes_the_words_the_views_give() {
    let size = accord::generate::Size {
        milestones: 1500,
        updates_per_milestone: 3,
    };
    first_import_matches_the_views(&accord::generate::document(5, size));
}

#[test]
fn a_first_import_of_the_bundled_dataset_indexes_the_words_the_views_give() {
    // Real text: accents, apostrophes, empty and missing fields, several sources each.
    first_import_matches_the_views(accord::dataset::BUNDLED.as_bytes());
}

fn search_ids(store: &Store, typed: &str) -> Vec<String> {
    search::search(store.conn(), typed, 50)
        .unwrap()
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

#[test]
fn the_copied_index_serves_the_connection_that_imported_and_the_writes_after_it() {
    let (_dir, mut store) = temp_store();
    // FTS5 keeps what it has read of the index in memory: read it first, empty.
    assert!(search_ids(&store, "Growth").is_empty());
    let (_, indexing) =
        import_bytes_indexed(&mut store, accord::dataset::BUNDLED.as_bytes()).unwrap();
    assert_eq!(indexing, Indexing::Beside);
    assert!(!search_ids(&store, "Growth Zones").is_empty());
    // The side index's database, attached for the copy, is gone once the import is done.
    let attached = texts(store.conn(), "SELECT name FROM pragma_database_list");
    assert_eq!(attached, ["main"]);

    let milestone: String = store
        .conn()
        .query_row("SELECT id FROM milestones ORDER BY seq LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let today = accord::date::today();
    let input = UpdateInput {
        milestone_id: milestone.clone(),
        status: "in_progress".into(),
        as_of: today.to_string(),
        note: "Quixotic zymurgy progress noted".into(),
        evidence: vec![EvidenceInput {
            url: "https://example.org/zymurgy".into(),
            title: None,
        }],
        ..Default::default()
    };
    record_update(&mut store, &input, today).unwrap();
    assert_eq!(search_ids(&store, "zymurgy"), [milestone]);
    assert!(!search_ids(&store, "Growth Zones").is_empty());
    assert_sound(store.conn());

    // An import into a database that holds data indexes from the tables.
    let size = accord::generate::Size {
        milestones: 200,
        updates_per_milestone: 3,
    };
    let (_, indexing) =
        import_bytes_indexed(&mut store, &accord::generate::document(9, size)).unwrap();
    assert_eq!(indexing, Indexing::FromTables);
    assert_sound(store.conn());
    assert_eq!(search_ids(&store, "zymurgy").len(), 1);

    // Another connection to the file reads the same index.
    let other = Connection::open(store.path().unwrap()).unwrap();
    assert_sound(&other);
    assert_eq!(instances(&other), instances(store.conn()));
}

fn instrument(id: &str, title: &str) -> Instrument {
    Instrument {
        id: id.into(),
        title: title.into(),
        kind: InstrumentKind::Mou,
        binding: Binding::NonBinding,
        parties: vec![Party {
            name: "Ruritania".into(),
            role: PartyRole::Government,
        }],
        signed: None,
        summary: None,
        sources: Vec::new(),
        archived: false,
    }
}

#[test]
fn a_side_index_that_misses_a_row_written_is_not_used() {
    let (_dir, mut store) = temp_store();
    let indexing = store
        .write(|tx| {
            let deferred = search::defer_indexing(tx)?;
            let side = deferred.beside(tx, |rows: Vec<Row>| rows)?;
            let told = instrument("told", "Memorandum on lighthouses");
            instruments::insert_instrument(tx, &told)?;
            side.add(vec![Row::Instrument(told)]);
            // Written, but never handed to the side index.
            instruments::insert_instrument(tx, &instrument("untold", "Accord on canals"))?;
            deferred.finish(tx, Some(side))
        })
        .unwrap();
    assert_eq!(indexing, Indexing::FromTables);
    assert_eq!(search_ids(&store, "canals"), ["untold"]);
    assert_eq!(search_ids(&store, "lighthouses"), ["told"]);
    assert_eq!(search_ids(&store, "Ruritania").len(), 2);
    assert_sound(store.conn());
}

#[test]
fn a_side_index_that_holds_every_row_written_is_copied_in() {
    let (_dir, mut store) = temp_store();
    // FTS5 keeps what it has read of the index in memory: read it first, empty.
    assert!(search_ids(&store, "canals").is_empty());
    let indexing = store
        .write(|tx| {
            let deferred = search::defer_indexing(tx)?;
            let side = deferred.beside(tx, |rows: Vec<Row>| rows)?;
            let one = instrument("one", "Memorandum on lighthouses");
            let two = instrument("two", "Accord on canals");
            instruments::insert_instrument(tx, &one)?;
            instruments::insert_instrument(tx, &two)?;
            side.add(vec![Row::Instrument(one), Row::Instrument(two)]);
            deferred.finish(tx, Some(side))
        })
        .unwrap();
    assert_eq!(indexing, Indexing::Beside);
    assert_eq!(search_ids(&store, "canals"), ["two"]);
    assert_eq!(search_ids(&store, "Ruritania").len(), 2);
    assert_sound(store.conn());
}
