//! A first import's search index, built on a thread of its own while the import writes the
//! rows, then copied into the file in the import's transaction.
//!
//! Indexing every row of a large import took a third of the writer's time after the rows
//! were written (20k milestones: 0.35 of 1.2 s), while the second core had little to do
//! once the file was parsed. Into a file whose index is empty, the same index can be built
//! elsewhere: an in-memory database with search tables made by the file's own statements
//! (every row's title and text, and the titles alone) indexes each row's text
//! ([`search_text`]) as the writer goes, and at the end their tables (FTS5's `_data`,
//! `_idx` and `_docsize`) replace the file's empty ones.
//!
//! The copy is made only when everything says the two indexes would be the same: the file
//! held no indexed row before, each table got exactly the rows the side index numbered
//! (the same count, numbered on from the same seq), and each search table has the same
//! FTS5 settings in both. Otherwise the caller indexes the rows from the tables as before.
//!
//! The side index lives in an in-memory database another connection can attach (a
//! shared-cache one, named for the import), so the copy is one `INSERT ... SELECT` per
//! table, which SQLite carries out by moving the stored records as they are. Copying row
//! by row through Rust took 58 ms of a 20k-milestone import (80,000 rows of document
//! sizes). SQLite lets a connection attach a database inside a transaction but not detach
//! one that took part in it, so the import detaches it after its commit or rollback
//! ([`detach`]).
//!
//! FTS5 keeps what it has read of an index (its structure record) in memory between
//! statements, and drops it when another connection writes, not when this one writes the
//! tables under it. The file's search tables are therefore dropped and made again by their
//! own statements before the copy: the new tables have nothing in memory, and nothing
//! reads them until the copy is in place.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

use super::search::{COMMITMENT, INDEXED, INSTRUMENT, MILESTONE, SEARCH_TABLES, UPDATE};
use super::search_text::{self, Indexed};
use crate::error::Result;
use crate::model::{Commitment, Instrument, Milestone, Update};

/// A row the writer has inserted, for the side index to index.
pub enum Row {
    Instrument(Instrument),
    Commitment(Commitment),
    Milestone(Milestone),
    Update(Update),
}

/// The tables FTS5 writes a search table's index into, by their name after the table's.
const SHADOW: [&str; 3] = ["data", "idx", "docsize"];

/// How much FTS5 may hold in memory before it writes a segment out (its default: 1 MiB).
const PENDING_BYTES: i64 = 256 << 20;

/// The name the main connection gives the side index's database when it attaches it.
const ATTACHED_AS: &str = "side_index";

/// Side indexes opened by this process so far: each one's database gets its own name.
static OPENED: AtomicU64 = AtomicU64::new(0);

/// Batches of the writer's work waiting for the side index, at most.
const WAITING: usize = 32;

/// An index under way on its own thread. `T` is what the writer hands over (an imported
/// instrument, say); `rows_of` turns it into the rows the writer inserted, in their order.
pub struct SideIndex<T: Send + 'static> {
    send: Option<SyncSender<T>>,
    building: Option<JoinHandle<Result<Built>>>,
    abandon: Arc<AtomicBool>,
    /// The largest seq of each table before the write.
    marks: [i64; 4],
    /// The statements that created the file's search tables, in [`SEARCH_TABLES`] order.
    creates: Vec<String>,
    /// The side database's URI, by which the main connection attaches it.
    uri: String,
}

struct Built {
    conn: Connection,
    /// Rows indexed, per table.
    counts: [i64; 4],
}

impl<T: Send + 'static> SideIndex<T> {
    /// Starts building beside `main`, whose tables' rows are numbered on from `marks`.
    pub fn start(main: &Connection, marks: [i64; 4], rows_of: fn(T) -> Vec<Row>) -> Result<Self> {
        let creates = SEARCH_TABLES
            .iter()
            .map(|table| {
                main.query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
            })
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let uri = format!(
            "file:accord-side-index-{}-{}?mode=memory&cache=shared",
            std::process::id(),
            OPENED.fetch_add(1, Ordering::Relaxed)
        );
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        for create in &creates {
            conn.execute_batch(create)?;
        }
        let (send, received) = sync_channel::<T>(WAITING);
        let abandon = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&abandon);
        let building = std::thread::spawn(move || {
            let batches = received
                .into_iter()
                .take_while(|_| !stop.load(Ordering::Relaxed));
            build(conn, marks, batches.flat_map(rows_of))
        });
        Ok(SideIndex {
            send: Some(send),
            building: Some(building),
            abandon,
            marks,
            creates,
            uri,
        })
    }

    /// Hands over what the writer has just inserted.
    pub fn add(&self, written: T) {
        if let Some(send) = &self.send {
            // The thread stops early only when it failed; `copy_into` then answers false
            // and the rows are indexed from the tables.
            let _ = send.send(written);
        }
    }

    /// Tells the index that every row has been handed over, so that it finishes (its
    /// last rows and FTS5's flush, 55 ms of a 20k-milestone import) while the writer does
    /// other work, such as building the indexes it set aside.
    pub fn rows_done(&mut self) {
        drop(self.send.take());
    }

    /// Waits for the index and copies it into `main`'s empty search tables. False, with
    /// `main` untouched, when it cannot stand for the rows written: then the caller must
    /// index them itself. When it answers true, `main` has the side database attached
    /// until [`detach`] is called after the transaction ends.
    pub fn copy_into(mut self, main: &Connection) -> Result<bool> {
        drop(self.send.take());
        let built = match self.building.take().map(JoinHandle::join) {
            Some(Ok(Ok(built))) => built,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            // A side index that failed costs only the time it took.
            _ => return Ok(false),
        };
        if !stands_for(main, &built, &self.marks)? {
            return Ok(false);
        }
        // New search tables: FTS5 holds nothing of them in memory yet.
        for (table, create) in SEARCH_TABLES.iter().zip(&self.creates) {
            main.execute_batch(&format!("DROP TABLE {table}"))?;
            main.execute_batch(create)?;
        }
        main.execute(&format!("ATTACH DATABASE ?1 AS {ATTACHED_AS}"), [&self.uri])?;
        for table in SEARCH_TABLES {
            for shadow in SHADOW {
                let shadow = format!("{table}_{shadow}");
                main.execute_batch(&format!(
                    "DELETE FROM main.{shadow};
                     INSERT INTO main.{shadow} SELECT * FROM {ATTACHED_AS}.{shadow}"
                ))?;
            }
        }
        Ok(true)
    }
}

impl<T: Send + 'static> Drop for SideIndex<T> {
    fn drop(&mut self) {
        self.abandon.store(true, Ordering::Relaxed);
        drop(self.send.take());
        if let Some(building) = self.building.take() {
            let _ = building.join();
        }
    }
}

/// Indexes the rows as they come, numbering each table's on from its mark. FTS5 writes
/// its pending terms out whenever a rowid is not above the last one, so the updates, most
/// of the rows, go in as they come and the other kinds are kept for the end, each in order.
fn build(conn: Connection, marks: [i64; 4], rows: impl Iterator<Item = Row>) -> Result<Built> {
    let mut seqs = marks;
    // Instruments, commitments and milestones, by their kind numbers.
    let mut later: [Vec<Indexed>; 3] = Default::default();
    conn.execute_batch("PRAGMA journal_mode = OFF")?;
    for table in SEARCH_TABLES {
        conn.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('hashsize', ?1)"),
            [PENDING_BYTES],
        )?;
    }
    conn.execute_batch("BEGIN")?;
    {
        let mut insert =
            conn.prepare("INSERT INTO search_index (rowid, title, body) VALUES (?1, ?2, ?3)")?;
        let mut put = |row: &Indexed| insert.execute((row.rowid, &row.title, &row.body));
        let mut insert_title =
            conn.prepare("INSERT INTO title_index (rowid, title) VALUES (?1, ?2)")?;
        let mut next = |kind: usize| {
            seqs[kind] += 1;
            seqs[kind]
        };
        for row in rows {
            match row {
                Row::Update(u) => {
                    put(&search_text::update(next(UPDATE), &u))?;
                }
                Row::Instrument(i) => {
                    later[INSTRUMENT].push(search_text::instrument(next(INSTRUMENT), &i))
                }
                Row::Commitment(c) => {
                    later[COMMITMENT].push(search_text::commitment(next(COMMITMENT), &c))
                }
                Row::Milestone(m) => {
                    let row = search_text::milestone(next(MILESTONE), &m);
                    // The titles' table takes the milestones as they come: nothing else
                    // goes into it meanwhile, so their rowids rise and FTS5 keeps them in
                    // memory; the few instruments and commitments follow at the end.
                    insert_title.execute((row.rowid, &row.title))?;
                    later[MILESTONE].push(row);
                }
            }
        }
        for row in later.iter().flatten() {
            put(row)?;
        }
        // Every kind but updates has a title (`search::has_title`).
        for row in later[..MILESTONE].iter().flatten() {
            insert_title.execute((row.rowid, &row.title))?;
        }
    }
    conn.execute_batch("COMMIT")?;
    let mut counts = [0; 4];
    for (count, (seq, mark)) in counts.iter_mut().zip(seqs.iter().zip(marks)) {
        *count = seq - mark;
    }
    Ok(Built { conn, counts })
}

/// True when the side index holds exactly the rows `main` has above the marks, numbered
/// alike, and `main`'s search tables held nothing, each with the same settings.
fn stands_for(main: &Connection, built: &Built, marks: &[i64; 4]) -> Result<bool> {
    for ((table, mark), count) in INDEXED.iter().zip(marks).zip(built.counts) {
        // Every row, less those up to the mark: SQLite counts a whole table from its
        // pages' cell counts, where counting a range would read every row in it.
        let (rows, last): (i64, i64) = main.query_row(
            &format!(
                "SELECT (SELECT count(*) FROM {table}) - (SELECT count(*) FROM {table} WHERE seq <= ?1),
                        (SELECT coalesce(max(seq), ?1) FROM {table})"
            ),
            [mark],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if rows != count || last != mark + count {
            return Ok(false);
        }
    }
    for table in SEARCH_TABLES {
        let held: i64 =
            main.query_row(&format!("SELECT count(*) FROM {table}_docsize"), [], |r| {
                r.get(0)
            })?;
        let settings = |conn: &Connection| -> Result<Vec<(Value, Value)>> {
            let mut stmt = conn.prepare(&format!(
                "SELECT k, v FROM {table}_config WHERE k <> 'hashsize' ORDER BY k"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        if held != 0 || settings(main)? != settings(&built.conn)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Detaches a side index's database from `main`, if one is attached: once the
/// transaction that copied it has ended. Its memory goes with the last connection to it.
pub fn detach(main: &Connection) -> Result<()> {
    let attached: bool = main.query_row(
        "SELECT count(*) > 0 FROM pragma_database_list WHERE name = ?1",
        [ATTACHED_AS],
        |r| r.get(0),
    )?;
    if attached {
        main.execute_batch(&format!("DETACH DATABASE {ATTACHED_AS}"))?;
    }
    Ok(())
}
