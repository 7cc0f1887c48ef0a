//! Full-text search over titles, texts, notes and parties.
//!
//! What the user types is never handed to FTS5's query language: it is cut into words and
//! each word becomes a quoted prefix term, so quotes, `AND`, `*`, `:` or brackets in the
//! input are just text.

use std::collections::HashSet;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::bulk::{self, SetAside};
use super::side_index::{Row, SideIndex};
use super::snippet;
use crate::error::Result;
use crate::model::EntityKind;

/// One thing the search found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Hit {
    pub kind: EntityKind,
    pub id: String,
    pub title: String,
    pub instrument_id: String,
    pub commitment_id: Option<String>,
    /// The matching passage, cut short.
    pub snippet: String,
}

/// The words of typed text, at most 32.
fn typed_words(typed: &str) -> impl Iterator<Item = &str> {
    typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(32)
}

/// Turns typed text into a safe FTS5 query: every word a quoted prefix term, all required.
/// `None` when there is no word to look for.
pub fn to_match_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = typed_words(typed).map(|w| format!("\"{w}\"*")).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Above this many matches, the pass over all text ranks only the newest ones.
const RANKED_MATCHES: i64 = 5_000;

/// Finds instruments, commitments and milestones (through their titles, texts, parties,
/// and the notes of their updates), best match first: those whose title matches, ranked,
/// then the rest, ranked among the newest 5,000 matches when more match.
pub fn search(conn: &Connection, typed: &str, limit: usize) -> Result<Vec<Hit>> {
    let Some(query) = to_match_query(typed) else {
        return Ok(Vec::new());
    };
    let mut found = Found {
        conn,
        limit,
        words: typed_words(typed).map(snippet::fold).collect(),
        seen: HashSet::new(),
        hits: Vec::new(),
    };
    // Ranking costs per match: two common words matched 110,000 rows at 100k milestones
    // and ranking them all took 120 ms. Far fewer rows match in a title, and with the
    // title weighted 5 to 1 those lead the ranking anyway, so they are ranked first, on
    // their own and by their titles alone, in the titles' own index (migration 0005;
    // 21.3 -> 6.4 ms at 100k); the rest is read only if the titles did not fill the page.
    found.pass(TITLES_RANKED, &query, 0)?;
    if found.hits.len() < limit {
        let floor = newest_floor(conn, &query)?;
        found.pass(ALL_RANKED, &query, floor)?;
    }
    Ok(found.hits)
}

/// The smallest rowid among the newest [`RANKED_MATCHES`] matches (rowids grow with the
/// rows' sequence numbers), or 0 when fewer match.
fn newest_floor(conn: &Connection, query: &str) -> Result<i64> {
    use rusqlite::OptionalExtension;
    let past: Option<i64> = conn
        .prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1
             ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
        )?
        .query_row(rusqlite::params![query, RANKED_MATCHES], |r| r.get(0))
        .optional()?;
    Ok(past.map_or(0, |rowid| rowid + 1))
}

/// Hits gathered over the passes, each object once.
struct Found<'c> {
    conn: &'c Connection,
    limit: usize,
    /// The typed words as the index compares them, for cutting passages.
    words: Vec<String>,
    seen: HashSet<(EntityKind, String)>,
    hits: Vec<Hit>,
}

/// What a row of the index belongs to, from its rowid ([`indexed_rowid`]), with the table
/// whose `search_text_*` view holds its text.
fn indexed_row(rowid: i64) -> (EntityKind, &'static str, i64) {
    let table = INDEXED[(rowid & 3) as usize];
    let kind = match table {
        "instruments" => EntityKind::Instrument,
        "commitments" => EntityKind::Commitment,
        // An update's note finds its milestone.
        _ => EntityKind::Milestone,
    };
    (kind, table, rowid >> 2)
}

/// The titles (migration 0005) that match `?1` with a rowid from `?2` on, best first by
/// FTS5's own `rank` (bm25 over the title alone).
const TITLES_RANKED: &str = "SELECT rowid FROM title_index
     WHERE title_index MATCH ?1 AND rowid >= ?2 ORDER BY rank LIMIT 2000";

/// The rows whose title or text matches `?1` with a rowid from `?2` on, best first by
/// bm25 with the title weighted 5 to 1.
const ALL_RANKED: &str = "SELECT rowid FROM search_index
     WHERE search_index MATCH ?1 AND rowid >= ?2 AND rank MATCH 'bm25(5.0, 1.0)'
     ORDER BY rank LIMIT 2000";

impl Found<'_> {
    /// Adds the rows `ranked` ([`TITLES_RANKED`] or [`ALL_RANKED`]) gives for `query`
    /// and `floor`, until the page is full. Letting FTS5 sort means only the rows read
    /// are looked up in their tables.
    fn pass(&mut self, ranked: &str, query: &str, floor: i64) -> Result<()> {
        use rusqlite::OptionalExtension;
        let mut stmt = self.conn.prepare_cached(ranked)?;
        let mut rows = stmt.query(rusqlite::params![query, floor])?;
        while self.hits.len() < self.limit {
            let Some(row) = rows.next()? else { break };
            let (kind, table, seq) = indexed_row(row.get(0)?);
            let Some((owner, title, body)) = self
                .conn
                .prepare_cached(&format!(
                    "SELECT owner, title, body FROM search_text_{table} WHERE seq = ?1"
                ))?
                .query_row([seq], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .optional()?
            else {
                continue;
            };
            if !self.seen.insert((kind, owner.clone())) {
                continue;
            }
            let snippet = snippet::passage(&body, &self.words)
                .or_else(|| snippet::passage(&title, &self.words))
                .unwrap_or(title);
            if let Some(hit) = describe(self.conn, kind, &owner, snippet)? {
                self.hits.push(hit);
            }
        }
        Ok(())
    }
}

fn describe(conn: &Connection, kind: EntityKind, id: &str, snippet: String) -> Result<Option<Hit>> {
    use rusqlite::OptionalExtension;
    let sql = match kind {
        EntityKind::Instrument => "SELECT title, id, NULL FROM instruments WHERE id = ?1",
        EntityKind::Commitment => "SELECT title, instrument_id, id FROM commitments WHERE id = ?1",
        EntityKind::Milestone => {
            "SELECT m.title, c.instrument_id, c.id FROM milestones m
             JOIN commitments c ON c.id = m.commitment_id WHERE m.id = ?1"
        }
    };
    let found = conn
        .prepare_cached(sql)?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .optional()?;
    Ok(found.map(|(title, instrument_id, commitment_id)| Hit {
        kind,
        id: id.to_string(),
        title,
        instrument_id,
        commitment_id,
        snippet,
    }))
}

/// The tables search indexes, each with the view (`search_text_*`, migrations 0002 and
/// 0003) that says what text a row contributes, in the order of the kind numbers in the
/// index's rowids.
pub(super) const INDEXED: [&str; 4] = ["instruments", "commitments", "milestones", "updates"];

/// The kind numbers of [`INDEXED`]'s tables.
pub(super) const INSTRUMENT: usize = 0;
pub(super) const COMMITMENT: usize = 1;
pub(super) const MILESTONE: usize = 2;
pub(super) const UPDATE: usize = 3;

/// The search tables FTS5 keeps: every row's title and text, and the titles alone
/// (migration 0005), both numbered by [`indexed_rowid`].
pub(super) const SEARCH_TABLES: [&str; 2] = ["search_index", "title_index"];

/// Whether the rows of `INDEXED[kind]` are in `title_index` (updates have no title).
pub(super) fn has_title(kind: usize) -> bool {
    kind != UPDATE
}

/// The rowid in the index of the row of `INDEXED[kind]` with `seq`, as the views number
/// it; [`indexed_row`] reads it back.
pub(super) fn indexed_rowid(seq: i64, kind: usize) -> i64 {
    seq * 4 + kind as i64
}

/// How a write with deferred indexing brought the search index up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexing {
    /// Copied from the index built beside the writer.
    Beside,
    /// Indexed from the rows in the tables, through the `search_text_*` views.
    FromTables,
}

/// Search indexing put off for the rest of a write transaction: rows inserted meanwhile
/// are indexed by [`DeferredIndexing::finish`] in one statement per table. Indexing row by
/// row made FTS5 flush to disk at every later statement of a large import, and the insert
/// triggers alone made SQLite keep a statement journal for every insert (migration 0003).
#[must_use = "rows inserted while indexing is deferred are not searchable until finish()"]
pub struct DeferredIndexing {
    /// The largest `seq` of each indexed table before: rows above it are new.
    marks: [i64; 4],
    /// The insert triggers lifted for the transaction.
    triggers: SetAside,
}

fn insert_trigger(table: &str) -> String {
    format!("{table}_search_insert")
}

/// Defers indexing of inserted rows until [`DeferredIndexing::finish`] by dropping the
/// tables' search insert triggers. Call it inside a write transaction: if that rolls
/// back, the triggers come back with it.
pub fn defer_indexing(conn: &Connection) -> Result<DeferredIndexing> {
    let mut marks = [0; 4];
    for (mark, table) in marks.iter_mut().zip(INDEXED) {
        *mark = conn.query_row(
            &format!("SELECT coalesce(max(seq), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?;
    }
    let names = INDEXED.map(insert_trigger);
    let triggers = bulk::set_aside(conn, names.iter().map(|name| ("trigger", name.as_str())))?;
    Ok(DeferredIndexing { marks, triggers })
}

impl DeferredIndexing {
    /// Starts indexing the rows to come on a thread of its own ([`SideIndex`]), for a
    /// write into a file whose index is empty; `rows_of` says which rows each handed-over
    /// `T` inserted, in their order.
    pub fn beside<T: Send + 'static>(
        &self,
        conn: &Connection,
        rows_of: fn(T) -> Vec<Row>,
    ) -> Result<SideIndex<T>> {
        SideIndex::start(conn, self.marks, rows_of)
    }

    /// Indexes every row inserted since the deferral and puts the insert triggers back:
    /// from the side index when it stands for those rows, from the tables otherwise.
    pub fn finish<T: Send + 'static>(
        self,
        conn: &Connection,
        side: Option<SideIndex<T>>,
    ) -> Result<Indexing> {
        let copied = match side {
            Some(side) => side.copy_into(conn)?,
            None => false,
        };
        if !copied {
            self.index_from_tables(conn)?;
        }
        self.triggers.restore(conn)?;
        Ok(if copied {
            Indexing::Beside
        } else {
            Indexing::FromTables
        })
    }

    fn index_from_tables(&self, conn: &Connection) -> Result<()> {
        for (kind, (mark, table)) in self.marks.iter().zip(INDEXED).enumerate() {
            conn.execute(
                &format!(
                    "INSERT INTO search_index (rowid, title, body)
                     SELECT rowid, title, body FROM search_text_{table} WHERE seq > ?1"
                ),
                [mark],
            )?;
            if has_title(kind) {
                conn.execute(
                    &format!(
                        "INSERT INTO title_index (rowid, title)
                         SELECT rowid, title FROM search_text_{table} WHERE seq > ?1"
                    ),
                    [mark],
                )?;
            }
        }
        Ok(())
    }
}
