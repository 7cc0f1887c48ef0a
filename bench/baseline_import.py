#!/usr/bin/env python3
"""The import baseline: the simplest loader of an exchange file, Python's json and
sqlite3 putting the same rows into plain tables in one transaction, with the same
durability settings as Accord (WAL, synchronous=FULL). No validation, no merging, no
search index, no history: what Accord's import must beat by at least 2x.

Usage: baseline_import.py FILE.json NEW_DB
"""
import json
import sqlite3
import sys

SCHEMA = """
CREATE TABLE instruments(id TEXT PRIMARY KEY, title TEXT, kind TEXT, binding TEXT,
  signed TEXT, summary TEXT);
CREATE TABLE parties(instrument_id TEXT, name TEXT, role TEXT);
CREATE TABLE sources(owner_id TEXT, url TEXT, title TEXT, publisher TEXT,
  published TEXT, quote TEXT);
CREATE TABLE commitments(id TEXT PRIMARY KEY, instrument_id TEXT, ref TEXT, title TEXT,
  text TEXT, themes TEXT, lead TEXT, supporting TEXT);
CREATE TABLE milestones(id TEXT PRIMARY KEY, commitment_id TEXT, title TEXT, due TEXT,
  origin TEXT, kind TEXT);
CREATE TABLE updates(id TEXT PRIMARY KEY, milestone_id TEXT, as_of TEXT, status TEXT,
  note TEXT, due TEXT, contested INTEGER, author TEXT, recorded_at TEXT);
"""


def source_rows(owner, sources):
    return [(owner, s["url"], s.get("title"), s.get("publisher"), s.get("published"),
             s.get("quote")) for s in sources or []]


def main():
    path, db = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        doc = json.load(f)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.executescript(SCHEMA)
    rows = {name: [] for name in
            ("instruments", "parties", "sources", "commitments", "milestones", "updates")}
    for i in doc["instruments"]:
        rows["instruments"].append((i["id"], i["title"], i["kind"], i["binding"],
                                    i.get("signed"), i.get("summary")))
        rows["parties"] += [(i["id"], p["name"], p["role"]) for p in i["parties"]]
        rows["sources"] += source_rows(i["id"], i.get("sources"))
        for c in i.get("commitments") or []:
            rows["commitments"].append((c["id"], i["id"], c.get("ref"), c["title"],
                                        c.get("text"), json.dumps(c.get("themes") or []),
                                        c.get("lead"), json.dumps(c.get("supporting") or [])))
            for m in c.get("milestones") or []:
                rows["milestones"].append((m["id"], c["id"], m["title"], m.get("due"),
                                           m.get("origin"), m.get("kind")))
                for u in m.get("updates") or []:
                    rows["updates"].append((u["id"], m["id"], u["as_of"], u["status"],
                                            u["note"], u.get("due"), u.get("contested"),
                                            u.get("author"), u.get("recorded_at")))
                    rows["sources"] += source_rows(u["id"], u.get("evidence"))
    conn.execute("BEGIN")
    for name, values in rows.items():
        if values:
            marks = ",".join("?" * len(values[0]))
            conn.executemany(f"INSERT INTO {name} VALUES ({marks})", values)
    conn.execute("COMMIT")
    conn.close()
    print(" ".join(f"{name}={len(values)}" for name, values in rows.items()))


if __name__ == "__main__":
    main()
