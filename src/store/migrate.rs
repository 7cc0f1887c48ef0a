//! Numbered SQL migrations, embedded in the binary and applied one transaction each. The
//! schema version lives in SQLite's `user_version`. Before migrating an existing database
//! a copy of it is kept beside it (`<file>.before-v<N>.bak`).

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Migration `i` (from 0) brings the schema from version `i` to `i + 1`. Additive only: what
/// one drops is derived data it rebuilds (the search index, 0004).
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_search_in_bulk.sql"),
    include_str!("../../migrations/0003_search_text_in_one_pass.sql"),
    include_str!("../../migrations/0004_search_without_a_copy.sql"),
    include_str!("../../migrations/0005_titles_indexed_apart.sql"),
    include_str!("../../migrations/0006_due_changes_indexed.sql"),
    include_str!("../../migrations/0007_milestones_by_start.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

pub(super) fn refuse_newer(conn: &Connection) -> Result<()> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

pub(super) fn migrate(conn: &mut Connection, path: Option<&Path>) -> Result<()> {
    let current = user_version(conn)?;
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    if current > 0 {
        if let Some(path) = path {
            keep_copy(conn, path, current)?;
        }
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while this one waited for the lock.
        if user_version(&tx)? > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn keep_copy(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".before-v{}.bak", version + 1));
    let dest = std::path::PathBuf::from(name);
    let mut target = Connection::open(&dest)?;
    let backup = rusqlite::backup::Backup::new(conn, &mut target)?;
    backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
    Ok(())
}
