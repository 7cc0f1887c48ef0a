//! Nothing acknowledged is ever lost: writers killed with SIGKILL at random moments leave
//! a whole database holding every update they had reported, an import killed midway is
//! either all in or not at all, and two processes writing at once lose nothing.
//!
//! The writers are this test binary itself, re-run with an environment variable that
//! turns an ignored test into the child's loop.

mod fixture;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use accord::record::{record_update, EvidenceInput, UpdateInput};
use accord::Store;

const CHILD_DB: &str = "ACCORD_CRASH_DB";
const CHILD_FILE: &str = "ACCORD_CRASH_IMPORT";

/// A small deterministic generator, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn spawn_child(test: &str, env: &[(&str, &Path)]) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        test,
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn the child writer")
}

/// Reads the ids a child printed, in a thread, so the parent can kill it at any moment.
fn collect_ids(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(id) = line.strip_prefix("RECORDED ") {
                let _ = tx.send(id.to_string());
            }
        }
    });
    rx
}

fn integrity(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// The child: records updates on one milestone as fast as it can, printing each id only
/// after `record_update` has returned (that is, after the commit).
#[test]
#[ignore = "run by the crash tests as a child process"]
fn child_writer() {
    let Some(path) = std::env::var_os(CHILD_DB) else {
        return;
    };
    let mut store = Store::open(Path::new(&path)).unwrap();
    let today = accord::date::today();
    for n in 0.. {
        let input = UpdateInput {
            milestone_id: "uk-openai-c1.m1".into(),
            status: "in_progress".into(),
            as_of: today.to_string(),
            note: format!("crash test note {n} from {}", std::process::id()),
            evidence: vec![EvidenceInput {
                url: "https://example.org/crash".into(),
                title: None,
            }],
            ..Default::default()
        };
        let update = record_update(&mut store, &input, today).unwrap();
        println!("RECORDED {}", update.id);
    }
}

/// The child: imports a whole file once.
#[test]
#[ignore = "run by the crash tests as a child process"]
fn child_importer() {
    let (Some(db), Some(file)) = (std::env::var_os(CHILD_DB), std::env::var_os(CHILD_FILE)) else {
        return;
    };
    let mut store = Store::open(Path::new(&db)).unwrap();
    let bytes = std::fs::read(file).unwrap();
    accord::exchange::import_bytes(&mut store, &bytes).unwrap();
    println!("RECORDED import");
}

#[test]
fn writers_killed_at_random_lose_no_acknowledged_update() {
    let (dir, store) = fixture::seeded_store();
    drop(store);
    let db = dir.path().join("test.sqlite3");
    let mut rng = Lcg(0x5eed);
    let mut acknowledged = Vec::new();
    for _ in 0..25 {
        let mut child = spawn_child("child_writer", &[(CHILD_DB, &db)]);
        let ids = collect_ids(&mut child);
        std::thread::sleep(Duration::from_millis(20 + rng.next(180)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Give the reader thread a moment to pass on what the child printed before dying.
        std::thread::sleep(Duration::from_millis(20));
        acknowledged.extend(ids.try_iter());
        assert_eq!(integrity(&db), "ok", "the database is whole after a kill");
    }
    assert!(
        !acknowledged.is_empty(),
        "the children recorded something: {}",
        acknowledged.len()
    );
    let store = Store::open(&db).unwrap();
    for id in &acknowledged {
        assert!(
            accord::store::updates::get_update(store.conn(), id)
                .unwrap()
                .is_some(),
            "update {id} was acknowledged, so it must survive the kill"
        );
    }
}

#[test]
fn an_import_killed_midway_is_all_in_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    let doc = fixture::generated_document(1000, 3);
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    // Time one import to the end, then kill others at random points within that time.
    let timed = dir.path().join("timed.sqlite3");
    let start = Instant::now();
    let status = spawn_child("child_importer", &[(CHILD_DB, &timed), (CHILD_FILE, &file)])
        .wait()
        .unwrap();
    assert!(status.success());
    let span = start.elapsed().as_millis() as u64;
    let mut rng = Lcg(0xfeed);
    let (mut whole, mut none) = (0, 0);
    for cycle in 0..16 {
        let db = dir.path().join(format!("db{cycle}.sqlite3"));
        // Into an empty file an import goes through a rollback journal; into one that
        // holds something (here an instrument without milestones), through the WAL.
        let mut store = Store::open(&db).unwrap();
        if cycle % 2 == 1 {
            fixture::import(&mut store, &fixture::document(vec![])).unwrap();
        }
        drop(store);
        let mut child = spawn_child("child_importer", &[(CHILD_DB, &db), (CHILD_FILE, &file)]);
        std::thread::sleep(Duration::from_millis(rng.next(span + 1)));
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(integrity(&db), "ok");
        let store = Store::open(&db).unwrap();
        match fixture::count(&store, "milestones") {
            0 => {
                assert_eq!(fixture::count(&store, "updates"), 0);
                none += 1;
            }
            1000 => {
                assert_eq!(fixture::count(&store, "updates"), 3000);
                whole += 1;
            }
            partial => panic!("a killed import left {partial} of 1000 milestones"),
        }
    }
    eprintln!(
        "killed imports ({span} ms each): {whole} complete, {none} not started or rolled back"
    );
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let (dir, store) = fixture::seeded_store();
    drop(store);
    let db = dir.path().join("test.sqlite3");
    let mut children: Vec<(Child, mpsc::Receiver<String>)> = (0..2)
        .map(|_| {
            let mut child = spawn_child("child_writer", &[(CHILD_DB, &db)]);
            let ids = collect_ids(&mut child);
            (child, ids)
        })
        .collect();
    // Meanwhile this process writes too, like the app beside the CLI.
    let mut store = Store::open(&db).unwrap();
    let today = accord::date::today();
    let mut mine = Vec::new();
    // Write for a while, and at least until every child has written (slow machines start
    // them late), with a cap so a broken child cannot hang the test.
    let start = Instant::now();
    let mut theirs: Vec<Vec<String>> = vec![Vec::new(); children.len()];
    while start.elapsed() < Duration::from_millis(1500)
        || (theirs.iter().any(Vec::is_empty) && start.elapsed() < Duration::from_secs(30))
    {
        for ((_, ids), got) in children.iter().zip(theirs.iter_mut()) {
            got.extend(ids.try_iter());
        }
        let input = UpdateInput {
            milestone_id: "uk-openai-c1.m2".into(),
            status: "in_progress".into(),
            as_of: today.to_string(),
            note: "written beside the children".into(),
            ..Default::default()
        };
        match record_update(&mut store, &input, today) {
            Ok(update) => mine.push(update.id),
            Err(e) => panic!("no write fails while others write: {e}"),
        }
    }
    for ((child, ids), got) in children.iter_mut().zip(theirs.iter_mut()) {
        child.kill().unwrap();
        child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        got.extend(ids.try_iter());
    }
    assert!(
        !mine.is_empty() && theirs.iter().all(|t| !t.is_empty()),
        "everyone wrote: {} here, {:?} in the children",
        mine.len(),
        theirs.iter().map(Vec::len).collect::<Vec<_>>()
    );
    let theirs: Vec<String> = theirs.concat();
    for id in mine.iter().chain(&theirs) {
        assert!(
            accord::store::updates::get_update(store.conn(), id)
                .unwrap()
                .is_some(),
            "{id} lost"
        );
    }
    assert_eq!(integrity(&db), "ok");
}
