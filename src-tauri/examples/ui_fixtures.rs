//! Writes the JSON the UI's view tests answer their mocked commands with, computed by the
//! real core from the bundled dataset, so the tests never drift from what the shell sends.
//!
//! `cargo run -p accord-desktop --example ui_fixtures -- ui/tests/fixtures/generated`
//!
//! With a second argument N, the data is a generated dataset of N milestones instead
//! (`accord::generate`, seed 1) and only the list views are written (today, dashboard,
//! timeline, an empty search): what the timeline benchmark (`bench/timeline.mjs`) serves.
//!
//! Everything is derived as of one fixed date, so the files do not change with the clock.
//! It writes files only; it is not a test and checks nothing itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use accord::store::search;
use accord::{dataset, views, Store};
use chrono::NaiveDate;
use serde::Serialize;

/// The date every fixture is derived as of (the view tests' "today").
const AS_OF: &str = "2026-11-27";

/// Queries whose search results the tests use (the timeline's and the search page's).
const QUERIES: &[&str] = &["GPU", "supercomputer", "nothing-matches-this"];

fn write(dir: &Path, name: &str, value: &impl Serialize) {
    let text = serde_json::to_string_pretty(value).expect("view models serialise");
    let path = dir.join(name);
    std::fs::write(&path, text + "\n")
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn main() {
    let out: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("ui/tests/fixtures/generated"));
    let generated: Option<usize> = std::env::args().nth(2).map(|n| {
        n.parse()
            .expect("the second argument is a number of milestones")
    });
    std::fs::create_dir_all(&out).expect("the output folder can be created");

    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut store =
        Store::open(&tmp.path().join("fixtures.sqlite3")).expect("a new database opens");
    match generated {
        None => dataset::seed(&mut store).map(drop),
        Some(milestones) => {
            let size = accord::generate::Size {
                milestones,
                updates_per_milestone: 3,
            };
            accord::exchange::import_bytes(&mut store, &accord::generate::document(1, size))
                .map(drop)
        }
    }
    .expect("the dataset imports");
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("AS_OF is a date");
    let conn = store.conn();

    write(&out, "today.json", &AS_OF);
    if generated.is_some() {
        write(
            &out,
            "dashboard.json",
            &views::dashboard(conn, as_of).expect("dashboard"),
        );
        write(
            &out,
            "timeline.json",
            &views::timeline(conn, as_of).expect("timeline"),
        );
        for name in [
            "instruments.json",
            "commitments.json",
            "milestones.json",
            "search.json",
        ] {
            write(&out, name, &BTreeMap::<String, ()>::new());
        }
        eprintln!(
            "ui fixtures for {} generated milestones written to {}",
            generated.unwrap_or(0),
            out.display()
        );
        return;
    }
    write(
        &out,
        "dashboard.json",
        &views::dashboard(conn, as_of).expect("dashboard"),
    );
    let timeline = views::timeline(conn, as_of).expect("timeline");

    // Every page, keyed by id, so any link the tests follow has an answer.
    let mut instruments = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    let mut milestones = BTreeMap::new();
    for lane in &timeline.instruments {
        instruments.insert(
            lane.id.clone(),
            views::instrument_detail(conn, &lane.id, as_of).expect("instrument"),
        );
        for c in &lane.commitments {
            commitments.insert(
                c.id.clone(),
                views::commitment_detail(conn, &c.id, as_of).expect("commitment"),
            );
        }
    }
    for m in &timeline.milestones {
        milestones.insert(
            m.id.clone(),
            views::milestone_detail(conn, &m.id, as_of).expect("milestone"),
        );
    }
    write(&out, "timeline.json", &timeline);
    write(&out, "instruments.json", &instruments);
    write(&out, "commitments.json", &commitments);
    write(&out, "milestones.json", &milestones);

    let mut searches = BTreeMap::new();
    for q in QUERIES {
        searches.insert(q.to_string(), search::search(conn, q, 100).expect("search"));
    }
    write(&out, "search.json", &searches);
    eprintln!("ui fixtures written to {}", out.display());
}
