-- Accord schema 1: instruments -> commitments -> milestones -> append-only updates,
-- a change log of edits, and a full-text index kept in step by triggers.

CREATE TABLE instruments (
    seq      INTEGER PRIMARY KEY,
    id       TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind     TEXT NOT NULL CHECK (kind IN ('mou', 'agreement', 'action_plan', 'declaration', 'pledge', 'law', 'other')),
    binding  TEXT NOT NULL CHECK (binding IN ('binding', 'non_binding', 'unknown')),
    parties  TEXT NOT NULL CHECK (json_valid(parties) AND json_array_length(parties) > 0),
    signed   TEXT,
    summary  TEXT,
    sources  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sources)),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);

CREATE TABLE commitments (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    instrument_id TEXT NOT NULL REFERENCES instruments (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
    position      INTEGER NOT NULL,
    ref           TEXT,
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    text          TEXT,
    themes        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(themes)),
    lead          TEXT,
    supporting    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(supporting)),
    archived      INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
CREATE INDEX commitments_by_instrument ON commitments (instrument_id, position);

CREATE TABLE milestones (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    commitment_id TEXT NOT NULL REFERENCES commitments (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    due           TEXT,
    origin        TEXT NOT NULL DEFAULT 'stated' CHECK (origin IN ('stated', 'derived')),
    kind          TEXT NOT NULL DEFAULT 'output' CHECK (kind IN ('output', 'outcome')),
    archived      INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
CREATE INDEX milestones_by_commitment ON milestones (commitment_id, position);

-- Updates are observations: once recorded they are never changed or removed.
CREATE TABLE updates (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    milestone_id TEXT NOT NULL REFERENCES milestones (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
    as_of        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'stalled', 'done', 'partly_done', 'missed', 'withdrawn', 'unclear')),
    note         TEXT NOT NULL CHECK (length(trim(note)) > 0),
    evidence     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
    due          TEXT,
    contested    INTEGER CHECK (contested IN (0, 1)),
    author       TEXT,
    recorded_at  TEXT
);
CREATE INDEX updates_by_milestone ON updates (milestone_id, as_of);
CREATE INDEX updates_by_as_of ON updates (as_of);

CREATE TRIGGER updates_are_append_only_update BEFORE UPDATE ON updates
BEGIN
    SELECT RAISE(ABORT, 'updates are append-only: record a new update instead of changing one');
END;

CREATE TRIGGER updates_are_append_only_delete BEFORE DELETE ON updates
BEGIN
    SELECT RAISE(ABORT, 'updates are append-only: an update cannot be deleted');
END;

-- One id names one object, whatever its kind.
CREATE TRIGGER instrument_id_is_unique BEFORE INSERT ON instruments
WHEN EXISTS (SELECT 1 FROM commitments WHERE id = NEW.id) OR EXISTS (SELECT 1 FROM milestones WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'this id is already used by a commitment or milestone');
END;

CREATE TRIGGER commitment_id_is_unique BEFORE INSERT ON commitments
WHEN EXISTS (SELECT 1 FROM instruments WHERE id = NEW.id) OR EXISTS (SELECT 1 FROM milestones WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'this id is already used by an instrument or milestone');
END;

CREATE TRIGGER milestone_id_is_unique BEFORE INSERT ON milestones
WHEN EXISTS (SELECT 1 FROM instruments WHERE id = NEW.id) OR EXISTS (SELECT 1 FROM commitments WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'this id is already used by an instrument or commitment');
END;

-- Every edit, archive and deletion of an instrument, commitment or milestone, with the
-- value before and after, so nothing a user typed is silently lost.
CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    entity_kind TEXT NOT NULL CHECK (entity_kind IN ('instrument', 'commitment', 'milestone')),
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    origin      TEXT NOT NULL CHECK (origin IN ('edit', 'import'))
);
CREATE INDEX change_log_by_entity ON change_log (entity_id, seq);

-- Full-text search. rowid = owner's seq * 4 + kind (0 instrument, 1 commitment,
-- 2 milestone, 3 update), so a row is found again without scanning.
CREATE VIRTUAL TABLE search_index USING fts5 (
    kind UNINDEXED,
    owner UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER instruments_search_insert AFTER INSERT ON instruments
BEGIN
    INSERT INTO search_index (rowid, kind, owner, title, body)
    VALUES (NEW.seq * 4, 'instrument', NEW.id, NEW.title,
            concat_ws(' ', NEW.summary, (SELECT group_concat(value ->> 'name', ' ') FROM json_each(NEW.parties))));
END;

CREATE TRIGGER instruments_search_update AFTER UPDATE OF title, summary, parties ON instruments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4;
    INSERT INTO search_index (rowid, kind, owner, title, body)
    VALUES (NEW.seq * 4, 'instrument', NEW.id, NEW.title,
            concat_ws(' ', NEW.summary, (SELECT group_concat(value ->> 'name', ' ') FROM json_each(NEW.parties))));
END;

CREATE TRIGGER instruments_search_delete AFTER DELETE ON instruments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4;
END;

CREATE TRIGGER commitments_search_insert AFTER INSERT ON commitments
BEGIN
    INSERT INTO search_index (rowid, kind, owner, title, body)
    VALUES (NEW.seq * 4 + 1, 'commitment', NEW.id, NEW.title,
            concat_ws(' ', NEW.ref, NEW.text, NEW.lead,
                      (SELECT group_concat(value, ' ') FROM json_each(NEW.supporting)),
                      (SELECT group_concat(value, ' ') FROM json_each(NEW.themes))));
END;

CREATE TRIGGER commitments_search_update AFTER UPDATE OF ref, title, text, lead, supporting, themes ON commitments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 1;
    INSERT INTO search_index (rowid, kind, owner, title, body)
    VALUES (NEW.seq * 4 + 1, 'commitment', NEW.id, NEW.title,
            concat_ws(' ', NEW.ref, NEW.text, NEW.lead,
                      (SELECT group_concat(value, ' ') FROM json_each(NEW.supporting)),
                      (SELECT group_concat(value, ' ') FROM json_each(NEW.themes))));
END;

CREATE TRIGGER commitments_search_delete AFTER DELETE ON commitments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 1;
END;

CREATE TRIGGER milestones_search_insert AFTER INSERT ON milestones
BEGIN
    INSERT INTO search_index (rowid, kind, owner, title, body)
    VALUES (NEW.seq * 4 + 2, 'milestone', NEW.id, NEW.title, '');
END;

CREATE TRIGGER milestones_search_update AFTER UPDATE OF title ON milestones
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 2;
    INSERT INTO search_index (rowid, kind, owner, title, body)
    VALUES (NEW.seq * 4 + 2, 'milestone', NEW.id, NEW.title, '');
END;

CREATE TRIGGER milestones_search_delete AFTER DELETE ON milestones
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 2;
END;

CREATE TRIGGER updates_search_insert AFTER INSERT ON updates
BEGIN
    INSERT INTO search_index (rowid, kind, owner, title, body)
    VALUES (NEW.seq * 4 + 3, 'update', NEW.milestone_id, '',
            concat_ws(' ', NEW.note, NEW.author,
                      (SELECT group_concat(concat_ws(' ', value ->> 'title', value ->> 'publisher', value ->> 'quote'), ' ')
                       FROM json_each(NEW.evidence))));
END;
