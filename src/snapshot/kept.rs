//! The app's kept snapshot: the last one loaded, reused while nothing else has written,
//! and brought up to date after the app's own writes by reading again only what they
//! changed. At 100k milestones a load takes a quarter of a second; the views after a
//! write need a few milliseconds.

use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::Snapshot;
use crate::error::Result;
use crate::store::{commitments, instruments, milestones};

/// What a write changed, so a kept snapshot can take the change instead of being loaded
/// again: one object's own fields (a milestone's updates included), or, for writes that
/// add, archive, restore or delete objects, everything under some instruments. An import
/// is none of these: it drops the snapshot.
#[derive(Debug, Clone, Copy)]
pub enum Touched<'a> {
    Milestone(&'a str),
    Commitment(&'a str),
    Instrument(&'a str),
    /// The ids of the instruments under which objects were added, archived, restored or
    /// deleted (an instrument itself included).
    Under(&'a [String]),
}

/// The last snapshot loaded, with what identifies the data it was loaded from: SQLite's
/// `data_version` (changes when another connection commits) and this connection's count of
/// changed rows (changes with every write of its own, even one rolled back). Its as-of
/// date is the snapshot's own. With 100k milestones a snapshot takes a quarter of a second to load, and
/// moving between the dashboard and the timeline needs the same one again, or the same
/// data as of another date.
#[derive(Default)]
pub(crate) struct SnapshotCache {
    kept: Option<(CacheKey, Arc<Snapshot>)>,
    /// How many snapshots were kept after a whole load, to tell a refreshed snapshot from
    /// a new one.
    loads: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CacheKey {
    data_version: i64,
    changes: u64,
}

impl SnapshotCache {
    /// What identifies the data a snapshot would be loaded from now. Read before loading:
    /// a commit landing in between makes the next key differ, so the worst case is loading
    /// again, never keeping old data.
    pub fn key(conn: &Connection) -> Result<CacheKey> {
        Ok(CacheKey {
            data_version: conn.pragma_query_value(None, "data_version", |r| r.get(0))?,
            changes: conn.total_changes(),
        })
    }

    /// The kept snapshot as of `as_of`, when it was loaded from the data `key` identifies:
    /// moved to that date first (see [`Snapshot::move_to`]) if it is of another.
    pub fn get(&mut self, key: CacheKey, as_of: NaiveDate) -> Option<Arc<Snapshot>> {
        let (kept, snapshot) = self.kept.as_mut()?;
        if *kept != key {
            return None;
        }
        if snapshot.as_of != as_of {
            // Copies the snapshot only if a view still holds it (none does between calls).
            Arc::make_mut(snapshot).move_to(as_of);
        }
        Some(Arc::clone(snapshot))
    }

    /// Keeps a snapshot just loaded whole.
    pub fn keep(&mut self, key: CacheKey, snapshot: Arc<Snapshot>) {
        self.kept = Some((key, snapshot));
        self.loads += 1;
    }

    pub fn loads(&self) -> u64 {
        self.loads
    }

    pub fn forget(&mut self) {
        self.kept = None;
    }

    /// The key the kept snapshot would have now, if one is kept: read before a write, to
    /// tell afterwards whether that write was the only change.
    pub fn key_now(&self, conn: &Connection) -> Result<Option<CacheKey>> {
        match &self.kept {
            Some(_) => Ok(Some(Self::key(conn)?)),
            None => Ok(None),
        }
    }

    /// After a write that changed only `touched`: brings it up to date in the kept
    /// snapshot instead of dropping it, when the snapshot was current under `before` (read
    /// just before the write) and no other connection has committed since. An object that
    /// moved to another parent, or is not in the snapshot, has everything under its old and
    /// new instruments read again. Otherwise the snapshot is dropped and the next request
    /// loads a new one.
    pub fn refresh(
        &mut self,
        conn: &Connection,
        before: CacheKey,
        touched: Touched<'_>,
    ) -> Result<()> {
        let Some((kept, snapshot)) = &mut self.kept else {
            return Ok(());
        };
        let after = Self::key(conn)?;
        if *kept != before || after.data_version != before.data_version {
            return Ok(());
        }
        // Copies the snapshot only if a view still holds it (none does between calls).
        let refreshed = match touched {
            Touched::Milestone(id) => match milestones::get_milestone(conn, id)? {
                Some(m) => match snapshot.milestone_place(id) {
                    Some((n, parent)) if parent == m.commitment_id => {
                        Arc::make_mut(snapshot).reread_milestone(conn, n, m)?;
                        true
                    }
                    old => {
                        let mut parents = vec![m.commitment_id];
                        parents.extend(old.map(|(_, parent)| parent.to_string()));
                        let under = instruments_of(conn, &parents)?;
                        Arc::make_mut(snapshot).reread_under(conn, &under)?;
                        true
                    }
                },
                None => false,
            },
            Touched::Commitment(id) => match commitments::get_commitment(conn, id)? {
                Some(c) => {
                    let found = snapshot.commitments.iter().position(|k| k.id == id);
                    match found {
                        Some(n) if snapshot.commitments[n].instrument_id == c.instrument_id => {
                            Arc::make_mut(snapshot).commitments[n] = c;
                        }
                        _ => {
                            let mut under = vec![c.instrument_id];
                            under.extend(
                                found.map(|n| snapshot.commitments[n].instrument_id.clone()),
                            );
                            Arc::make_mut(snapshot).reread_under(conn, &under)?;
                        }
                    }
                    true
                }
                None => false,
            },
            Touched::Instrument(id) => match instruments::get_instrument(conn, id)? {
                Some(i) => {
                    match snapshot.instruments.iter().position(|k| k.id == id) {
                        Some(n) => Arc::make_mut(snapshot).instruments[n] = i,
                        None => Arc::make_mut(snapshot).reread_under(conn, &[i.id])?,
                    }
                    true
                }
                None => false,
            },
            Touched::Under(ids) => {
                Arc::make_mut(snapshot).reread_under(conn, ids)?;
                true
            }
        };
        if refreshed {
            *kept = after;
        } else {
            self.kept = None;
        }
        Ok(())
    }
}

/// The instruments the commitments `ids` belong to.
fn instruments_of(conn: &Connection, ids: &[String]) -> Result<Vec<String>> {
    let mut under = Vec::new();
    for id in ids {
        if let Some(c) = commitments::get_commitment(conn, id)? {
            under.push(c.instrument_id);
        }
    }
    Ok(under)
}
