//! The timeline of everything read straight from the database, for when no snapshot is
//! kept (an import just made, another program's write, a window opening on the timeline).
//! A snapshot derives every milestone's state: 136–162 ms at 100k milestones, for a chart
//! that draws 2,200 of them. What picks those is each milestone's place and current due,
//! and the current due needs only the updates that set one (a twelfth of them in the
//! generated data, with an index of their own). So every milestone is read without its
//! title, and only the milestones drawn are read whole and derived, by the same rules.
//! The answer is the one [`super::timeline`] gives from a snapshot; a test holds them
//! equal.
//!
//! The work is shared with a second connection that sees the same data
//! ([`Store::read_beside`]): it reads the updates that set a due and the instruments while
//! the first reads the commitments, then each reads half of the milestones, then most of
//! the drawn milestones' updates while the first reads those milestones whole.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use rusqlite::Connection;
use rustc_hash::FxHashMap;

use super::filter::{options_among, FilterOptions};
use super::milestone_view::{MilestoneView, Places};
use super::timeline::{assemble, keep_least, Drawn, Timeline, DRAWN_AT_MOST, UNDATED_LISTED};
use super::MilestoneFilter;
use crate::derive;
use crate::error::Result;
use crate::model::{Commitment, Instrument, Milestone};
use crate::snapshot::{live_commitments, live_instruments};
use crate::store::updates::{self, Observation, Observing};
use crate::store::{commitments, milestones, Store};

/// The timeline of every live milestone as of `as_of`, unfiltered, read in one read
/// transaction (two, seeing the same data, when a second connection can be had).
pub fn timeline_direct(store: &mut Store, as_of: NaiveDate) -> Result<Timeline> {
    store.read_beside(|conn, beside| read(conn, beside, as_of))
}

/// The live instruments and commitments, in their order.
type Live = (Vec<Instrument>, Vec<Commitment>);

/// Each milestone's updates that set a new due, in the order they happened, by its id.
type Moves = FxHashMap<Box<[u8]>, Vec<Observation>>;

/// A milestone's place in the hierarchy's order: its commitment's, then its own position,
/// then its `seq`, the order it was added (as a snapshot orders them).
type Place = (usize, i64, i64);

/// Where each live commitment is: its place in the order, and its instrument's.
struct Ranks<'a> {
    commitment: FxHashMap<&'a [u8], usize>,
    instrument_of: Vec<usize>,
    instruments: usize,
}

/// What reading some of the milestones found.
struct Found {
    total: usize,
    /// By instrument, in their order: whether any live milestone is under it.
    matching: Vec<bool>,
    /// The earliest dated ones (at most as many as the chart draws), by their current
    /// due's start, and every undated one.
    dated: Vec<(NaiveDate, Place)>,
    undated: Vec<Place>,
    dated_count: usize,
}

fn read(conn: &Connection, beside: Option<Connection>, as_of: NaiveDate) -> Result<Timeline> {
    let last_seq = updates::last_seq(conn)?;
    let ((instruments, commitments), moves, beside) = places_and_moves(conn, beside, last_seq)?;
    let ranks = Ranks::of(&instruments, &commitments);
    let (found, beside) = scan_shared(conn, beside, &ranks, &moves, as_of)?;
    drop(moves);
    let undated_count = found.undated.len();
    let mut sent: Vec<Place> = found.dated.into_iter().map(|(_, place)| place).collect();
    let mut undated = found.undated;
    keep_least(&mut undated, UNDATED_LISTED);
    sent.extend(undated);
    sent.sort_unstable();
    let seqs: Vec<i64> = sent.iter().map(|&(_, _, seq)| seq).collect();

    let (mut rows, histories, options) =
        drawn_whole(conn, beside, last_seq, &seqs, &instruments, &commitments)?;
    let places = Places::new(&instruments, &commitments);
    let views: Vec<MilestoneView> = seqs
        .iter()
        .filter_map(|seq| {
            let m = rows.remove(seq)?;
            let history = histories.get(&m.id).map_or(&[][..], Vec::as_slice);
            places.view(&m, &derive::milestone_state(m.due, history, as_of))
        })
        .collect();
    let matching_instruments = instruments
        .iter()
        .zip(&found.matching)
        .filter(|(_, &matches)| matches)
        .map(|(i, _)| i.id.clone())
        .collect();
    let drawn = Drawn {
        as_of,
        total: found.total,
        dated: found.dated_count,
        undated: undated_count,
        matching_instruments,
        milestones: views,
    };
    Ok(assemble(&instruments, &commitments, options, drawn))
}

/// The live instruments and commitments, and the updates that set a due: those and the
/// instruments read beside the commitments.
fn places_and_moves(
    conn: &Connection,
    beside: Option<Connection>,
    last_seq: i64,
) -> Result<(Live, Moves, Option<Connection>)> {
    std::thread::scope(|scope| {
        let moving = beside.map(|other| {
            scope.spawn(move || {
                let moves = due_changes(&other, last_seq)?;
                let instruments = live_instruments(&other)?;
                Ok((other, moves, instruments))
            })
        });
        let commitments = commitments::list_commitments_untexted(conn)?;
        let (beside, moves, instruments) = match moving {
            Some(thread) => {
                let (other, moves, instruments) = joined(thread)?;
                (Some(other), moves, instruments)
            }
            None => (None, due_changes(conn, last_seq)?, live_instruments(conn)?),
        };
        let commitments = live_commitments(&instruments, commitments);
        Ok(((instruments, commitments), moves, beside))
    })
}

/// Every live milestone read: half on each connection, or all on the first.
fn scan_shared(
    conn: &Connection,
    beside: Option<Connection>,
    ranks: &Ranks<'_>,
    moves: &Moves,
    as_of: NaiveDate,
) -> Result<(Found, Option<Connection>)> {
    match (beside, halves(conn)?) {
        (Some(other), Some((first, second))) => std::thread::scope(|scope| {
            let thread =
                scope.spawn(move || scan(&other, second, ranks, moves, as_of).map(|f| (f, other)));
            let mut found = scan(conn, first, ranks, moves, as_of)?;
            let (theirs, other) = joined(thread)?;
            found.add(theirs);
            Ok((found, Some(other)))
        }),
        (beside, _) => Ok((
            scan(conn, i64::MIN..=i64::MAX, ranks, moves, as_of)?,
            beside,
        )),
    }
}

/// The milestones with these `seq`s, whole and by `seq`, with their observations by id,
/// and the filter bar's choices, worked out while the other connection reads.
fn drawn_whole(
    conn: &Connection,
    beside: Option<Connection>,
    last_seq: i64,
    seqs: &[i64],
    instruments: &[Instrument],
    commitments: &[Commitment],
) -> Result<(HashMap<i64, Milestone>, Histories, FilterOptions)> {
    let whole = || -> Result<_> {
        let rows: HashMap<i64, Milestone> = milestones::milestones_by_seq(conn, seqs)?
            .into_iter()
            .collect();
        let options = options_among(instruments, commitments, &MilestoneFilter::default());
        Ok((rows, options))
    };
    let (histories, (rows, options)) = match beside {
        Some(other) => std::thread::scope(|scope| {
            // Reading the milestones whole takes this one about half as long as the
            // updates take the other: it reads a quarter of the updates after.
            let (mine, theirs) = seqs.split_at(seqs.len() / 4);
            let thread = scope.spawn(move || histories_of(&other, last_seq, theirs));
            let whole = whole()?;
            let mut histories = histories_of(conn, last_seq, mine)?;
            histories.extend(joined(thread)?);
            Ok::<_, crate::Error>((histories, whole))
        })?,
        None => (histories_of(conn, last_seq, seqs)?, whole()?),
    };
    Ok((rows, histories, options))
}

/// The milestones' `seq`s cut in two halves, `None` when there are too few to share.
fn halves(conn: &Connection) -> Result<Option<(RangeInclusive<i64>, RangeInclusive<i64>)>> {
    Ok(match milestones::seq_bounds(conn)? {
        Some((low, high)) if high - low >= SHARED_FROM => {
            let middle = low + (high - low) / 2;
            Some((low..=middle, middle + 1..=high))
        }
        _ => None,
    })
}

/// From this many milestones on, two connections read them: below it, the second
/// connection costs more than it saves.
const SHARED_FROM: i64 = 5_000;

impl<'a> Ranks<'a> {
    fn of(instruments: &'a [Instrument], commitments: &'a [Commitment]) -> Self {
        let instrument_at: FxHashMap<&str, usize> = instruments
            .iter()
            .enumerate()
            .map(|(n, i)| (i.id.as_str(), n))
            .collect();
        Ranks {
            commitment: commitments
                .iter()
                .enumerate()
                .map(|(n, c)| (c.id.as_bytes(), n))
                .collect(),
            instrument_of: commitments
                .iter()
                .map(|c| instrument_at[c.instrument_id.as_str()])
                .collect(),
            instruments: instruments.len(),
        }
    }
}

/// Reads the live milestones with `seq` in `seqs`: how many, which instruments they are
/// under, and each one's place with its current due.
fn scan(
    conn: &Connection,
    seqs: RangeInclusive<i64>,
    ranks: &Ranks<'_>,
    moves: &Moves,
    as_of: NaiveDate,
) -> Result<Found> {
    let mut found = Found {
        total: 0,
        matching: vec![false; ranks.instruments],
        dated: Vec::with_capacity(1 << 12),
        undated: Vec::with_capacity(1 << 12),
        dated_count: 0,
    };
    // The table's order keeps a commitment's milestones together, mostly: its rank is
    // looked up once for each run of them.
    let (mut last, mut last_rank) = (Vec::new(), None);
    milestones::each_live_placing(conn, seqs, |m| {
        if last != m.commitment_id {
            last.clear();
            last.extend_from_slice(m.commitment_id);
            last_rank = ranks.commitment.get(m.commitment_id).copied();
        }
        let Some(commitment) = last_rank else {
            return Ok(());
        };
        found.total += 1;
        found.matching[ranks.instrument_of[commitment]] = true;
        let place = (commitment, m.position, m.seq);
        let history = moves.get(m.id).map_or(&[][..], Vec::as_slice);
        match derive::current_due(m.due, history, as_of) {
            Some(due) => found.dated.push((due.start(), place)),
            None => found.undated.push(place),
        }
        Ok(())
    })?;
    found.dated_count = found.dated.len();
    keep_least(&mut found.dated, DRAWN_AT_MOST);
    Ok(found)
}

impl Found {
    /// Takes in what reading other milestones found.
    fn add(&mut self, other: Found) {
        self.total += other.total;
        for (mine, theirs) in self.matching.iter_mut().zip(other.matching) {
            *mine |= theirs;
        }
        self.dated.extend(other.dated);
        keep_least(&mut self.dated, DRAWN_AT_MOST);
        self.undated.extend(other.undated);
        self.dated_count += other.dated_count;
    }
}

fn due_changes(conn: &Connection, last_seq: i64) -> Result<Moves> {
    let mut moves = Moves::default();
    updates::observations(conn, last_seq, Observing::DueChanges, |id, history| {
        moves.insert(id.into_bytes().into_boxed_slice(), history);
    })?;
    Ok(moves)
}

/// Milestones' observations, by id.
type Histories = HashMap<String, Vec<Observation>>;

/// The observations of the milestones with these `seq`s.
fn histories_of(conn: &Connection, last_seq: i64, seqs: &[i64]) -> Result<Histories> {
    let mut histories = HashMap::new();
    updates::observations(conn, last_seq, Observing::Of(seqs), |id, history| {
        histories.insert(id, history);
    })?;
    Ok(histories)
}

/// What a scoped thread returned, its panic passed on.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without a second connection (it could not be opened, or another connection
    /// committed while the two began), everything is read on the first, to the same answer.
    #[test]
    fn read_alone_or_shared_the_answer_is_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.sqlite3")).unwrap();
        let size = crate::generate::Size {
            milestones: SHARED_FROM as usize + 200,
            updates_per_milestone: 1,
        };
        crate::exchange::import_bytes(&mut store, &crate::generate::document(2, size)).unwrap();
        let as_of = crate::date::parse_full_date("2025-06-01").unwrap();
        let (shared, used) = store
            .read_beside(|conn, beside| {
                let used = beside.is_some() && halves(conn)?.is_some();
                Ok((read(conn, beside, as_of)?, used))
            })
            .unwrap();
        assert!(used, "the second connection and the halves were used");
        let alone = store.read(|conn| read(conn, None, as_of)).unwrap();
        assert_eq!(
            serde_json::to_value(&alone).unwrap(),
            serde_json::to_value(&shared).unwrap()
        );
        assert_eq!(alone.total, SHARED_FROM as usize + 200);
    }
}
