//! Schema objects a large write drops for its transaction and creates again before it
//! commits: the search insert triggers for every import (`search::defer_indexing`), and
//! for a first import also the updates' indexes that are not unique and the triggers
//! that keep an id to one kind of object.
//!
//! Into an empty database an import adds every row. Keeping an index up to date puts each
//! new update at a scattered place in it; dropped inside the import's transaction and
//! created again before it commits, it is built once from sorted rows. The id triggers
//! look each new instrument, commitment and milestone up in the other two tables and make
//! every insert a statement SQLite must be able to undo alone; into an empty database the
//! import's own checks say the same (its file's ids are unique across kinds, or nothing is
//! written), so they too are created again before the commit. 20k milestones: 1.87 →
//! 1.64 s for the index by date, 2.12 → 1.94 s for the triggers; later, with the search
//! index built beside the writer, 0.98 → 0.88 s for `updates_observed` (100k: 5.9 → 5.2 s).
//!
//! `updates_observed` leads with the milestone's id, and foreign-key checks look there
//! for a new milestone's updates when SQLite counts its insert as a write of many rows:
//! while the search insert triggers were in place, every new milestone scanned all the
//! updates without it (a 20k import took 15 s instead of 2). With those triggers and the
//! id triggers set aside, inserting one milestone is a write of one row, which SQLite
//! knows cannot break or mend a foreign key, so nothing is looked up. The indexes that
//! keep ids unique stay: they belong to the tables' `UNIQUE` columns, which SQLite does
//! not let go, and they serve the checks that each new row's parent exists.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// What a first import sets aside, as `sqlite_schema` names it: (type, name).
const FIRST_IMPORT: [(&str, &str); 7] = [
    ("index", "updates_observed"),
    ("index", "updates_moving_due"),
    ("index", "updates_by_as_of"),
    ("index", "milestones_by_start"),
    ("trigger", "instrument_id_is_unique"),
    ("trigger", "commitment_id_is_unique"),
    ("trigger", "milestone_id_is_unique"),
];

/// Schema objects dropped for a write, with the statements that create them again.
pub struct SetAside {
    creates: Vec<String>,
}

/// Drops `objects`, each named as `sqlite_schema` names it, (type, name), keeping the
/// statements that create them. Call it inside a write transaction: if that rolls back,
/// what was dropped comes back with it; otherwise [`SetAside::restore`] before it commits.
pub fn set_aside<'a>(
    conn: &Connection,
    objects: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<SetAside> {
    let mut creates = Vec::new();
    for (kind, name) in objects {
        creates.push(conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2",
            [kind, name],
            |r| r.get::<_, String>(0),
        )?);
        conn.execute_batch(&format!("DROP {kind} {name}"))?;
    }
    Ok(SetAside { creates })
}

/// Sets aside [`FIRST_IMPORT`] when the database holds nothing yet; `None` otherwise
/// (building the index again over many stored rows would cost more than it saves, and
/// stored ids need the triggers).
///
/// A large write that began on an empty database runs without SQLite's constraints
/// (`Store::write_large`). If another program wrote to the file between that check and
/// this transaction, merging into its rows unchecked is refused, and nothing is written.
pub fn set_aside_if_empty(conn: &Connection) -> Result<Option<SetAside>> {
    if !super::holds_nothing(conn)? {
        if !constraints_on(conn)? {
            return Err(Error::Refused(
                "another program wrote to this database as the import began; nothing was \
                 imported. Import the file again."
                    .into(),
            ));
        }
        return Ok(None);
    }
    set_aside(conn, FIRST_IMPORT).map(Some)
}

/// True when this connection checks foreign keys and `CHECK` constraints.
fn constraints_on(conn: &Connection) -> Result<bool> {
    let foreign_keys: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    let ignored: bool = conn.query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))?;
    Ok(foreign_keys && !ignored)
}

impl SetAside {
    /// Creates what was dropped again, an index over every row now in its table.
    pub fn restore(self, conn: &Connection) -> Result<()> {
        for create in &self.creates {
            conn.execute_batch(create)?;
        }
        Ok(())
    }
}
