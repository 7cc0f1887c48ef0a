//! Writes the JSON the UI's view tests answer their mocked commands with, computed by the
//! real core from the bundled dataset, so the tests never drift from what the shell sends.
//!
//! `cargo run -p accord-desktop --example ui_fixtures -- ui/tests/fixtures/generated`
//!
//! With a second argument N, the data is a generated dataset of N milestones instead
//! (`accord::generate`, seed 1) and only the list views are written (today, dashboard,
//! timeline, an empty search): what the timeline benchmark (`bench/timeline.mjs`) serves.
//!
//! The filtered views (the timeline's chart and the table's rows) depend on the filter, so
//! they are answered live rather than written: with `--serve` (and N for a generated
//! dataset) it reads one request per line on stdin, `{"cmd": "timeline", "args":
//! {"asOfDate": …, "filter": {…}}}` (or `milestone_list`, with `sort` and `limit` too), and writes one answer per line,
//! `{"ok": …}` or `{"error": "…"}`, computed by the real core from the same data. The view
//! tests' harness runs it beside the browser; `core.json` in the fixtures folder says
//! which data it is.
//!
//! Everything is derived as of one fixed date, so the files do not change with the clock.
//! It writes files and answers requests; it is not a test and checks nothing itself.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use accord::snapshot::Snapshot;
use accord::store::{commitments, instruments, search};
use accord::{dataset, views, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

/// The data every fixture and answer comes from: the bundled dataset, or N generated
/// milestones (seed 1).
fn open_data(dir: &Path, generated: Option<usize>) -> Store {
    let mut store = Store::open(&dir.join("fixtures.sqlite3")).expect("a new database opens");
    match generated {
        None => dataset::seed(&mut store).map(drop),
        Some(milestones) => {
            let size = accord::generate::Size {
                milestones,
                updates_per_milestone: 3,
            };
            accord::generate::import(&mut store, 1, size).map(drop)
        }
    }
    .expect("the dataset imports");
    store
}

fn fixed_date() -> NaiveDate {
    NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("AS_OF is a date")
}

#[derive(Deserialize)]
struct Request {
    cmd: String,
    #[serde(default)]
    args: Args,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Args {
    as_of_date: Option<NaiveDate>,
    #[serde(default)]
    filter: Option<views::MilestoneFilter>,
    #[serde(default)]
    sort: Option<views::MilestoneSort>,
    #[serde(default)]
    limit: Option<usize>,
}

/// One answer line: `{"ok": …}` or `{"error": "…"}`.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum Answer<T> {
    Ok(T),
    Error(String),
}

/// The answer's line, serialized straight from the view as the shell's commands are (not
/// through an intermediate `serde_json::Value`).
fn answer_line<T: Serialize>(result: Result<T, impl std::fmt::Display>) -> Vec<u8> {
    let answer = result.map_or_else(|e| Answer::Error(e.to_string()), Answer::Ok);
    let mut line = serde_json::to_vec(&answer).expect("view models serialise");
    line.push(b'\n');
    line
}

/// Answers the filtered views, one request per line, until stdin closes.
fn serve(mut store: Store) {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.expect("stdin reads");
        let answer = match serde_json::from_str::<Request>(&line) {
            Err(e) => answer_line::<()>(Err(format!("bad request: {e}"))),
            Ok(Request { cmd, args }) => {
                let as_of = args.as_of_date.unwrap_or_else(fixed_date);
                let filter = args.filter.unwrap_or_default();
                // As the app's commands answer them (src-tauri/src/commands/views.rs).
                match cmd.as_str() {
                    "timeline" => answer_line(views::timeline_in(&mut store, as_of, &filter)),
                    "milestone_list" => answer_line(store.snapshot(as_of).and_then(|snapshot| {
                        views::milestone_list(
                            store.conn(),
                            &snapshot,
                            &filter,
                            args.sort.unwrap_or_default(),
                            args.limit.unwrap_or(views::TABLE_PAGE),
                        )
                    })),
                    other => answer_line::<()>(Err(format!("unknown command {other}"))),
                }
            }
        };
        stdout.write_all(&answer).expect("stdout writes");
        stdout.flush().expect("stdout flushes");
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let serving = args.first().is_some_and(|a| a == "--serve");
    if serving {
        args.remove(0);
    }
    let number = |n: &String| -> usize { n.parse().expect("the number of milestones is a number") };
    let tmp = tempfile::tempdir().expect("a temporary folder");
    if serving {
        let generated = args.first().map(number);
        serve(open_data(tmp.path(), generated));
        return;
    }
    let out: PathBuf = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("ui/tests/fixtures/generated"));
    let generated: Option<usize> = args.get(1).map(number);
    std::fs::create_dir_all(&out).expect("the output folder can be created");
    let store = open_data(tmp.path(), generated);
    let as_of = fixed_date();
    let conn = store.conn();
    let snapshot = Snapshot::load(conn, as_of).expect("a snapshot loads");
    let timeline =
        views::timeline(conn, &snapshot, &views::MilestoneFilter::default()).expect("timeline");

    write(&out, "today.json", &AS_OF);
    write(
        &out,
        "core.json",
        &serde_json::json!({ "milestones": generated }),
    );
    if generated.is_some() {
        write(
            &out,
            "dashboard.json",
            &views::dashboard(conn, as_of).expect("dashboard"),
        );
        write(&out, "timeline.json", &timeline);
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
    // Every page, keyed by id, so any link the tests follow has an answer.
    let mut instruments = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    let mut milestones = BTreeMap::new();
    for i in instruments::list_instruments(conn).expect("instruments") {
        let page = views::instrument_detail(conn, &i.id, as_of).expect("instrument");
        instruments.insert(i.id, page);
    }
    for (_, _, c) in commitments::list_commitments(conn).expect("commitments") {
        let page = views::commitment_detail(conn, &c.id, as_of).expect("commitment");
        commitments.insert(c.id, page);
    }
    for (m, _) in &snapshot.milestones {
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
