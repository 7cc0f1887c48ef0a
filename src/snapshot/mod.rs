//! The state of everything as of a date: the stored instruments, commitments and
//! milestones with each milestone's derived state, and the roll-ups. The CLI's tables,
//! the scoreboard and the reports read from here, so every view agrees.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::ControlFlow;
use std::sync::{mpsc, OnceLock};

use chrono::NaiveDate;
use hashbrown::HashTable;
use rusqlite::Connection;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::Serialize;
use ts_rs::TS;

use crate::date::PartialDate;
use crate::derive::{self, Counts, MilestoneState};
use crate::error::Result;
use crate::model::{Commitment, Instrument, Milestone, MilestoneStatus, Timeliness, Update};
use crate::store::milestones::Titles;
use crate::store::updates::{Observation, Observing};
use crate::store::{self, commitments, instruments, milestones, updates};

mod kept;
mod reread;
#[cfg(test)]
mod tests;

pub use kept::Touched;
pub(crate) use kept::{CacheKey, SnapshotCache};

/// Everything as of one date, archived objects left out.
#[derive(Clone)]
pub struct Snapshot {
    pub as_of: NaiveDate,
    pub instruments: Vec<Instrument>,
    pub commitments: Vec<Commitment>,
    pub milestones: Vec<(Milestone, MilestoneState)>,
    /// Each milestone's observations of every date, in `milestones`' order: what its state
    /// is derived from, kept so another as-of date needs no reading.
    observations: Vec<Vec<Observation>>,
}

/// One line of the milestone list, as `accord milestones --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MilestoneRow {
    pub id: String,
    pub title: String,
    pub commitment_id: String,
    pub instrument_id: String,
    pub status: MilestoneStatus,
    #[ts(as = "Option<String>")]
    pub due: Option<PartialDate>,
    #[ts(as = "Option<String>")]
    pub current_due: Option<PartialDate>,
    pub slip_days: Option<i64>,
    pub timeliness: Timeliness,
    pub stale: bool,
    #[serde(serialize_with = "crate::date::serialize_some_day")]
    pub last_as_of: Option<NaiveDate>,
}

/// Counts overall, per instrument and per commitment.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Scoreboard {
    pub as_of: NaiveDate,
    pub overall: Counts,
    pub instruments: Vec<InstrumentCounts>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct InstrumentCounts {
    pub id: String,
    pub title: String,
    pub counts: Counts,
    pub commitments: Vec<CommitmentCounts>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CommitmentCounts {
    pub id: String,
    pub title: String,
    pub counts: Counts,
}

impl Snapshot {
    /// Loads the live (not archived) data and derives every milestone's state as of `as_of`.
    ///
    /// Call it in a read transaction (as [`crate::store::Store::read`] does). With many
    /// updates, they are read on a second connection to the same file, on another core,
    /// while this one reads the rest (see [`PARALLEL_FROM`]).
    pub fn load(conn: &Connection, as_of: NaiveDate) -> Result<Snapshot> {
        Self::load_reading(conn, as_of, Reading::WHOLE)
    }

    /// [`Snapshot::load`], reading as much of the hierarchy as `reading` says. A snapshot
    /// read in part never leaves this module: only what is made from it does.
    fn load_reading(conn: &Connection, as_of: NaiveDate, reading: Reading) -> Result<Snapshot> {
        Self::load_sharing(conn, as_of, reading, Sharing::WhenWaiting)
    }

    /// [`Snapshot::load_reading`], the updates shared between the two connections as
    /// `sharing` says.
    fn load_sharing(
        conn: &Connection,
        as_of: NaiveDate,
        reading: Reading,
        sharing: Sharing<'_>,
    ) -> Result<Snapshot> {
        let last_seq = updates::last_seq(conn)?;
        let helper = (last_seq >= PARALLEL_FROM)
            .then(|| store::reader_beside(conn))
            .flatten();
        // The first milestone id whose updates this thread reads rather than the helper:
        // set at most once, and the helper stops at the first milestone at or after it.
        let taken_from: OnceLock<String> = OnceLock::new();
        if let Sharing::From(first) = sharing {
            let _ = taken_from.set(first.to_owned());
        }
        std::thread::scope(|scope| {
            // The helper hands its groups over as it reads them, to be filed and derived as
            // soon as the hierarchy is in, while it reads the rest: at 100k milestones, 35 ms
            // of work that otherwise waited for the last update. Unbounded, so the helper
            // never waits while this thread reads the hierarchy.
            let (send, received) = mpsc::channel::<Vec<(String, Vec<Observation>)>>();
            let taken_from = &taken_from;
            let helping = helper.map(|other| {
                scope.spawn(move || {
                    let mut batch = Vec::with_capacity(HANDED_OVER);
                    updates::observations(&other, last_seq, Observing::Every, |id, history| {
                        if taken_from.get().is_some_and(|first| id >= first.as_str()) {
                            return ControlFlow::Break(());
                        }
                        batch.push((id.to_owned(), history.to_vec()));
                        if batch.len() == HANDED_OVER {
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(HANDED_OVER));
                            let _ = send.send(full);
                        }
                        ControlFlow::Continue(())
                    })?;
                    let _ = send.send(batch);
                    Ok::<(), crate::Error>(())
                })
            });
            let (instruments, commitments, milestones) =
                Self::read_hierarchy(conn, reading, as_of)?;
            let mut filing = Filing::new(milestones, as_of);
            match helping {
                Some(helper) => {
                    let mut last = None;
                    for batch in received.try_iter() {
                        for (id, history) in batch {
                            filing.file(&id, history);
                            last = Some(id);
                        }
                    }
                    // With the helper still reading (at 100k milestones, the later of the
                    // two in most loads, by 30–45 ms), this thread takes the second half
                    // of what is left. A milestone both read is filed twice, the same.
                    if matches!(sharing, Sharing::WhenWaiting) && !helper.is_finished() {
                        if let Some(first) = filing.halfway_after(last.as_deref()) {
                            let _ = taken_from.set(first);
                        }
                    }
                    if let Some(first) = taken_from.get() {
                        let from = Observing::From(first);
                        updates::observations(conn, last_seq, from, |id, history| {
                            filing.file(id, history.to_vec());
                            ControlFlow::Continue(())
                        })?;
                    }
                    for batch in received {
                        for (id, history) in batch {
                            filing.file(&id, history);
                        }
                    }
                    helper
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                }
                None => updates::observations(conn, last_seq, Observing::Every, |id, history| {
                    filing.file(id, history.to_vec());
                    ControlFlow::Continue(())
                })?,
            }
            Ok(Snapshot {
                as_of,
                instruments,
                commitments,
                milestones: filing.milestones,
                observations: filing.histories,
            })
        })
    }

    /// The live instruments, commitments and milestones, milestones in hierarchy order,
    /// each with its state as of `as_of` were it never updated: a milestone without updates
    /// is never filed, and the others' states are replaced as their updates are filed.
    fn read_hierarchy(conn: &Connection, reading: Reading, as_of: NaiveDate) -> Result<Hierarchy> {
        let (instruments, commitments) = read_places(conn, reading.commitment_texts)?;
        // Each live commitment's place in the hierarchy order: milestones come grouped by
        // commitment and are put in that order here.
        let rank: FxHashMap<&str, usize> = commitments
            .iter()
            .enumerate()
            .map(|(n, c)| (c.id.as_str(), n))
            .collect();
        let mut milestones =
            milestones::list_milestones_by_commitment(conn, reading.titles, |m| {
                let state = derive::milestone_state(m.due, &[] as &[Observation], as_of);
                (m, state)
            })?;
        milestones.retain(|(m, _)| !m.archived && rank.contains_key(m.commitment_id.as_str()));
        // Stable, and moving each milestone once: within a commitment, the position order
        // the query gave.
        milestones.sort_by_cached_key(|(m, _)| rank[m.commitment_id.as_str()]);
        Ok((instruments, commitments, milestones))
    }

    /// The same data as of another date: every state derived again from the observations
    /// kept, without reading the database (at 100k milestones the timeline after a date
    /// change takes 42 ms instead of the 262 of a new load; BENCHMARKS.md).
    pub fn move_to(&mut self, as_of: NaiveDate) {
        for ((m, state), history) in self.milestones.iter_mut().zip(&self.observations) {
            *state = derive::milestone_state(m.due, history, as_of);
        }
        self.as_of = as_of;
    }

    /// Each milestone's updates, whole, with `as_of` on or before the snapshot's date, in
    /// the order they happened. For the views that show notes and evidence (reports, CSV);
    /// the derived state above needed only a few columns of them.
    pub fn histories(&self, conn: &Connection) -> Result<HashMap<String, Vec<Update>>> {
        let mut by_milestone: HashMap<String, Vec<Update>> = HashMap::new();
        for update in updates::list_updates(conn, Some(self.as_of))? {
            by_milestone
                .entry(update.milestone_id.clone())
                .or_default()
                .push(update);
        }
        Ok(by_milestone)
    }

    /// Each instrument's commitments, in the database's order: grouped once, so views of
    /// many instruments do not scan every commitment for each.
    pub fn commitments_by_instrument(&self) -> FxHashMap<&str, Vec<&Commitment>> {
        let mut grouped: FxHashMap<&str, Vec<&Commitment>> = FxHashMap::default();
        for c in &self.commitments {
            grouped.entry(c.instrument_id.as_str()).or_default().push(c);
        }
        grouped
    }

    /// The milestone list, taking the snapshot apart: the rows keep the milestones' own
    /// strings rather than copies (100k rows: 300k fewer allocations and frees).
    pub fn milestone_rows(self) -> Vec<MilestoneRow> {
        let instrument_of: FxHashMap<&str, &str> = self
            .commitments
            .iter()
            .map(|c| (c.id.as_str(), c.instrument_id.as_str()))
            .collect();
        self.milestones
            .into_iter()
            .map(|(m, s)| MilestoneRow {
                instrument_id: instrument_of
                    .get(m.commitment_id.as_str())
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
                id: m.id,
                title: m.title,
                commitment_id: m.commitment_id,
                status: s.status,
                due: m.due,
                current_due: s.current_due,
                slip_days: s.slip_days,
                timeliness: s.timeliness,
                stale: s.stale,
                last_as_of: s.last_as_of,
            })
            .collect()
    }

    /// Counts of the snapshot's milestones, in one walk down its lists: they are in the
    /// hierarchy's order, so each commitment's milestones follow one another, as each
    /// instrument's commitments do. At 100k milestones, a first scoreboard took 11–16 ms
    /// looking each milestone's commitment up by id, and takes 5–6 ms so.
    pub fn scoreboard(&self) -> Scoreboard {
        let mut overall = Counts::default();
        let mut commitments = self.commitments.iter().peekable();
        let mut milestones = self.milestones.iter().peekable();
        let instruments = self
            .instruments
            .iter()
            .map(|i| {
                let mut counts = Counts::default();
                let mut under = Vec::new();
                while let Some(c) = commitments.next_if(|c| c.instrument_id == i.id) {
                    let mut c_counts = Counts::default();
                    while let Some((_, state)) =
                        milestones.next_if(|(m, _)| m.commitment_id == c.id)
                    {
                        c_counts.add(state);
                    }
                    counts.merge(&c_counts);
                    under.push(CommitmentCounts {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        counts: c_counts,
                    });
                }
                overall.merge(&counts);
                InstrumentCounts {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    counts,
                    commitments: under,
                }
            })
            .collect();
        // A milestone or commitment out of the hierarchy's order would be left here, and
        // missing from every count.
        debug_assert!(
            commitments.next().is_none() && milestones.next().is_none(),
            "the snapshot's lists are in the hierarchy's order"
        );
        Scoreboard {
            as_of: self.as_of,
            overall,
            instruments,
        }
    }
}

/// The milestone list as of `as_of`, as `accord milestones` prints it, from a snapshot
/// read without the commitments' texts, which the list does not show (at 100k milestones,
/// its 10k commitments took about 41 ms to read whole, 25 without their texts and lists,
/// the difference mostly memory filled). Call it in a read transaction, as
/// [`Snapshot::load`].
pub fn milestone_rows_as_of(conn: &Connection, as_of: NaiveDate) -> Result<Vec<MilestoneRow>> {
    let reading = Reading {
        commitment_texts: false,
        titles: Titles::Read,
    };
    Ok(Snapshot::load_reading(conn, as_of, reading)?.milestone_rows())
}

/// The scoreboard as of `as_of`, as `accord status` prints it, from a snapshot read
/// without the commitments' texts or the milestones' titles: it only counts milestones.
/// Call it in a read transaction, as [`Snapshot::load`].
pub fn scoreboard_as_of(conn: &Connection, as_of: NaiveDate) -> Result<Scoreboard> {
    let reading = Reading {
        commitment_texts: false,
        titles: Titles::Left,
    };
    Ok(Snapshot::load_reading(conn, as_of, reading)?.scoreboard())
}

/// The live instruments, commitments and milestones with their states, as a snapshot holds
/// them.
type Hierarchy = (
    Vec<Instrument>,
    Vec<Commitment>,
    Vec<(Milestone, MilestoneState)>,
);

/// How a snapshot's load shares the updates between its two connections.
#[derive(Clone, Copy)]
enum Sharing<'a> {
    /// The helper reads them all, unless it is still reading when the hierarchy is in;
    /// then this thread takes over the second half of what is left.
    WhenWaiting,
    /// The helper reads those of the milestones before this id, this thread the rest once
    /// the hierarchy is in (for tests: where the work is parted does not hang on timing).
    #[cfg_attr(not(test), allow(dead_code))]
    From(&'a str),
}

/// The snapshot's milestones, each state replaced as its milestone's updates are filed.
struct Filing {
    milestones: Vec<(Milestone, MilestoneState)>,
    histories: Vec<Vec<Observation>>,
    place: PlaceById,
    as_of: NaiveDate,
}

impl Filing {
    fn new(milestones: Vec<(Milestone, MilestoneState)>, as_of: NaiveDate) -> Filing {
        Filing {
            histories: vec![Vec::new(); milestones.len()],
            place: PlaceById::of(&milestones),
            milestones,
            as_of,
        }
    }

    /// Files the observations of the milestone `id`, if it is one of the snapshot's, and its
    /// state derived from them. Filing the same ones again changes nothing.
    fn file(&mut self, id: &str, history: Vec<Observation>) {
        if let Some(n) = self.place.find(&self.milestones, id) {
            let (m, state) = &mut self.milestones[n];
            *state = derive::milestone_state(m.due, &history, self.as_of);
            self.histories[n] = history;
        }
    }

    /// The id halfway through the snapshot's milestones' ids after `after` (all of them
    /// without it), in the order SQLite compares texts (byte by byte, as `str` does); none
    /// when too few are left to be worth sharing.
    fn halfway_after(&self, after: Option<&str>) -> Option<String> {
        let mut ahead: Vec<&str> = self
            .milestones
            .iter()
            .map(|(m, _)| m.id.as_str())
            .filter(|id| after.is_none_or(|after| *id > after))
            .collect();
        if ahead.len() < SHARED_FROM {
            return None;
        }
        let half = ahead.len() / 2;
        let (_, first, _) = ahead.select_nth_unstable(half);
        Some(first.to_string())
    }
}

/// Each milestone's place in a snapshot's list, found by its id. It holds only places, not
/// the ids themselves, so the list can be written (states filed into it) while it is looked
/// up; at 100k milestones, pairing each milestone with its state afterwards moved 18 MB.
struct PlaceById {
    table: HashTable<usize>,
}

impl PlaceById {
    fn of(milestones: &[(Milestone, MilestoneState)]) -> PlaceById {
        let mut table = HashTable::with_capacity(milestones.len());
        for (n, (m, _)) in milestones.iter().enumerate() {
            table.insert_unique(hash_of(&m.id), n, |&k| hash_of(&milestones[k].0.id));
        }
        PlaceById { table }
    }

    /// Where the milestone `id` is in `milestones`, the list this was made of.
    fn find(&self, milestones: &[(Milestone, MilestoneState)], id: &str) -> Option<usize> {
        self.table
            .find(hash_of(id), |&n| milestones[n].0.id == id)
            .copied()
    }
}

fn hash_of(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

/// How much of the hierarchy a snapshot reads beyond the places and dues its states need.
#[derive(Clone, Copy)]
struct Reading {
    /// The commitments' texts, references, themes and parties, or only their titles.
    commitment_texts: bool,
    /// The milestones' titles.
    titles: Titles,
}

impl Reading {
    const WHOLE: Reading = Reading {
        commitment_texts: true,
        titles: Titles::Read,
    };
}

/// The live instruments and commitments (not archived, nor under an archived instrument),
/// each in their order: where milestones sit. Without `texts`, each commitment has only
/// its ids and title (as [`commitments::list_commitments_untexted`] reads it).
pub(crate) fn read_places(
    conn: &Connection,
    texts: bool,
) -> Result<(Vec<Instrument>, Vec<Commitment>)> {
    let instruments = live_instruments(conn)?;
    let placed = if texts {
        commitments::list_commitments(conn)?
    } else {
        let (placed, _) = commitments::list_commitments_untexted(conn)?;
        placed
            .into_iter()
            .map(|p| (p.position, p.seq, p.commitment))
            .collect()
    };
    let live = live_in_order(&instruments, placed, |(position, seq, c)| {
        (*position, *seq, c)
    })
    .0;
    let commitments = live.into_iter().map(|(_, _, c)| c).collect();
    Ok((instruments, commitments))
}

/// The instruments not archived, in their order.
pub(crate) fn live_instruments(conn: &Connection) -> Result<Vec<Instrument>> {
    Ok(not_archived(instruments::list_instruments(conn)?))
}

/// `all` but the archived instruments.
pub(crate) fn not_archived(mut all: Vec<Instrument>) -> Vec<Instrument> {
    all.retain(|i| !i.archived);
    all
}

/// Each of `instruments` by id, with its place among them.
pub(crate) fn places_by_id(instruments: &[Instrument]) -> FxHashMap<&str, usize> {
    instruments
        .iter()
        .enumerate()
        .map(|(n, i)| (i.id.as_str(), n))
        .collect()
}

/// Commitments, each with its position and `seq` (as the store lists them, told by
/// `place`), parted into those live under the live `instruments`, in the hierarchy's order
/// (their instrument's place among `instruments`, then their own position and `seq`), and
/// the rest, in no order.
pub(crate) fn live_in_order<T>(
    instruments: &[Instrument],
    placed: Vec<T>,
    place: impl Fn(&T) -> (i64, i64, &Commitment),
) -> (Vec<T>, Vec<T>) {
    let at = places_by_id(instruments);
    let mut live = Vec::with_capacity(placed.len());
    let mut not_live = Vec::new();
    for p in placed {
        let (position, seq, c) = place(&p);
        match at.get(c.instrument_id.as_str()) {
            Some(&n) if !c.archived => live.push(((n, position, seq), p)),
            _ => not_live.push(p),
        }
    }
    live.sort_unstable_by_key(|(order, _)| *order);
    (live.into_iter().map(|(_, p)| p).collect(), not_live)
}

/// From this many updates on, a snapshot reads them on a second connection while the first
/// reads the rest: at 100k milestones (300k updates) reading the updates is 100 ms of a
/// 250 ms load. Below it, opening a connection costs more than it saves.
pub const PARALLEL_FROM: i64 = 10_000;

/// Milestones' observations the helper hands over at a time.
const HANDED_OVER: usize = 512;

/// Fewer milestones than this left to read, and the helper reads them alone: sharing them
/// costs a query and a pick through the ids.
const SHARED_FROM: usize = 4 * HANDED_OVER;
