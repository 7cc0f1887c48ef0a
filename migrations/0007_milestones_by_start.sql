-- The live milestones get an index in the order of their stated due's start.
--
-- The timeline draws the 2,000 earliest milestones by current due and lists the first 200
-- undated ones (src/views/timeline_direct.rs). Without an order to walk, its first call
-- read every live milestone to find them: at 100k milestones 100k rows, most of its time.
-- In this index the undated ones come first (their start is NULL), then the dated ones
-- from the earliest start: the first call reads the undated ones, and the dated ones only
-- up to the 2,000th, and takes the milestones whose due an update has moved from the
-- updates that moved it (0006).
--
-- The start is worked out from the stored text, 'YYYY-MM-DD' in every case; a partial date
-- is stored as src/date.rs writes it: 'YYYY', 'YYYY-Hn', 'YYYY-Qn', 'YYYY-MM' or
-- 'YYYY-MM-DD'. The queries spell the expression as here (src/store/milestones.rs,
-- `DUE_START`), or SQLite would not use the index; a test checks the query plan, and
-- another that the start is `PartialDate::start`. The index holds what the walk reads, the
-- due itself too (SQLite reads the table for a column an expression uses unless the index
-- holds it: at 100k milestones 20 ms against 5 for the undated ones).
--
-- Archived milestones are counted apart, through a partial index that is empty until one is
-- archived.

CREATE INDEX milestones_by_start ON milestones (
    CASE
        WHEN length(due) = 4 THEN due || '-01-01'
        WHEN length(due) = 10 THEN due
        WHEN substr(due, 6, 1) = 'H' THEN substr(due, 1, 5)
            || CASE substr(due, 7) WHEN '1' THEN '01-01' ELSE '07-01' END
        WHEN substr(due, 6, 1) = 'Q' THEN substr(due, 1, 5)
            || CASE substr(due, 7) WHEN '1' THEN '01-01' WHEN '2' THEN '04-01'
                                   WHEN '3' THEN '07-01' ELSE '10-01' END
        ELSE due || '-01'
    END,
    commitment_id, position, id, due
) WHERE archived = 0;

CREATE INDEX milestones_archived ON milestones (commitment_id) WHERE archived = 1;
