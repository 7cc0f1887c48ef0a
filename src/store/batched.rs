//! Rows inserted many to a statement, for a first import.
//!
//! Each `INSERT` SQLite runs opens its cursors on the table and its indexes, builds what
//! its checks need (a temporary table for each `IN (...)` list) and is reset and bound
//! again from Rust; one statement of 64 rows does that once. A first import (into a
//! database that holds nothing) inserts every row of its file and looks none of them up,
//! so it can hold rows back and write them in batches (20k milestones: 0.94 → 0.88 s for
//! the updates alone; BENCHMARKS.md).
//!
//! A held row is not in the database yet, and where foreign keys are checked (a first
//! import usually runs without them, `Store::write_large`), they are checked as each
//! statement ends: an update may be written only once its milestone is. [`NewRows`] keeps
//! that order.

use rusqlite::types::Value;
use rusqlite::Connection;

use super::{milestones, updates};
use crate::error::Result;
use crate::model::{Milestone, Update};

/// Rows written by one statement.
pub const BATCH_ROWS: usize = 64;

/// Rows of one table held until there are enough to write together.
struct Batched<'c> {
    conn: &'c Connection,
    columns: usize,
    /// The statement for one row and for [`BATCH_ROWS`] rows.
    one: String,
    many: String,
    /// The values of the rows held, row after row.
    held: Vec<Value>,
}

/// The statement that inserts `rows` rows of `columns` into `table`, bound in that order,
/// row after row, beginning with `verb` (`INSERT`, `INSERT OR FAIL`). An update's one-row
/// insert uses it too (`updates::WRITTEN`); a milestone's cannot, as it works out its
/// position in SQL.
pub(super) fn insert_rows(verb: &str, table: &str, columns: &[&str], rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "{verb} INTO {table} ({}) VALUES {}",
        columns.join(", "),
        vec![row.as_str(); rows].join(", ")
    )
}

impl<'c> Batched<'c> {
    fn new(conn: &'c Connection, table: &str, columns: &[&str]) -> Self {
        Batched {
            conn,
            columns: columns.len(),
            // A row that breaks a constraint stops the statement without undoing the rows
            // before it (the import's transaction is rolled back whole), so SQLite keeps no
            // statement journal for it (`Store::write_large`).
            many: insert_rows("INSERT OR FAIL", table, columns, BATCH_ROWS),
            one: insert_rows("INSERT", table, columns, 1),
            held: Vec::with_capacity(columns.len() * BATCH_ROWS * 4),
        }
    }

    fn hold(&mut self, row: impl IntoIterator<Item = Value>) {
        let before = self.held.len();
        self.held.extend(row);
        debug_assert_eq!(self.held.len() - before, self.columns);
    }

    fn rows_held(&self) -> usize {
        self.held.len() / self.columns
    }

    /// Writes the first `rows` rows held, in batches of [`BATCH_ROWS`], leaving fewer than
    /// a batch of them held.
    fn write_batches(&mut self, rows: usize) -> Result<()> {
        let batches = rows.min(self.rows_held()) / BATCH_ROWS;
        if batches == 0 {
            return Ok(());
        }
        let mut stmt = self.conn.prepare_cached(&self.many)?;
        for batch in self
            .held
            .chunks_exact(self.columns * BATCH_ROWS)
            .take(batches)
        {
            for (n, value) in batch.iter().enumerate() {
                stmt.raw_bind_parameter(n + 1, value)?;
            }
            stmt.raw_execute()?;
        }
        self.held.drain(..batches * BATCH_ROWS * self.columns);
        Ok(())
    }

    /// Writes every row held.
    fn write_all(&mut self) -> Result<()> {
        self.write_batches(self.rows_held())?;
        let mut stmt = self.conn.prepare_cached(&self.one)?;
        for row in self.held.chunks_exact(self.columns) {
            for (n, value) in row.iter().enumerate() {
                stmt.raw_bind_parameter(n + 1, value)?;
            }
            stmt.raw_execute()?;
        }
        self.held.clear();
        Ok(())
    }
}

/// New milestones and updates, written many to a statement in the order given (each
/// table's rows get their `seq`s in that order). Nothing is looked up: for a database that
/// holds none of them. Until [`NewRows::finish`], some of them are only held.
pub struct NewRows<'c> {
    milestones: Batched<'c>,
    updates: Batched<'c>,
}

impl<'c> NewRows<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        NewRows {
            milestones: Batched::new(conn, "milestones", &milestones::WRITTEN),
            updates: Batched::new(conn, "updates", &updates::WRITTEN),
        }
    }

    /// Adds a milestone, `position` in its commitment.
    pub fn milestone(&mut self, m: &Milestone, position: i64) -> Result<()> {
        self.milestones.hold(milestones::values(m, position));
        if self.milestones.rows_held() == BATCH_ROWS {
            self.milestones.write_batches(BATCH_ROWS)?;
            // Every update held now belongs to a milestone written.
            self.updates.write_batches(self.updates.rows_held())?;
        }
        Ok(())
    }

    /// Adds an update of a milestone added before it.
    pub fn update(&mut self, u: &Update) {
        self.updates.hold(updates::values(u));
    }

    /// Writes every row still held.
    pub fn finish(mut self) -> Result<()> {
        self.milestones.write_all()?;
        self.updates.write_all()
    }
}
