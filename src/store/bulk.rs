//! A first import's index of updates by date, built once after its rows instead of row by row.
//!
//! Into an empty database an import adds every row, and keeping an index up to date puts
//! each new row at a scattered place in it. Dropped inside the import's transaction and
//! created again before it commits, the index is built once from sorted rows. Only the
//! updates' index by date is dropped: the indexes that keep ids unique serve the import's
//! look-ups, and those that lead with a parent's id serve the foreign-key checks of each
//! insert (without `updates_observed`, every new milestone scanned all the updates: a
//! 20k import took 15 s instead of 2).

use rusqlite::Connection;

use crate::error::Result;

/// The indexes a first import builds after its rows.
const DEFERRED: [&str; 1] = ["updates_by_as_of"];

/// Indexes dropped for a write, with the statements that create them again.
pub struct DeferredIndexes {
    creates: Vec<String>,
}

/// Drops the deferred indexes when the database holds nothing yet; `None` otherwise (building
/// an index again over many stored rows would cost more than it saves). Call it inside a
/// write transaction: if that rolls back, the indexes come back with it.
pub fn defer_if_empty(conn: &Connection) -> Result<Option<DeferredIndexes>> {
    if !super::holds_nothing(conn)? {
        return Ok(None);
    }
    let mut creates = Vec::with_capacity(DEFERRED.len());
    for name in DEFERRED {
        creates.push(conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
            [name],
            |r| r.get::<_, String>(0),
        )?);
        conn.execute_batch(&format!("DROP INDEX {name}"))?;
    }
    Ok(Some(DeferredIndexes { creates }))
}

impl DeferredIndexes {
    /// Creates the dropped indexes again, over every row now in the tables.
    pub fn build(self, conn: &Connection) -> Result<()> {
        for create in &self.creates {
            conn.execute_batch(create)?;
        }
        Ok(())
    }
}
