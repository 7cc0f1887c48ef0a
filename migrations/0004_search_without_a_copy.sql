-- A search index that keeps no copy of the text it indexes.
--
-- The index of schema 1 stored every row's title and body again beside its index: at 20k
-- milestones 25 MB of a 86 MB file, written by every import (0.2 s of a 1.5 s import of
-- 20k milestones, measured on the same rows with and without the copy). The text is
-- still at hand in the `search_text_*` views (migrations 0002, 0003), so the index is now
-- contentless: FTS5 keeps only the words and their positions, the passage shown under a
-- hit is cut from the view's text by the store (src/store/snippet.rs), and a hit's kind and
-- owner come from its rowid (the owner's seq * 4 + kind). `contentless_delete` lets the
-- triggers take a row out when its title or text is edited or it is deleted.
--
-- Only derived data is dropped here: the index is rebuilt from the tables in this
-- migration's transaction.

DROP TRIGGER instruments_search_insert;
DROP TRIGGER instruments_search_update;
DROP TRIGGER commitments_search_insert;
DROP TRIGGER commitments_search_update;
DROP TRIGGER milestones_search_insert;
DROP TRIGGER milestones_search_update;
DROP TRIGGER updates_search_insert;
DROP TABLE search_index;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search_index (rowid, title, body) SELECT rowid, title, body FROM search_text_instruments;
INSERT INTO search_index (rowid, title, body) SELECT rowid, title, body FROM search_text_commitments;
INSERT INTO search_index (rowid, title, body) SELECT rowid, title, body FROM search_text_milestones;
INSERT INTO search_index (rowid, title, body) SELECT rowid, title, body FROM search_text_updates;

CREATE TRIGGER instruments_search_insert AFTER INSERT ON instruments
BEGIN
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_instruments WHERE seq = NEW.seq;
END;

CREATE TRIGGER instruments_search_update AFTER UPDATE OF title, summary, parties ON instruments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4;
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_instruments WHERE seq = NEW.seq;
END;

CREATE TRIGGER commitments_search_insert AFTER INSERT ON commitments
BEGIN
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_commitments WHERE seq = NEW.seq;
END;

CREATE TRIGGER commitments_search_update AFTER UPDATE OF ref, title, text, lead, supporting, themes ON commitments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 1;
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_commitments WHERE seq = NEW.seq;
END;

CREATE TRIGGER milestones_search_insert AFTER INSERT ON milestones
BEGIN
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_milestones WHERE seq = NEW.seq;
END;

CREATE TRIGGER milestones_search_update AFTER UPDATE OF title ON milestones
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 2;
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_milestones WHERE seq = NEW.seq;
END;

CREATE TRIGGER updates_search_insert AFTER INSERT ON updates
BEGIN
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_updates WHERE seq = NEW.seq;
END;
