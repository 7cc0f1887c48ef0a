-- The updates that set a new due get an index of their own.
--
-- A milestone's current due as of a date is the latest new due among its updates up to
-- then (src/derive.rs), so the timeline can pick the milestones it draws, the earliest
-- 2,000 by current due, from these updates alone, and derive only those milestones whole
-- (src/views/timeline_direct.rs). In the generated data they are one update in twelve:
-- at 100k milestones, reading them through `updates_observed` meant going through its
-- 300k entries (22 ms); through this index, 2 ms (measured on the same file). It holds
-- the same columns as `updates_observed`, so it is read alike.

CREATE INDEX updates_moving_due ON updates (milestone_id, as_of, status, due, recorded_at)
    WHERE due IS NOT NULL;
