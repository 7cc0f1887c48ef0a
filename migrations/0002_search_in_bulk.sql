-- Search indexing that a bulk import can defer, and an index for deriving state.
--
-- With a trigger indexing each new row, every later statement in an import's transaction
-- made FTS5 flush its pending rows to disk (FTS5 flushes at each statement savepoint):
-- most of an import's time. Now the text each row contributes to the index is defined
-- once, in one view per kind; the triggers index from those views unless the one-row
-- table `search_deferred` says an import is under way, and the import then indexes all
-- its new rows from the same views in one INSERT … SELECT before it commits. The flag
-- only ever changes inside a write transaction, so no other connection sees it set.

CREATE TABLE search_deferred (
    deferred INTEGER NOT NULL CHECK (deferred IN (0, 1))
);
INSERT INTO search_deferred (deferred) VALUES (0);

CREATE VIEW search_text_instruments (seq, rowid, kind, owner, title, body) AS
SELECT seq, seq * 4, 'instrument', id, title,
       concat_ws(' ', summary, (SELECT group_concat(value ->> 'name', ' ') FROM json_each(parties)))
FROM instruments;

CREATE VIEW search_text_commitments (seq, rowid, kind, owner, title, body) AS
SELECT seq, seq * 4 + 1, 'commitment', id, title,
       concat_ws(' ', ref, text, lead,
                 (SELECT group_concat(value, ' ') FROM json_each(supporting)),
                 (SELECT group_concat(value, ' ') FROM json_each(themes)))
FROM commitments;

CREATE VIEW search_text_milestones (seq, rowid, kind, owner, title, body) AS
SELECT seq, seq * 4 + 2, 'milestone', id, title, ''
FROM milestones;

CREATE VIEW search_text_updates (seq, rowid, kind, owner, title, body) AS
SELECT seq, seq * 4 + 3, 'update', milestone_id, '',
       concat_ws(' ', note, author,
                 (SELECT group_concat(concat_ws(' ', value ->> 'title', value ->> 'publisher', value ->> 'quote'), ' ')
                  FROM json_each(evidence)))
FROM updates;

DROP TRIGGER instruments_search_insert;
DROP TRIGGER instruments_search_update;
DROP TRIGGER commitments_search_insert;
DROP TRIGGER commitments_search_update;
DROP TRIGGER milestones_search_insert;
DROP TRIGGER milestones_search_update;
DROP TRIGGER updates_search_insert;

CREATE TRIGGER instruments_search_insert AFTER INSERT ON instruments
WHEN (SELECT deferred FROM search_deferred) = 0
BEGIN
    INSERT INTO search_index (rowid, kind, owner, title, body)
    SELECT rowid, kind, owner, title, body FROM search_text_instruments WHERE seq = NEW.seq;
END;

CREATE TRIGGER instruments_search_update AFTER UPDATE OF title, summary, parties ON instruments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4;
    INSERT INTO search_index (rowid, kind, owner, title, body)
    SELECT rowid, kind, owner, title, body FROM search_text_instruments WHERE seq = NEW.seq;
END;

CREATE TRIGGER commitments_search_insert AFTER INSERT ON commitments
WHEN (SELECT deferred FROM search_deferred) = 0
BEGIN
    INSERT INTO search_index (rowid, kind, owner, title, body)
    SELECT rowid, kind, owner, title, body FROM search_text_commitments WHERE seq = NEW.seq;
END;

CREATE TRIGGER commitments_search_update AFTER UPDATE OF ref, title, text, lead, supporting, themes ON commitments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 1;
    INSERT INTO search_index (rowid, kind, owner, title, body)
    SELECT rowid, kind, owner, title, body FROM search_text_commitments WHERE seq = NEW.seq;
END;

CREATE TRIGGER milestones_search_insert AFTER INSERT ON milestones
WHEN (SELECT deferred FROM search_deferred) = 0
BEGIN
    INSERT INTO search_index (rowid, kind, owner, title, body)
    SELECT rowid, kind, owner, title, body FROM search_text_milestones WHERE seq = NEW.seq;
END;

CREATE TRIGGER milestones_search_update AFTER UPDATE OF title ON milestones
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 2;
    INSERT INTO search_index (rowid, kind, owner, title, body)
    SELECT rowid, kind, owner, title, body FROM search_text_milestones WHERE seq = NEW.seq;
END;

CREATE TRIGGER updates_search_insert AFTER INSERT ON updates
WHEN (SELECT deferred FROM search_deferred) = 0
BEGIN
    INSERT INTO search_index (rowid, kind, owner, title, body)
    SELECT rowid, kind, owner, title, body FROM search_text_updates WHERE seq = NEW.seq;
END;

-- Lists and roll-ups derive every milestone's state from a few columns of all updates:
-- an index holding exactly those columns answers that by one sequential read, without
-- visiting the table (its notes and evidence), and still finds a milestone's updates.
DROP INDEX updates_by_milestone;
CREATE INDEX updates_observed ON updates (milestone_id, as_of, status, due, recorded_at);
