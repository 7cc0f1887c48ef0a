//! A first import builds its search tables (every row's text, and the titles alone) on a
//! thread beside the writer and copies them in (`store::side_index`). The copied tables
//! must hold exactly what the tables give through the `search_text_*` views, stay sound
//! for the writes after them, and be left unused when they do not stand for the rows
//! written.

mod fixture;

use accord::exchange::import_bytes_indexed;
use accord::model::{Binding, Instrument, InstrumentKind, Party, PartyRole};
use accord::record::{record_update, EvidenceInput, UpdateInput};
use accord::store::search::{self, Indexing};
use accord::store::side_index::Row;
use accord::store::{instruments, Store};
use fixture::*;
use rusqlite::Connection;

/// The search tables: every row's title and text, and the titles alone.
const TABLES: [&str; 2] = ["search_index", "title_index"];

type Instance = (String, i64, String, i64);

/// Every word the search table `table` holds: (term, rowid, column, offset), in that order.
fn instances_in(conn: &Connection, table: &str) -> Vec<Instance> {
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_instances
         USING fts5vocab(main, {table}, instance)"
    ))
    .unwrap();
    let mut stmt = conn
        .prepare(&format!(
            "SELECT term, doc, col, offset FROM temp.{table}_instances
             ORDER BY term, doc, col, offset"
        ))
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// Every word of both search tables, in [`TABLES`] order.
fn instances(conn: &Connection) -> [Vec<Instance>; 2] {
    TABLES.map(|table| instances_in(conn, table))
}

fn assert_sound(conn: &Connection) {
    for table in TABLES {
        conn.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 0)"),
            [],
        )
        .unwrap_or_else(|e| panic!("FTS5 finds {table} unsound: {e}"));
    }
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
         INSERT INTO title_index (title_index) VALUES ('delete-all');
         INSERT INTO title_index (rowid, title) SELECT rowid, title FROM search_text_instruments;
         INSERT INTO title_index (rowid, title) SELECT rowid, title FROM search_text_commitments;
         INSERT INTO title_index (rowid, title) SELECT rowid, title FROM search_text_milestones;
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
    for ((table, beside), from_views) in TABLES.iter().zip(&beside).zip(&from_views) {
        assert!(
            from_views.len() > 500,
            "{table}: {} words",
            from_views.len()
        );
        assert_eq!(beside.len(), from_views.len(), "{table}");
        if let Some(n) = (0..beside.len()).find(|&n| beside[n] != from_views[n]) {
            panic!(
                "{table}, word {n}: beside the writer {:?}, through the views {:?}",
                beside[n], from_views[n]
            );
        }
    }
    // The titles' table holds each title's words and nothing else.
    let titles = &from_views[1];
    assert!(titles
        .iter()
        .all(|(_, doc, col, _)| doc % 4 != 3 && col == "title"));
    let in_titles = from_views[0].iter().filter(|(_, _, col, _)| col == "title");
    assert_eq!(in_titles.count(), titles.len());
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
