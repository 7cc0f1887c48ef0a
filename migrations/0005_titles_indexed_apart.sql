-- Titles get a search index of their own.
--
-- Search ranks the objects whose title matches first, on their own (src/store/search.rs).
-- On the shared index that pass asks FTS5 for `{title} : (...)`, and FTS5 finds those rows
-- by reading the whole doclist of every word, which holds every update note with the
-- word too: at 100k milestones the pass took 19.6 ms of a 20 ms search, 8 ms of it
-- finding the 2,735 titles among the notes. The same query on a table of the titles alone
-- took 5.6 ms (measured on the same file). Updates have no title, so they are not in it.
--
-- `title_index` is contentless like `search_index` (0004) and numbers its rows the same
-- way (the owner's seq * 4 + kind), so a hit is read back alike. The triggers that keep
-- `search_index` keep it too; only derived data is added, built here from the views.
-- SQLite cannot add a statement to a trigger, so each one is dropped and created again
-- whole: its `search_index` statements are 0004's, unchanged, followed by the same for
-- `title_index`. Keeping the trigger names lets an import set both aside at once.

CREATE VIRTUAL TABLE title_index USING fts5 (
    title,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO title_index (rowid, title) SELECT rowid, title FROM search_text_instruments;
INSERT INTO title_index (rowid, title) SELECT rowid, title FROM search_text_commitments;
INSERT INTO title_index (rowid, title) SELECT rowid, title FROM search_text_milestones;

DROP TRIGGER instruments_search_insert;
DROP TRIGGER instruments_search_update;
DROP TRIGGER instruments_search_delete;
DROP TRIGGER commitments_search_insert;
DROP TRIGGER commitments_search_update;
DROP TRIGGER commitments_search_delete;
DROP TRIGGER milestones_search_insert;
DROP TRIGGER milestones_search_update;
DROP TRIGGER milestones_search_delete;

CREATE TRIGGER instruments_search_insert AFTER INSERT ON instruments
BEGIN
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_instruments WHERE seq = NEW.seq;
    INSERT INTO title_index (rowid, title)
    SELECT rowid, title FROM search_text_instruments WHERE seq = NEW.seq;
END;

CREATE TRIGGER instruments_search_update AFTER UPDATE OF title, summary, parties ON instruments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4;
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_instruments WHERE seq = NEW.seq;
    DELETE FROM title_index WHERE rowid = OLD.seq * 4;
    INSERT INTO title_index (rowid, title)
    SELECT rowid, title FROM search_text_instruments WHERE seq = NEW.seq;
END;

CREATE TRIGGER instruments_search_delete AFTER DELETE ON instruments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4;
    DELETE FROM title_index WHERE rowid = OLD.seq * 4;
END;

CREATE TRIGGER commitments_search_insert AFTER INSERT ON commitments
BEGIN
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_commitments WHERE seq = NEW.seq;
    INSERT INTO title_index (rowid, title)
    SELECT rowid, title FROM search_text_commitments WHERE seq = NEW.seq;
END;

CREATE TRIGGER commitments_search_update AFTER UPDATE OF ref, title, text, lead, supporting, themes ON commitments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 1;
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_commitments WHERE seq = NEW.seq;
    DELETE FROM title_index WHERE rowid = OLD.seq * 4 + 1;
    INSERT INTO title_index (rowid, title)
    SELECT rowid, title FROM search_text_commitments WHERE seq = NEW.seq;
END;

CREATE TRIGGER commitments_search_delete AFTER DELETE ON commitments
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 1;
    DELETE FROM title_index WHERE rowid = OLD.seq * 4 + 1;
END;

CREATE TRIGGER milestones_search_insert AFTER INSERT ON milestones
BEGIN
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_milestones WHERE seq = NEW.seq;
    INSERT INTO title_index (rowid, title)
    SELECT rowid, title FROM search_text_milestones WHERE seq = NEW.seq;
END;

CREATE TRIGGER milestones_search_update AFTER UPDATE OF title ON milestones
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 2;
    INSERT INTO search_index (rowid, title, body)
    SELECT rowid, title, body FROM search_text_milestones WHERE seq = NEW.seq;
    DELETE FROM title_index WHERE rowid = OLD.seq * 4 + 2;
    INSERT INTO title_index (rowid, title)
    SELECT rowid, title FROM search_text_milestones WHERE seq = NEW.seq;
END;

CREATE TRIGGER milestones_search_delete AFTER DELETE ON milestones
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.seq * 4 + 2;
    DELETE FROM title_index WHERE rowid = OLD.seq * 4 + 2;
END;
