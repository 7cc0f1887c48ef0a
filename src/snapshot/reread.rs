//! Reading part of a snapshot again after a write: one milestone, or everything under a
//! few instruments, put back in its place in the hierarchy's order while the rest is kept
//! as it is. What a kept snapshot (see `kept`) does instead of loading everything.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rusqlite::Connection;

use super::Snapshot;
use crate::derive::{self, MilestoneState};
use crate::error::Result;
use crate::model::{Commitment, Milestone};
use crate::store::updates::{self, Observation};
use crate::store::{commitments, milestones};

/// A milestone with its state and its observations, as a snapshot holds them.
type Held = ((Milestone, MilestoneState), Vec<Observation>);

/// One instrument's part of a snapshot: its commitments and their milestones, in order.
#[derive(Default)]
struct Block {
    commitments: Vec<Commitment>,
    milestones: Vec<Held>,
}

impl Snapshot {
    /// Where the milestone `id` is in `milestones`, with its commitment's id.
    pub(super) fn milestone_place(&self, id: &str) -> Option<(usize, &str)> {
        self.milestones
            .iter()
            .position(|(m, _)| m.id == id)
            .map(|n| (n, self.milestones[n].0.commitment_id.as_str()))
    }

    /// Puts `m`, read again, in place `n`, with its state derived again from its updates.
    pub(super) fn reread_milestone(
        &mut self,
        conn: &Connection,
        n: usize,
        m: Milestone,
    ) -> Result<()> {
        let history = observed(conn, &m.id)?;
        let state = derive::milestone_state(m.due, &history, self.as_of);
        self.milestones[n] = (m, state);
        self.observations[n] = history;
        Ok(())
    }

    /// Reads again the instruments `ids` and everything live under them, and the order
    /// of the instruments; what is held of the others stays as it is. For writes that add,
    /// archive, restore, delete or move objects: at 100k milestones, an instrument's
    /// hundred milestones are read instead of all of them, and each instrument's part is
    /// put in place with one splice.
    pub(super) fn reread_under(&mut self, conn: &Connection, ids: &[String]) -> Result<()> {
        let instruments = super::live_instruments(conn)?;
        let place: HashMap<&str, usize> = instruments
            .iter()
            .enumerate()
            .map(|(n, i)| (i.id.as_str(), n))
            .collect();
        let unique: HashSet<&str> = ids.iter().map(String::as_str).collect();

        // First the instruments held now: each one's range replaced by what is read again
        // (by nothing when it is no longer live), from the last range to the first so each
        // splice leaves the ranges before it where they are.
        let mut held = Vec::new();
        let mut not_held = Vec::new();
        for id in unique {
            match self.commitments.iter().position(|c| c.instrument_id == id) {
                Some(from) => {
                    let len = self.commitments[from..]
                        .iter()
                        .take_while(|c| c.instrument_id == id)
                        .count();
                    held.push((from, from + len, id));
                }
                None if place.contains_key(id) => not_held.push((place[id], id)),
                None => {} // neither held nor live
            }
        }
        held.sort_unstable_by_key(|&(from, ..)| std::cmp::Reverse(from));
        let starts = self.milestone_starts();
        for (from, to, id) in held {
            let block = match place.contains_key(id) {
                true => self.read_block(conn, id)?,
                false => Block::default(),
            };
            self.splice(from..to, starts[from]..starts[to], block);
        }

        // Then those not held (restored, or given their first commitment), where their
        // place in the order puts them: the last first, so each one's place is found
        // among the parts of instruments before it, which have not moved.
        not_held.sort_unstable_by_key(|&(n, _)| std::cmp::Reverse(n));
        if !not_held.is_empty() {
            let starts = self.milestone_starts();
            for (n, id) in not_held {
                let at = self
                    .commitments
                    .partition_point(|c| place[c.instrument_id.as_str()] < n);
                let block = self.read_block(conn, id)?;
                self.splice(at..at, starts[at]..starts[at], block);
            }
        }
        self.instruments = instruments;
        Ok(())
    }

    /// Where each commitment's milestones begin in `milestones`, and at the end their
    /// number: both lists are in the hierarchy's order, so one walk finds them.
    fn milestone_starts(&self) -> Vec<usize> {
        let mut starts = Vec::with_capacity(self.commitments.len() + 1);
        let mut m = 0;
        for c in &self.commitments {
            starts.push(m);
            while self
                .milestones
                .get(m)
                .is_some_and(|(held, _)| held.commitment_id == c.id)
            {
                m += 1;
            }
        }
        starts.push(m);
        starts
    }

    /// Replaces the commitments in `commitments` and the milestones in `milestones` (with
    /// their observations) by `block`'s.
    fn splice(&mut self, commitments: Range<usize>, milestones: Range<usize>, block: Block) {
        self.commitments.splice(commitments, block.commitments);
        let (entries, histories): (Vec<_>, Vec<_>) = block.milestones.into_iter().unzip();
        self.milestones.splice(milestones.clone(), entries);
        self.observations.splice(milestones, histories);
    }

    /// Everything live under the instrument `id`, read from the database.
    fn read_block(&self, conn: &Connection, id: &str) -> Result<Block> {
        let mut block = Block::default();
        for c in commitments::list_commitments_of(conn, id)? {
            if c.archived {
                continue;
            }
            for m in milestones::list_milestones_of(conn, &c.id)? {
                if m.archived {
                    continue;
                }
                let history = observed(conn, &m.id)?;
                let state = derive::milestone_state(m.due, &history, self.as_of);
                block.milestones.push(((m, state), history));
            }
            block.commitments.push(c);
        }
        Ok(block)
    }
}

/// A milestone's observations, in the order they happened.
fn observed(conn: &Connection, milestone_id: &str) -> Result<Vec<Observation>> {
    Ok(updates::list_updates_of(conn, milestone_id)?
        .iter()
        .map(Observation::from)
        .collect())
}
