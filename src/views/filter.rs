//! The milestone filters the timeline and the table share, applied in the core so a view
//! is sent only the rows it shows (at 100k milestones the whole list is 60 MB of JSON),
//! and the choices each filter offers. Statuses and timeliness are read from the derived
//! state; the words are answered by the full-text search.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::derive::MilestoneState;
use crate::error::Result;
use crate::model::{Commitment, EntityKind, Instrument, Milestone, MilestoneStatus, Timeliness};
use crate::snapshot::Snapshot;
use crate::store::search;

/// How many search hits a filter's words stand for: the same page the search box shows.
pub const SEARCH_HITS: usize = 100;

/// Which milestones a view shows. An empty list means "any"; several values of one key
/// mean "any of them"; different keys must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MilestoneFilter {
    pub instrument: Vec<String>,
    pub commitment: Vec<String>,
    pub theme: Vec<String>,
    /// Named by the commitment (lead or supporting) or by its instrument.
    pub party: Vec<String>,
    pub status: Vec<MilestoneStatus>,
    pub timeliness: Vec<Timeliness>,
    /// Only milestones with no update in 180 days (and not final).
    pub stale: bool,
    /// Words for the full-text search.
    pub q: String,
}

/// The choices the filter bar offers, from the data itself, sorted for people.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct FilterOptions {
    pub instruments: Vec<Named>,
    pub themes: Vec<String>,
    pub parties: Vec<String>,
    /// The commitments the filter names, so each can be shown by its title.
    pub commitments: Vec<Named>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Named {
    pub id: String,
    pub title: String,
}

/// Decides, milestone by milestone, whether a filter lets it through.
pub struct Matcher<'a> {
    filter: &'a MilestoneFilter,
    /// Each live commitment's themes and every party it or its instrument names, indexed
    /// only when the filter asks for themes or parties.
    themes: HashMap<&'a str, &'a [String]>,
    parties: HashMap<&'a str, HashSet<&'a str>>,
    /// The milestones the words found; `None` when the filter has no words.
    found: Option<HashSet<String>>,
}

impl<'a> Matcher<'a> {
    /// Runs the filter's search, if it has words, and indexes the commitments.
    pub fn new(
        conn: &Connection,
        snapshot: &'a Snapshot,
        filter: &'a MilestoneFilter,
    ) -> Result<Matcher<'a>> {
        let words = filter.q.trim();
        let found = if words.is_empty() {
            None
        } else {
            Some(found_by(
                snapshot,
                &search::search(conn, words, SEARCH_HITS)?,
            ))
        };
        let mut themes = HashMap::new();
        if !filter.theme.is_empty() {
            for c in &snapshot.commitments {
                themes.insert(c.id.as_str(), c.themes.as_slice());
            }
        }
        let mut parties = HashMap::new();
        if !filter.party.is_empty() {
            let instrument_parties: HashMap<&str, Vec<&str>> = snapshot
                .instruments
                .iter()
                .map(|i| {
                    let names = i.parties.iter().map(|p| p.name.as_str()).collect();
                    (i.id.as_str(), names)
                })
                .collect();
            for c in &snapshot.commitments {
                let named: HashSet<&str> = instrument_parties
                    .get(c.instrument_id.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
                    .chain(c.lead.as_deref())
                    .chain(c.supporting.iter().map(String::as_str))
                    .collect();
                parties.insert(c.id.as_str(), named);
            }
        }
        Ok(Matcher {
            filter,
            themes,
            parties,
            found,
        })
    }

    /// Whether the milestone, with its state and its instrument's id, passes every filter.
    pub fn matches(&self, m: &Milestone, state: &MilestoneState, instrument_id: &str) -> bool {
        let f = self.filter;
        let any = |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
        let commitment = m.commitment_id.as_str();
        any(&f.instrument, instrument_id)
            && any(&f.commitment, commitment)
            && (f.status.is_empty() || f.status.contains(&state.status))
            && (f.timeliness.is_empty() || f.timeliness.contains(&state.timeliness))
            && (!f.stale || state.stale)
            && (f.theme.is_empty()
                || self
                    .themes
                    .get(commitment)
                    .is_some_and(|themes| f.theme.iter().any(|t| themes.contains(t))))
            && (f.party.is_empty()
                || self
                    .parties
                    .get(commitment)
                    .is_some_and(|named| f.party.iter().any(|p| named.contains(p.as_str()))))
            && self.found.as_ref().is_none_or(|ids| ids.contains(&m.id))
    }
}

/// The milestones a search found: milestone hits (titles and update notes) directly, and
/// every milestone of a commitment or instrument that matched, so searching for a party or
/// a clause still shows its milestones.
fn found_by(snapshot: &Snapshot, hits: &[search::Hit]) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut commitments = HashSet::new();
    let mut instruments = HashSet::new();
    for hit in hits {
        match hit.kind {
            EntityKind::Milestone => {
                ids.insert(hit.id.clone());
            }
            EntityKind::Commitment => {
                commitments.insert(hit.id.as_str());
            }
            EntityKind::Instrument => {
                instruments.insert(hit.id.as_str());
            }
        }
    }
    let instrument_of: HashMap<&str, &str> = snapshot
        .commitments
        .iter()
        .map(|c| (c.id.as_str(), c.instrument_id.as_str()))
        .collect();
    for (m, _) in &snapshot.milestones {
        let c = m.commitment_id.as_str();
        let i = instrument_of.get(c).copied().unwrap_or_default();
        if commitments.contains(c) || instruments.contains(i) {
            ids.insert(m.id.clone());
        }
    }
    ids
}

/// What each filter can choose from, and the titles of the commitments `filter` names.
pub fn filter_options(snapshot: &Snapshot, filter: &MilestoneFilter) -> FilterOptions {
    options_among(&snapshot.instruments, &snapshot.commitments, filter)
}

/// [`filter_options`] among these instruments and commitments (the live ones).
pub(super) fn options_among<'a>(
    instruments: &'a [Instrument],
    commitments: &'a [Commitment],
    filter: &MilestoneFilter,
) -> FilterOptions {
    let themes = commitments.iter().flat_map(|c| &c.themes);
    let parties = commitments
        .iter()
        .flat_map(|c| c.lead.iter().chain(&c.supporting));
    options_naming(
        instruments,
        commitments,
        filter,
        themes.map(String::as_str),
        parties.map(String::as_str),
    )
}

/// The choices among these instruments and commitments, given the themes and parties the
/// commitments name (with repeats); the instruments' parties are added here.
pub(super) fn options_naming<'a>(
    instruments: &'a [Instrument],
    commitments: &[Commitment],
    filter: &MilestoneFilter,
    themes: impl Iterator<Item = &'a str>,
    parties: impl Iterator<Item = &'a str>,
) -> FilterOptions {
    let themes: FxHashSet<&str> = themes.collect();
    let mut parties: FxHashSet<&str> = parties.collect();
    for i in instruments {
        parties.extend(i.parties.iter().map(|p| p.name.as_str()));
    }
    let mut named: Vec<Named> = instruments
        .iter()
        .map(|i| Named {
            id: i.id.clone(),
            title: i.title.clone(),
        })
        .collect();
    named.sort_by_cached_key(|n| n.title.to_lowercase());
    FilterOptions {
        instruments: named,
        themes: for_people(themes),
        parties: for_people(parties),
        commitments: commitments
            .iter()
            .filter(|c| filter.commitment.contains(&c.id))
            .map(|c| Named {
                id: c.id.clone(),
                title: c.title.clone(),
            })
            .collect(),
    }
}

/// Sorted as a reader looks for them: ignoring case (words that differ only in case in
/// the order of their bytes).
fn for_people(words: FxHashSet<&str>) -> Vec<String> {
    let mut out: Vec<String> = words.into_iter().map(str::to_string).collect();
    out.sort_by_cached_key(|w| (w.to_lowercase(), w.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same words in any order of gathering give one list: by letters ignoring case,
    /// then words that differ only in case by their bytes.
    #[test]
    fn choices_are_listed_ignoring_case_and_the_same_whatever_order_they_came_in() {
        let words = ["beta", "Alpha", "alpha", "ALPHA", "Beta", "Ærø", "gamma"];
        let expected = ["ALPHA", "Alpha", "alpha", "Beta", "beta", "gamma", "Ærø"];
        for turn in 0..words.len() {
            let mut gathered = words.to_vec();
            gathered.rotate_left(turn);
            let set: FxHashSet<&str> = gathered.into_iter().collect();
            assert_eq!(for_people(set), expected, "turned by {turn}");
        }
    }
}
