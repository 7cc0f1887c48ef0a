//! Full-text search over titles, texts, notes and parties.
//!
//! What the user types is never handed to FTS5's query language: it is cut into words and
//! each word becomes a quoted prefix term, so quotes, `AND`, `*`, `:` or brackets in the
//! input are just text.

use std::collections::HashSet;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

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

/// Turns typed text into a safe FTS5 query: every word a quoted prefix term, all required.
/// `None` when there is no word to look for.
pub fn to_match_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(32)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Finds instruments, commitments and milestones (through their titles, texts, parties,
/// and the notes of their updates), best match first.
pub fn search(conn: &Connection, typed: &str, limit: usize) -> Result<Vec<Hit>> {
    let Some(query) = to_match_query(typed) else {
        return Ok(Vec::new());
    };
    // Ordering by FTS5's own `rank` (here bm25 with the title weighted 5 to 1) lets FTS5
    // sort the matches itself, so the snippet, the costly part, is made only for the rows
    // read below rather than for every match before sorting (a broad query at 10k
    // milestones: 3× faster; at 100k, ranking every match is most of the time).
    let mut stmt = conn.prepare_cached(
        "SELECT kind, owner, snippet(search_index, -1, '', '', '…', 12)
         FROM search_index
         WHERE search_index MATCH ?1 AND rank MATCH 'bm25(0.0, 0.0, 5.0, 1.0)'
         ORDER BY rank LIMIT 2000",
    )?;
    let rows = stmt.query_map([&query], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut seen = HashSet::new();
    let mut hits = Vec::new();
    for row in rows {
        let (kind, owner, snippet) = row?;
        // An update's note finds its milestone.
        let kind = if kind == "update" {
            EntityKind::Milestone
        } else {
            EntityKind::parse(&kind).unwrap_or(EntityKind::Milestone)
        };
        if !seen.insert((kind, owner.clone())) {
            continue;
        }
        if let Some(hit) = describe(conn, kind, &owner, snippet)? {
            hits.push(hit);
        }
        if hits.len() >= limit {
            break;
        }
    }
    Ok(hits)
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

/// The tables search indexes, each with the view (`search_text_*`, migrations 0002 and 0003) that
/// says what text a row contributes.
const INDEXED: [&str; 4] = ["instruments", "commitments", "milestones", "updates"];

/// Search indexing put off for the rest of a write transaction: rows inserted meanwhile
/// are indexed by [`DeferredIndexing::finish`] in one statement per table. Indexing row by
/// row made FTS5 flush to disk at every later statement of a large import, and the insert
/// triggers alone made SQLite keep a statement journal for every insert (migration 0003).
#[must_use = "rows inserted while indexing is deferred are not searchable until finish()"]
pub struct DeferredIndexing {
    /// The largest `seq` of each indexed table before: rows above it are new.
    marks: [i64; 4],
    /// The insert triggers lifted for the transaction, as `CREATE TRIGGER` statements.
    triggers: Vec<String>,
}

fn insert_trigger(table: &str) -> String {
    format!("{table}_search_insert")
}

/// Defers indexing of inserted rows until [`DeferredIndexing::finish`] by dropping the
/// tables' search insert triggers. Call it inside a write transaction: if that rolls
/// back, the triggers come back with it.
pub fn defer_indexing(conn: &Connection) -> Result<DeferredIndexing> {
    let mut marks = [0; 4];
    let mut triggers = Vec::with_capacity(INDEXED.len());
    for (mark, table) in marks.iter_mut().zip(INDEXED) {
        *mark = conn.query_row(
            &format!("SELECT coalesce(max(seq), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?;
        let name = insert_trigger(table);
        triggers.push(conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [&name],
            |r| r.get(0),
        )?);
        conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
    }
    Ok(DeferredIndexing { marks, triggers })
}

impl DeferredIndexing {
    /// Indexes every row inserted since the deferral and puts the insert triggers back.
    pub fn finish(self, conn: &Connection) -> Result<()> {
        for (mark, table) in self.marks.iter().zip(INDEXED) {
            conn.execute(
                &format!(
                    "INSERT INTO search_index (rowid, kind, owner, title, body)
                     SELECT rowid, kind, owner, title, body FROM search_text_{table} WHERE seq > ?1"
                ),
                [mark],
            )?;
        }
        for trigger in &self.triggers {
            conn.execute_batch(trigger)?;
        }
        Ok(())
    }
}
