//! The text each stored row gives the search index, worked out from the row's model object
//! instead of its stored columns. A first import builds its search index on a thread of its
//! own (`side_index`), which has the objects but not the rows.
//!
//! The schema's `search_text_*` views (migrations 0002 and 0003) say the same for the rows
//! in the file, and the triggers index through them. Both must give the same words in the
//! same order: `tests/side_index.rs` compares them row by row on generated data and the
//! bundled dataset. In SQL terms a body is `concat_ws(' ', ...)` of the parts below, where a
//! missing value (`NULL`) is left out and an empty one is kept.

use super::search::{indexed_rowid, COMMITMENT, INSTRUMENT, MILESTONE, UPDATE};
use crate::model::{Commitment, Instrument, Milestone, Update};

/// A row's place in the index: its rowid (`search::indexed_rowid`), title and body.
pub struct Indexed {
    pub rowid: i64,
    pub title: String,
    pub body: String,
}

/// Joins the parts that are there with single spaces, as `concat_ws(' ', ...)` does.
fn joined<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut body = String::new();
    for (n, part) in parts.into_iter().flatten().enumerate() {
        // Between any two parts, even empty ones.
        if n > 0 {
            body.push(' ');
        }
        body.push_str(part);
    }
    body
}

/// An instrument's title; its summary, then its parties' names.
pub fn instrument(seq: i64, i: &Instrument) -> Indexed {
    let parties = i.parties.iter().map(|p| Some(p.name.as_str()));
    Indexed {
        rowid: indexed_rowid(seq, INSTRUMENT),
        title: i.title.clone(),
        body: joined(std::iter::once(i.summary.as_deref()).chain(parties)),
    }
}

/// A commitment's title; its reference, text, lead, supporting parties and themes.
pub fn commitment(seq: i64, c: &Commitment) -> Indexed {
    let head = [c.reference.as_deref(), c.text.as_deref(), c.lead.as_deref()];
    let lists = c
        .supporting
        .iter()
        .chain(&c.themes)
        .map(|s| Some(s.as_str()));
    Indexed {
        rowid: indexed_rowid(seq, COMMITMENT),
        title: c.title.clone(),
        body: joined(head.into_iter().chain(lists)),
    }
}

/// A milestone's title; no body.
pub fn milestone(seq: i64, m: &Milestone) -> Indexed {
    Indexed {
        rowid: indexed_rowid(seq, MILESTONE),
        title: m.title.clone(),
        body: String::new(),
    }
}

/// No title; an update's note, author, then each source's title, publisher and quote.
pub fn update(seq: i64, u: &Update) -> Indexed {
    let sources = u.evidence.iter().flat_map(|s| {
        [
            s.title.as_deref(),
            s.publisher.as_deref(),
            s.quote.as_deref(),
        ]
    });
    let head = [Some(u.note.as_str()), u.author.as_deref()];
    Indexed {
        rowid: indexed_rowid(seq, UPDATE),
        title: String::new(),
        body: joined(head.into_iter().chain(sources)),
    }
}
