//! The one SQLite database file that holds everything a user records.
//!
//! Opening sets the pragmas every connection needs (WAL, foreign keys, `synchronous=FULL`
//! so an acknowledged write survives a power cut, a busy timeout so the app and the CLI can
//! share the file) and brings the schema up to date. Queries live in one module per table;
//! every multi-row write goes through [`Store::write`], one immediate transaction.

pub mod batched;
pub mod bulk;
mod migrate;

pub mod changelog;
pub mod commitments;
pub mod dues;
pub mod instruments;
pub mod milestones;
pub mod search;
mod search_text;
pub mod side_index;
mod snippet;
pub mod updates;

use std::path::{Path, PathBuf};
use std::time::Duration;

use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::snapshot::{CacheKey, Snapshot, SnapshotCache, Touched};

pub use migrate::SCHEMA_VERSION;

/// How long a statement waits on a lock held by another connection (the app, the CLI).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a writer keeps trying to start its transaction while others write.
const WRITE_WAIT: Duration = Duration::from_secs(30);

/// Each attempt to take the write lock waits this long before backing off.
const WRITE_ATTEMPT: Duration = Duration::from_millis(50);

/// The page cache each store's connection keeps, in KiB (a negative `cache_size` is in
/// KiB): 16 MiB rather than SQLite's 2 MB. A search reads the same pages of the index
/// each time; at 100k milestones they no longer fit in 2 MB, and with 16 MiB a search
/// took 19.6 ms instead of 20.8 (64 MiB did no better). Loading a snapshot, which reads
/// whole tables once, was no faster and no slower. The cache grows only as pages are
/// read: the bundled data's file is far smaller.
const READ_CACHE_KIB: i64 = -16_384;
const LARGE_WRITE_CACHE_KIB: i64 = -262_144;

/// The page cache of a connection that reads each page once and ends, in KiB (see
/// [`Store::reading_once`]).
const ONE_PASS_CACHE_KIB: i64 = -1_024;

/// A read-only connection to the file `conn` has open, for reading beside it on another
/// thread; `None` for a database in memory or when it cannot be opened (the caller then
/// reads on `conn`). Reads need none of the pragmas a writing connection sets.
pub(crate) fn reader_beside(conn: &Connection) -> Option<Connection> {
    let path = conn.path().filter(|p| !p.is_empty())?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let other = Connection::open_with_flags(path, flags).ok()?;
    other.busy_timeout(BUSY_TIMEOUT).ok()?;
    Some(other)
}

fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

/// Makes a deferred transaction (or a connection outside one, as `BEGIN`) take its view
/// of the data now: SQLite picks it at the first read.
fn begin_reading(conn: &Connection) -> Result<()> {
    if conn.is_autocommit() {
        conn.execute_batch("BEGIN")?;
    }
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
    Ok(())
}

/// The page size of a database file Accord creates: 16 KiB rather than SQLite's 4 KiB.
/// Fewer, fuller pages make fewer B-tree levels, page look-ups and writes: at 100k
/// milestones a first import's commit writes a quarter as many pages, recording an update
/// took 4.1 ms instead of 6.4, the dashboard 197 ms instead of 213, and no measured view
/// got slower (BENCHMARKS.md). A file made before keeps its page size.
const PAGE_SIZE: i64 = 16 * 1024;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    created: bool,
    snapshots: SnapshotCache,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it. A database from a
    /// newer Accord is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        let existed = path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            created: !existed,
            snapshots: SnapshotCache::default(),
        };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read the version before anything writes to the file, so a newer database is
        // refused untouched.
        migrate::refuse_newer(&self.conn)?;
        if self.created {
            // Only a file with nothing in it yet takes a page size; the WAL fixes it.
            self.conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn
            .pragma_update(None, "cache_size", READ_CACHE_KIB)?;
        migrate::migrate(&mut self.conn, self.path.as_deref())?;
        Ok(())
    }

    /// True when this open created the database file.
    pub fn was_created(&self) -> bool {
        self.created
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Shrinks this connection's page cache, for a command that reads each page it needs
    /// once and ends (`accord status`, `accord milestones`). A larger cache would be filled
    /// and never read from again, and filling it costs memory first touched: at 100k
    /// milestones, 4,000 page faults more with 16 MiB than with 1, and 5–8% of the time.
    pub fn reading_once(&self) -> Result<()> {
        Ok(self
            .conn
            .pragma_update(None, "cache_size", ONE_PASS_CACHE_KIB)?)
    }

    /// Runs `work` in one immediate transaction: all of it is committed, or none of it.
    ///
    /// SQLite's own busy handler is not fair: a process that writes again at once can keep
    /// the lock from one that is waiting. So taking the write lock is retried here with
    /// short, randomised pauses, for up to [`WRITE_WAIT`].
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.conn.busy_timeout(WRITE_ATTEMPT)?;
        let started = std::time::Instant::now();
        let mut jitter = Jitter::new();
        let begun = loop {
            match Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) {
                Err(e) if is_busy(&e) && started.elapsed() < WRITE_WAIT => {
                    std::thread::sleep(jitter.pause());
                }
                other => break other,
            }
        };
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let tx = begun?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// [`Store::write`] for writes that touch many pages (imports). With SQLite's 2 MB page
    /// cache they would spill to the WAL before the commit and be read back, so the cache
    /// may grow to 256 MB for the transaction. Statement journals are kept in memory: an
    /// insert into a table with a trigger journals the pages it changes, and once that
    /// journal outgrew 64 KiB SQLite wrote it to a temporary file for the rest of the
    /// transaction (530,000 writes to `/var/tmp` in a 20k-milestone import). Both go back
    /// to what they were after: while listing 100k milestones, filling a big cache put a
    /// third of the profile in the kernel zeroing fresh pages.
    ///
    /// Into a database that holds nothing yet (a first import), the write goes through a
    /// rollback journal (see [`Store::rollback_journal`]), and runs without SQLite's
    /// foreign-key and `CHECK` constraints; they are on again before this returns. SQLite
    /// keeps a statement journal for an insert of many rows when a `CHECK` calls a function
    /// (`length(trim(title))`, `json_valid`) or a foreign key is checked as the statement
    /// ends: each page the statement changes is copied first, and each update lands on a
    /// page of the index of update ids at random, so most rows cost a 16 KiB copy (16% of
    /// the writer's time). At 100k milestones: 8.3 → 5.6 s. So `work` must write only rows
    /// already checked to the same rules (an import's parser checks each field the
    /// constraints name, and each row's parent is the object it sits in in the file), and
    /// must confirm inside the transaction that the database still holds nothing
    /// ([`bulk::set_aside_if_empty`] refuses to go on otherwise).
    pub fn write_large<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.conn
            .pragma_update(None, "cache_size", LARGE_WRITE_CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        let empty = matches!(holds_nothing(&self.conn), Ok(true));
        let journalled = empty && self.rollback_journal();
        let unchecked = if empty {
            self.check_constraints(false)
        } else {
            Ok(())
        };
        let result = unchecked.and_then(|()| self.write(work));
        // Back on before anything else runs on this connection, whatever the outcome.
        let rechecked = if empty {
            self.check_constraints(true)
        } else {
            Ok(())
        };
        if journalled {
            // If another connection holds the file at this moment the switch back fails;
            // this connection then goes on with the rollback journal and `EXTRA`, as
            // safe, and the next open of the file sets the WAL again. The write's own
            // result is what the caller needs to know.
            let back = self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
            if matches!(back.as_deref(), Ok("wal")) {
                let _ = self.conn.pragma_update(None, "synchronous", "FULL");
            }
        }
        self.conn
            .pragma_update(None, "cache_size", READ_CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "DEFAULT")?;
        let value = result?;
        rechecked?;
        Ok(value)
    }

    /// Turns SQLite's foreign-key and `CHECK` constraints on or off for this connection.
    /// Foreign keys can be switched only outside a transaction; statements already
    /// prepared are prepared again with the new setting (SQLite expires them).
    fn check_constraints(&self, on: bool) -> Result<()> {
        let value = if on { "ON" } else { "OFF" };
        self.conn.pragma_update(None, "foreign_keys", value)?;
        let ignore = if on { "OFF" } else { "ON" };
        self.conn
            .pragma_update(None, "ignore_check_constraints", ignore)?;
        Ok(())
    }

    /// Switches to a rollback journal for a large write into a file that holds nothing
    /// yet (a first import); true when it did. Through the WAL every page of a new
    /// database is written twice, to the WAL at the commit and into the file at the
    /// checkpoint that follows; a rollback journal saves only the few pages the empty file
    /// had, and every new page is written once, straight into the file. The commit is as
    /// atomic and durable (`synchronous=EXTRA` for the write syncs the journal, the file,
    /// and the directory once the journal is deleted), and a crash leaves a journal that
    /// the next open rolls back. At 100k milestones: 9.0 s → 7.1 s.
    ///
    /// Leaving the WAL needs the file to itself: when another connection has it open the
    /// switch fails at once (no busy wait) and the write goes through the WAL as usual.
    fn rollback_journal(&self) -> bool {
        if self.path.is_none() {
            return false;
        }
        if self.conn.busy_timeout(Duration::ZERO).is_err() {
            return false;
        }
        let mode = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0));
        let _ = self.conn.busy_timeout(BUSY_TIMEOUT);
        if !matches!(mode.as_deref(), Ok("delete")) {
            return false;
        }
        // With a rollback journal the commit is the journal's deletion; `EXTRA` syncs the
        // directory after it, so a power cut just after the commit cannot bring the
        // journal back and undo an import already reported done. (`FULL` does not.)
        if self
            .conn
            .pragma_update(None, "synchronous", "EXTRA")
            .is_err()
        {
            let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
            return false;
        }
        true
    }

    /// Runs `work` in a read transaction, so every query sees the same snapshot.
    pub fn read<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let value = work(&tx)?;
        tx.finish()?;
        Ok(value)
    }

    /// Runs `work` as [`Store::read`] does, handing it as well a second connection to the
    /// file, in a read transaction that sees the same data, for reading on another core.
    /// `None` for a database in memory, or when another connection committed while the two
    /// transactions began (the caller then reads everything on the first).
    ///
    /// The second transaction begins first. SQLite's `data_version` changes when another
    /// connection commits; read before both begin and again inside the first, unchanged,
    /// it says nothing was committed in between, so both see the same data.
    pub fn read_beside<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>, Option<Connection>) -> Result<T>,
    ) -> Result<T> {
        let before = data_version(&self.conn)?;
        let beside = reader_beside(&self.conn).filter(|other| begin_reading(other).is_ok());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        begin_reading(&tx)?;
        let same = data_version(&tx)? == before;
        let value = work(&tx, beside.filter(|_| same))?;
        tx.finish()?;
        Ok(value)
    }

    /// Everything as of `as_of` with every milestone's derived state, loaded in a read
    /// transaction, or the one loaded last if nothing has written to the database since,
    /// moved to `as_of` if it was of another date (see [`SnapshotCache`]). The app's
    /// dashboard and timeline both start from it.
    pub fn snapshot(&mut self, as_of: NaiveDate) -> Result<Arc<Snapshot>> {
        let key = SnapshotCache::key(&self.conn)?;
        if let Some(kept) = self.snapshots.get(key, as_of) {
            return Ok(kept);
        }
        let loaded = Arc::new(self.read(|tx| Snapshot::load(tx, as_of))?);
        self.snapshots.keep(key, Arc::clone(&loaded));
        Ok(loaded)
    }

    /// The kept snapshot as of `as_of` (see [`Store::snapshot`]), when nothing has written
    /// since it was loaded; `None` rather than loading one.
    pub fn kept_snapshot(&mut self, as_of: NaiveDate) -> Result<Option<Arc<Snapshot>>> {
        let key = SnapshotCache::key(&self.conn)?;
        Ok(self.snapshots.get(key, as_of))
    }

    /// How many times [`Store::snapshot`] has loaded everything: the times it could not
    /// use the kept snapshot.
    pub fn snapshot_loads(&self) -> u64 {
        self.snapshots.loads()
    }

    /// Runs `work` as [`Store::write`] does, for a write that changes only `touched`
    /// (recording an update, editing one object), and brings the kept snapshot up to date
    /// with it: at 100k milestones, reading one object again instead of loading everything
    /// keeps the dashboard and the timeline that follow as quick as before the write.
    pub fn write_touching<T>(
        &mut self,
        touched: Touched<'_>,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let before = self.snapshots.key_now(&self.conn)?;
        let value = self.write(work)?;
        self.refresh_kept(before, touched);
        Ok(value)
    }

    /// Runs `work` as [`Store::write`] does, for a write that adds, archives, restores or
    /// deletes objects: `work` returns, with its value, the ids of the instruments under
    /// which it did, and the kept snapshot reads everything under them again instead of
    /// everything.
    pub fn write_under<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> Result<(T, Vec<String>)>,
    ) -> Result<T> {
        let before = self.snapshots.key_now(&self.conn)?;
        let (value, under) = self.write(work)?;
        self.refresh_kept(before, Touched::Under(&under));
        Ok(value)
    }

    /// After a committed write: a failure here must not report the write as failed. The
    /// snapshot is dropped instead, and the next request loads a new one.
    fn refresh_kept(&mut self, before: Option<CacheKey>, touched: Touched<'_>) {
        if let Some(before) = before {
            if self.snapshots.refresh(&self.conn, before, touched).is_err() {
                self.snapshots.forget();
            }
        }
    }

    /// Copies the whole database to `dest` with SQLite's online backup, safe while others
    /// write.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let mut target = Connection::open(dest).map_err(|e| open_error(dest, e))?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Pauses of 1 to 20 ms, different in every process, so waiting writers do not retry in
/// step.
struct Jitter(u64);

impl Jitter {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() as u64);
        Jitter(nanos ^ (u64::from(std::process::id()) << 32) | 1)
    }

    fn pause(&mut self) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_millis(1 + self.0 % 20)
    }
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::Refused(format!("cannot open the database {}: {e}", path.display()))
}

/// Turns a row's JSON column back into a value; a broken column is a database error.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

/// Parses a stored text column with `parse`, turning failure into a database error.
pub(crate) fn parse_column<T, E: std::error::Error + Send + Sync + 'static>(
    text: &str,
    parse: impl FnOnce(&str) -> std::result::Result<T, E>,
) -> rusqlite::Result<T> {
    parse(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Which kind of object already uses `id`, if any: ids are unique across all kinds.
pub fn kind_of_id(conn: &Connection, id: &str) -> Result<Option<crate::model::EntityKind>> {
    use crate::model::EntityKind;
    use rusqlite::OptionalExtension;
    let kind: Option<String> = conn
        .prepare_cached(
            "SELECT 'instrument' FROM instruments WHERE id = ?1
             UNION ALL SELECT 'commitment' FROM commitments WHERE id = ?1
             UNION ALL SELECT 'milestone' FROM milestones WHERE id = ?1 LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(kind.and_then(|k| EntityKind::parse(&k)))
}

/// True when the database holds no instrument, commitment, milestone or update.
fn holds_nothing(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM instruments) AND NOT EXISTS (SELECT 1 FROM commitments)
            AND NOT EXISTS (SELECT 1 FROM milestones) AND NOT EXISTS (SELECT 1 FROM updates)",
        [],
        |r| r.get(0),
    )?)
}

/// How many rows the user's data holds in all: instruments, commitments, milestones,
/// updates and logged changes. A write that was refused must leave it as it was.
pub fn total_rows(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM instruments) + (SELECT count(*) FROM commitments)
              + (SELECT count(*) FROM milestones) + (SELECT count(*) FROM updates)
              + (SELECT count(*) FROM change_log)",
        [],
        |r| r.get(0),
    )?)
}
