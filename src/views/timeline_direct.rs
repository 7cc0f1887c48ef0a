//! The timeline of everything read straight from the database, for when no snapshot is
//! kept (an import just made, another program's write, a window opening on the timeline).
//! A snapshot derives every milestone's state: 136–162 ms at 100k milestones, for a chart
//! that draws 2,200 of them. What picks those is each milestone's place and current due,
//! and the current due needs only the updates that set one (a twelfth of them in the
//! generated data, with an index of their own, migration 0006).
//!
//! So the first call walks the live milestones in the order of their stated due's start
//! (an index, migration 0007): all the undated ones, to count them and list the first 200,
//! and the dated ones only as far as the 2,000th. A milestone whose due an update has moved
//! is left out of the walk and taken from the updates that moved it, looked up only if its
//! due now starts no later than the 2,000th walked. How many milestones are live is counted
//! from the table's tree, and the instruments the walk did not meet are asked whether they
//! have any. Only the milestones drawn are read whole and derived, by the same rules. The
//! answer is the one [`super::timeline`] gives from a snapshot; a test holds them equal.
//!
//! The work is shared with a second connection that sees the same data
//! ([`Store::read_beside`]): it reads the updates that set a due while the first reads the
//! instruments and commitments, without their texts, and their theme and party lists each
//! parsed once (within a tenth of each other, counted with callgrind); then it walks the
//! undated milestones, reads whole and derives those listed, counts and works out the
//! filter bar's choices, while the first walks the dated ones. The drawn ones are read
//! whole, with their updates, and derived in chunks that either connection takes as it
//! comes free ([`Drawing`]).

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rusqlite::Connection;
use rustc_hash::{FxHashMap, FxHashSet};

use super::filter::{options_naming, FilterOptions};
use super::milestone_view::MilestoneView;
use super::timeline::{assemble, keep_least, Drawn, Timeline, DRAWN_AT_MOST, UNDATED_LISTED};
use super::MilestoneFilter;
use crate::date::PartialDate;
use crate::derive;
use crate::error::Result;
use crate::model::{Commitment, Instrument, Milestone};
use crate::snapshot::{live_in_order, not_archived, places_by_id};
use crate::store::commitments::{self, Lists, ListsOf};
use crate::store::milestones::{self, Placing};
use crate::store::updates::{self, Observation, Observing};
use crate::store::{dues, instruments, Store};

/// The timeline of every live milestone as of `as_of`, unfiltered, read in one read
/// transaction (two, seeing the same data, when a second connection can be had).
pub fn timeline_direct(store: &mut Store, as_of: NaiveDate) -> Result<Timeline> {
    store.read_beside(|conn, beside| read(conn, beside, as_of))
}

/// The live instruments and commitments, in their order, and the commitments not live.
struct Live {
    instruments: Vec<Instrument>,
    commitments: Vec<Commitment>,
    /// The distinct theme and party lists the commitments name.
    lists: Lists,
    /// Which of them each live commitment names, by its place in `commitments`.
    lists_of: Vec<ListsOf>,
    not_live: Vec<Commitment>,
}

/// The milestones whose due an update has moved by the as-of date, with the due they have
/// now, by id.
type Moved = FxHashMap<Box<[u8]>, PartialDate>;

/// A milestone's place in the hierarchy's order: its commitment's, then its own position,
/// then its `seq`, the order it was added (as a snapshot orders them).
type Place = (usize, i64, i64);

/// Where each live commitment is: its place in the order, and its instrument's.
struct Ranks<'a> {
    commitment: FxHashMap<&'a [u8], usize>,
    instrument_of: Vec<usize>,
    instruments: usize,
}

/// Dated milestones with their current due's start.
type Dated = Vec<(NaiveDate, Place)>;

/// What walking the milestones found, and the milestones sent read whole.
struct Found {
    /// Every live milestone.
    total: usize,
    /// By instrument, in their order: whether any live milestone is under it.
    matching: Vec<bool>,
    /// How many live milestones have a due now and how many not.
    dated: usize,
    undated: usize,
    /// The milestones sent (the earliest dated ones, as many as the chart draws, and the
    /// first undated ones, as many as are listed), in the hierarchy's order.
    views: Vec<MilestoneView>,
    /// What they were made from, to be freed.
    read: Vec<Whole>,
    /// The filter bar's choices.
    options: FilterOptions,
}

fn read(conn: &Connection, beside: Option<Connection>, as_of: NaiveDate) -> Result<Timeline> {
    let last_seq = updates::last_seq(conn)?;
    let (live, moved, beside) = places_and_moves(conn, beside, last_seq, as_of)?;
    let ranks = Ranks::of(&live.instruments, &live.commitments);
    let walking = Walking {
        ranks: &ranks,
        moved: &moved,
        last_seq,
        as_of,
    };
    let found = walk_shared(conn, beside, &walking, &live)?;
    let Live {
        instruments,
        commitments,
        lists,
        lists_of,
        not_live,
    } = live;
    let matching_instruments = instruments
        .iter()
        .zip(&found.matching)
        .filter(|(_, &matches)| matches)
        .map(|(i, _)| i.id.clone())
        .collect();
    let drawn = Drawn {
        as_of,
        total: found.total,
        dated: found.dated,
        undated: found.undated,
        matching_instruments,
        milestones: found.views,
    };
    let timeline = assemble(&instruments, &commitments, found.options, drawn);
    free_beside((
        instruments,
        commitments,
        (lists, lists_of),
        not_live,
        moved,
        found.read,
    ));
    Ok(timeline)
}

/// Frees `value` on a thread of its own, so the answer does not wait for it: at 100k
/// milestones, freeing the 10,000 commitments read, the milestones moved and the maps of
/// those drawn was a tenth of the instructions of the thread that answers (callgrind). If
/// no thread can be had, it is freed here.
fn free_beside<T: Send + 'static>(value: T) {
    let freeing = move || drop(value);
    let _ = std::thread::Builder::new()
        .name("accord-free".into())
        .spawn(freeing);
}

/// The live instruments and commitments, and the milestones moved by `as_of`: the
/// instruments and commitments are read on the first connection while the second reads the
/// moves (at 100k milestones, 65 M instructions a call against 63, callgrind).
fn places_and_moves(
    conn: &Connection,
    beside: Option<Connection>,
    last_seq: i64,
    as_of: NaiveDate,
) -> Result<(Live, Moved, Option<Connection>)> {
    std::thread::scope(|scope| {
        let reading = beside.map(|other| {
            scope.spawn(move || {
                let moves = moved_by(&other, last_seq, as_of)?;
                Ok((other, moves))
            })
        });
        let (placed, lists) = commitments::list_commitments_untexted(conn)?;
        let instruments = not_archived(instruments::list_instruments_untexted(conn)?);
        let (beside, moves) = match reading {
            Some(thread) => {
                let (other, moves) = joined(thread)?;
                (Some(other), moves)
            }
            None => (None, moved_by(conn, last_seq, as_of)?),
        };
        let (live, not_live) =
            live_in_order(&instruments, placed, |p| (p.position, p.seq, &p.commitment));
        let (commitments, lists_of) = live.into_iter().map(|p| (p.commitment, p.lists)).unzip();
        let live = Live {
            instruments,
            commitments,
            lists,
            lists_of,
            not_live: not_live.into_iter().map(|p| p.commitment).collect(),
        };
        Ok((live, moves, beside))
    })
}

/// What every walk needs: where the commitments are, the milestones moved, the last
/// update to read, and the date the milestones read whole are derived as of.
struct Walking<'w, 'a> {
    ranks: &'w Ranks<'a>,
    moved: &'w Moved,
    last_seq: i64,
    as_of: NaiveDate,
}

/// The live milestones walked, and those sent read whole with their observations.
///
/// The first connection walks the dated ones and finds those drawn. Meanwhile the second
/// walks the undated ones (one run of the index), reads whole those listed, counts, and
/// works out the filter bar's choices. The drawn ones are read whole by both, in chunks
/// each takes as it comes free ([`Drawing`]). Without a second connection, the first does
/// all of it.
fn walk_shared(
    conn: &Connection,
    beside: Option<Connection>,
    walking: &Walking<'_, '_>,
    live: &Live,
) -> Result<Found> {
    let drawing = Drawing::default();
    let (drawn, undated, helped) = match beside {
        Some(other) => std::thread::scope(|scope| {
            let (found, wait) = std::sync::mpsc::channel();
            let drawing = &drawing;
            let thread = scope.spawn(move || {
                let undated = undated_part(&other, walking, live)?;
                // An error on the first side drops the sender without a word: then there
                // is nothing to help with.
                let helped = match wait.recv() {
                    Ok(()) => drawing.read_whole(&other, walking, live)?,
                    Err(_) => Viewed::default(),
                };
                Ok((undated, helped))
            });
            let drawn = drawn(conn, walking, live, drawing, Some(found))?;
            let (undated, helped) = joined(thread)?;
            Ok::<_, crate::Error>((drawn, undated, helped))
        })?,
        None => (
            drawn(conn, walking, live, &drawing, None)?,
            undated_part(conn, walking, live)?,
            Viewed::default(),
        ),
    };
    let mut matching = undated.matching;
    for (mine, theirs) in matching.iter_mut().zip(drawn.matching) {
        *mine |= theirs;
    }
    mark_the_rest(conn, walking.ranks, &live.commitments, &mut matching)?;
    let mut sent = drawn.viewed.views;
    sent.extend(helped.views);
    sent.extend(undated.views);
    sent.sort_unstable_by_key(|&(place, _)| place);
    let mut read = drawn.viewed.read;
    read.extend(helped.read);
    read.push(undated.read);
    Ok(Found {
        total: undated.total,
        matching,
        dated: undated.total.saturating_sub(undated.count),
        undated: undated.count,
        views: sent.into_iter().map(|(_, view)| view).collect(),
        read,
        options: undated.options,
    })
}

/// The milestones the chart draws, once the dated walk has found them, to be read whole
/// and viewed in chunks that either connection takes when it comes free: the first as soon
/// as its walk is done, the second once its undated part is. At 100k milestones the first
/// side had 72 M instructions a call of its own against the second's 55 (callgrind);
/// shared this way, the two sides end together whatever the data.
#[derive(Default)]
struct Drawing {
    places: OnceLock<Vec<Place>>,
    /// Where the next chunk starts.
    next: AtomicUsize,
}

/// How many drawn milestones a connection reads whole at a time.
const CHUNK: usize = 200;

/// Milestones viewed, and what they were made from, to be freed.
#[derive(Default)]
struct Viewed {
    views: Views,
    read: Vec<Whole>,
}

impl Drawing {
    /// Reads whole and views the chunks not yet taken, until none is left.
    fn read_whole(
        &self,
        conn: &Connection,
        walking: &Walking<'_, '_>,
        live: &Live,
    ) -> Result<Viewed> {
        let mut viewed = Viewed::default();
        let Some(places) = self.places.get() else {
            return Ok(viewed);
        };
        loop {
            let start = self.next.fetch_add(CHUNK, Ordering::Relaxed);
            let chunk = match places.get(start..places.len().min(start + CHUNK)) {
                Some(chunk) if !chunk.is_empty() => chunk,
                _ => return Ok(viewed),
            };
            let read = Whole::of(conn, walking.last_seq, chunk)?;
            viewed.views.extend(views_of(&read, chunk, walking, live));
            viewed.read.push(read);
        }
    }
}

/// Milestones read whole, by `seq`, with their observations, by id.
struct Whole {
    rows: FxHashMap<i64, Milestone>,
    histories: Histories,
}

impl Whole {
    fn of(conn: &Connection, last_seq: i64, places: &[Place]) -> Result<Whole> {
        let rows: FxHashMap<i64, Milestone> =
            milestones::milestones_by_seq(conn, &seqs_of(places))?
                .into_iter()
                .collect();
        let ids: Vec<&str> = rows.values().map(|m| m.id.as_str()).collect();
        let histories = histories_of(conn, last_seq, &ids)?;
        Ok(Whole { rows, histories })
    }
}

/// Milestones as the chart shows them, each with its place.
type Views = Vec<(Place, MilestoneView)>;

/// The milestones at `places` as the chart shows them, derived from what was read whole of
/// them. Each side makes the views of the milestones it read, so the answer does not wait
/// for them once both are done.
fn views_of(read: &Whole, places: &[Place], walking: &Walking<'_, '_>, live: &Live) -> Views {
    places
        .iter()
        .filter_map(|&place| {
            let m = read.rows.get(&place.2)?;
            let history = read.histories.get(&m.id).map_or(&[][..], Vec::as_slice);
            let state = derive::milestone_state(m.due, history, walking.as_of);
            let commitment = &live.commitments[place.0];
            let instrument = &live.instruments[walking.ranks.instrument_of[place.0]];
            Some((place, MilestoneView::new(m, &state, commitment, instrument)))
        })
        .collect()
}

/// The dated milestones drawn that this side read whole and viewed, and the instruments
/// met on the way.
struct DrawnPart {
    viewed: Viewed,
    matching: Vec<bool>,
}

/// Finds the milestones drawn, hands them to `drawing` (telling the other side through
/// `found`), and reads whole its share of them.
fn drawn(
    conn: &Connection,
    walking: &Walking<'_, '_>,
    live: &Live,
    drawing: &Drawing,
    found: Option<Sender<()>>,
) -> Result<DrawnPart> {
    let (dated, matching) = earliest_dated(conn, walking)?;
    let places: Vec<Place> = dated.into_iter().map(|(_, place)| place).collect();
    drawing
        .places
        .set(places)
        .expect("the drawn milestones are found once");
    if let Some(found) = found {
        // The other side may have stopped on an error; its own result says so.
        let _ = found.send(());
    }
    Ok(DrawnPart {
        viewed: drawing.read_whole(conn, walking, live)?,
        matching,
    })
}

/// The undated milestones listed, read whole, with how many there are and the instruments
/// they are under; how many milestones are live; the filter bar's choices.
struct UndatedPart {
    views: Views,
    count: usize,
    matching: Vec<bool>,
    read: Whole,
    total: usize,
    options: FilterOptions,
}

fn undated_part(conn: &Connection, walking: &Walking<'_, '_>, live: &Live) -> Result<UndatedPart> {
    let Undated {
        listed,
        count,
        matching,
    } = undated(conn, walking, live)?;
    let read = Whole::of(conn, walking.last_seq, &listed)?;
    Ok(UndatedPart {
        views: views_of(&read, &listed, walking, live),
        read,
        count,
        matching,
        total: count_live(conn, &live.not_live)?,
        options: options(live),
    })
}

/// The filter bar's choices among the live instruments and commitments, from the distinct
/// lists the commitments name.
fn options(live: &Live) -> FilterOptions {
    let Lists {
        themes,
        leads,
        supporting,
    } = &live.lists;
    let named = |list: fn(&ListsOf) -> Option<usize>| live.lists_of.iter().filter_map(list);
    let themes = themes.among(named(|l| Some(l.themes))).flatten();
    let leads = leads.among(named(|l| l.lead));
    let supporting = supporting.among(named(|l| Some(l.supporting))).flatten();
    options_naming(
        &live.instruments,
        &live.commitments,
        &MilestoneFilter::default(),
        themes.map(String::as_str),
        leads.chain(supporting).map(String::as_str),
    )
}

/// The `seq`s of milestones at these places, in their order.
fn seqs_of(places: &[Place]) -> Vec<i64> {
    places.iter().map(|&(_, _, seq)| seq).collect()
}

impl<'a> Ranks<'a> {
    fn of(instruments: &'a [Instrument], commitments: &'a [Commitment]) -> Self {
        let instrument_at = places_by_id(instruments);
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

/// Places of milestones read one after another: a commitment's come together in the walks,
/// so its rank is looked up once for each run of them.
struct Placer<'r, 'a> {
    ranks: &'r Ranks<'a>,
    last: Vec<u8>,
    rank: Option<usize>,
}

impl<'r, 'a> Placer<'r, 'a> {
    fn new(ranks: &'r Ranks<'a>) -> Self {
        Placer {
            ranks,
            last: Vec::new(),
            rank: None,
        }
    }

    /// A live milestone's place, `None` when its commitment is not live.
    fn place(&mut self, m: &Placing<'_>) -> Option<Place> {
        Some((self.rank(m.commitment_id)?, m.position, m.seq))
    }

    /// A commitment's rank, `None` when it is not live.
    fn rank(&mut self, commitment_id: &[u8]) -> Option<usize> {
        if self.last != commitment_id {
            self.last.clear();
            self.last.extend_from_slice(commitment_id);
            self.rank = self.ranks.commitment.get(commitment_id).copied();
        }
        self.rank
    }
}

/// The live milestones without a due now: the first of them in the hierarchy's order, as
/// many as are listed; how many there are; and the instruments they are under.
struct Undated {
    listed: Vec<Place>,
    count: usize,
    matching: Vec<bool>,
}

/// Walks every live milestone without a due now, reading only its id and commitment, and
/// counts them by commitment. Then the places of the first listed are read commitment by
/// commitment in the hierarchy's order, until there are enough: at most as many
/// commitments as milestones listed, each with at least one.
fn undated(conn: &Connection, walking: &Walking<'_, '_>, live: &Live) -> Result<Undated> {
    let Walking { ranks, moved, .. } = *walking;
    let mut by_commitment = vec![0usize; live.commitments.len()];
    let mut matching = vec![false; ranks.instruments];
    let mut count = 0;
    let mut placer = Placer::new(ranks);
    milestones::walk_undated(conn, |id, commitment_id| {
        if moved.contains_key(id) {
            return;
        }
        if let Some(rank) = placer.rank(commitment_id) {
            by_commitment[rank] += 1;
            count += 1;
            matching[ranks.instrument_of[rank]] = true;
        }
    })?;
    let mut listed = Vec::new();
    let mut enough = 0;
    for (rank, &n) in by_commitment.iter().enumerate() {
        if enough >= UNDATED_LISTED {
            break;
        }
        if n == 0 {
            continue;
        }
        enough += n;
        milestones::undated_placings_of(conn, &live.commitments[rank].id, |m| {
            if !moved.contains_key(m.id) {
                listed.extend(placer.place(&m));
            }
        })?;
    }
    keep_least(&mut listed, UNDATED_LISTED);
    Ok(Undated {
        listed,
        count,
        matching,
    })
}

/// The live milestones with a due now that the chart draws, with their due's start, and
/// the instruments of those met on the way.
///
/// The walk reads the milestones in the order of their stated due's start until it has as
/// many not moved as the chart draws and has read every one starting the same day as the
/// last of them (ties go by place). A moved milestone met on the way is placed from its row
/// and its due now. Any other moved milestone can be drawn only if its due now starts no
/// later than the day the chart's last one starts among those known: only those are looked
/// up (a move pushes a due later more often than earlier, so most are met on the way).
fn earliest_dated(conn: &Connection, walking: &Walking<'_, '_>) -> Result<(Dated, Vec<bool>)> {
    let Walking { ranks, moved, .. } = *walking;
    let mut dated = Vec::with_capacity(DRAWN_AT_MOST);
    let mut met_moved: Dated = Vec::new();
    let mut seen: FxHashSet<&[u8]> = FxHashSet::default();
    let mut matching = vec![false; ranks.instruments];
    let mut last_day: Option<NaiveDate> = None;
    let mut placer = Placer::new(ranks);
    milestones::walk_dated(conn, |m, start| {
        if last_day.is_some_and(|day| start > day) {
            return Ok(false);
        }
        let moved_to = moved.get_key_value(m.id);
        if let Some((id, _)) = moved_to {
            seen.insert(&**id);
        }
        let Some(place) = placer.place(&m) else {
            return Ok(true);
        };
        matching[ranks.instrument_of[place.0]] = true;
        match moved_to {
            Some((_, due)) => met_moved.push((due.start(), place)),
            None => {
                dated.push((start, place));
                if dated.len() == DRAWN_AT_MOST {
                    last_day = Some(start);
                }
            }
        }
        Ok(true)
    })?;
    dated.extend(met_moved);
    let bound = nth_start(&dated, DRAWN_AT_MOST);
    let candidates: Vec<&str> = moved
        .iter()
        .filter(|(id, due)| {
            bound.is_none_or(|day| due.start() <= day) && !seen.contains(id.as_ref())
        })
        .filter_map(|(id, _)| std::str::from_utf8(id).ok())
        .collect();
    milestones::live_placings_of(conn, &candidates, |m| {
        if let (Some(place), Some(due)) = (placer.place(&m), moved.get(m.id)) {
            matching[ranks.instrument_of[place.0]] = true;
            dated.push((due.start(), place));
        }
    })?;
    keep_least(&mut dated, DRAWN_AT_MOST);
    Ok((dated, matching))
}

/// The `n`th earliest start among `dated`, `None` when there are fewer.
fn nth_start(dated: &Dated, n: usize) -> Option<NaiveDate> {
    if dated.len() < n {
        return None;
    }
    let mut starts: Vec<NaiveDate> = dated.iter().map(|&(start, _)| start).collect();
    Some(*starts.select_nth_unstable(n - 1).1)
}

/// How many milestones are live: those not archived, less those under a commitment or
/// instrument that is.
fn count_live(conn: &Connection, not_live: &[Commitment]) -> Result<usize> {
    let mut total = milestones::count_unarchived(conn)?;
    for c in not_live {
        total -= milestones::count_unarchived_of(conn, &c.id)?;
    }
    Ok(total)
}

/// Marks each instrument the walks did not meet that has a live milestone, asking its
/// commitments in turn.
fn mark_the_rest(
    conn: &Connection,
    ranks: &Ranks<'_>,
    commitments: &[Commitment],
    matching: &mut [bool],
) -> Result<()> {
    for (n, c) in commitments.iter().enumerate() {
        let instrument = ranks.instrument_of[n];
        if !matching[instrument] && milestones::has_unarchived(conn, &c.id)? {
            matching[instrument] = true;
        }
    }
    Ok(())
}

/// The milestones whose due an update has moved by `as_of`, with their due now (by
/// `derive`'s rule: the latest new due up to then), from the updates that set a due.
fn moved_by(conn: &Connection, last_seq: i64, as_of: NaiveDate) -> Result<Moved> {
    let mut moved = Moved::default();
    dues::dues_as_of(conn, last_seq, as_of, |id, due| {
        moved.insert(Box::from(id.as_bytes()), due);
    })?;
    Ok(moved)
}

/// Milestones' observations, by id.
type Histories = FxHashMap<String, Vec<Observation>>;

/// The observations of the milestones with these ids.
fn histories_of(conn: &Connection, last_seq: i64, ids: &[&str]) -> Result<Histories> {
    let mut histories = Histories::default();
    updates::observations(conn, last_seq, Observing::Of(ids), |id, history| {
        histories.insert(id.to_owned(), history.to_vec());
        ControlFlow::Continue(())
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
        let (_dir, mut store) = crate::generate::generated_store(2, 3_000, 1);
        let as_of = crate::date::parse_full_date("2025-06-01").unwrap();
        let (shared, used) = store
            .read_beside(|conn, beside| {
                let used = beside.is_some();
                Ok((read(conn, beside, as_of)?, used))
            })
            .unwrap();
        assert!(used, "the second connection was used");
        let alone = store.read(|conn| read(conn, None, as_of)).unwrap();
        assert_eq!(
            serde_json::to_value(&alone).unwrap(),
            serde_json::to_value(&shared).unwrap()
        );
        assert_eq!(alone.total, 3_000);
    }
}
