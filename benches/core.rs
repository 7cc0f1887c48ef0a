//! Criterion benchmarks of the core on generated datasets, each beside its plain-SQLite
//! baseline where the performance issue names one. `make bench` runs them in full (20k and
//! 100k milestones); under `cargo test` each runs once on 1k milestones, so the benchmarked
//! code paths stay exercised without timing anything.

/// The allocator the app and the tool use, so the core is measured as they run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::time::Duration;

use accord::edit::{create_milestone, edit_milestone, set_archived, MilestoneInput};
use accord::generate::{document, Size};
use accord::model::EntityKind;
use accord::record::{record_update, EvidenceInput, UpdateInput};
use accord::snapshot::Snapshot;
use accord::store::search;
use accord::{views, Store};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use rusqlite::Connection;
use tempfile::TempDir;

const AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 27) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The dataset sizes: the in a benchmark run (or those listed in
/// `ACCORD_BENCH_SIZES`, e.g. `20000`), one small one under `cargo test`.
fn sizes() -> Vec<usize> {
    if let Ok(list) = std::env::var("ACCORD_BENCH_SIZES") {
        return list
            .split(',')
            .map(|n| n.trim().parse().expect("ACCORD_BENCH_SIZES lists numbers"))
            .collect();
    }
    if std::env::args().any(|a| a == "--bench") {
        vec![20_000, 100_000]
    } else {
        vec![1_000]
    }
}

fn label(milestones: usize) -> String {
    format!("{}k", milestones / 1000)
}

fn generated(milestones: usize) -> Vec<u8> {
    document(
        1,
        Size {
            milestones,
            updates_per_milestone: 3,
        },
    )
}

/// A database file holding a generated dataset.
struct Db {
    _dir: TempDir,
    store: Store,
}

fn database(milestones: usize) -> Db {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    accord::exchange::import_bytes(&mut store, &generated(milestones)).unwrap();
    Db { _dir: dir, store }
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    for n in sizes().into_iter().filter(|&n| n <= 20_000) {
        let file = generated(n);
        group.bench_function(BenchmarkId::from_parameter(label(n)), |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
                    (dir, store)
                },
                |(dir, mut store)| {
                    accord::exchange::import_bytes(&mut store, &file).unwrap();
                    (dir, store)
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// Every milestone with its derived fields, as `accord milestones --json` prints them,
/// and the dashboard's roll-up; against reading the same rows with a plain SELECT.
fn queries(c: &mut Criterion) {
    for n in sizes() {
        let mut db = database(n);
        let mut group = c.benchmark_group(format!("queries/{}", label(n)));
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(8));
        group.bench_function("milestones_json", |b| {
            b.iter(|| {
                // As `accord milestones` reads them (no commitment texts).
                let rows = db
                    .store
                    .read(|tx| accord::snapshot::milestone_rows_as_of(tx, AS_OF))
                    .unwrap();
                black_box(serde_json::to_string(&rows).unwrap())
            })
        });
        group.bench_function("plain_select_baseline", |b| {
            b.iter(|| black_box(plain_select(db.store.conn())))
        });
        group.bench_function("dashboard", |b| {
            b.iter(|| black_box(views::dashboard(db.store.conn(), AS_OF).unwrap()))
        });
        let all = views::MilestoneFilter::default();
        group.bench_function("timeline_all", |b| {
            b.iter(|| {
                let snapshot = db.store.read(|tx| Snapshot::load(tx, AS_OF)).unwrap();
                black_box(views::timeline(db.store.conn(), &snapshot, &all).unwrap())
            })
        });
        // The app's first call, with no snapshot kept (`views::timeline_in`): read straight
        // from the database, deriving only the milestones drawn.
        group.bench_function("timeline_all_direct", |b| {
            b.iter(|| black_box(views::timeline_direct(&mut db.store, AS_OF).unwrap()))
        });
        // As the app serves them: from the snapshot kept since the last call, when nothing
        // has written in between (moving between the dashboard and the timeline).
        group.bench_function("timeline_all_kept_snapshot", |b| {
            b.iter(|| {
                let snapshot = db.store.snapshot(AS_OF).unwrap();
                black_box(views::timeline(db.store.conn(), &snapshot, &all).unwrap())
            })
        });
        // The as-of date changed (the toolbar's date, alternately two): the kept snapshot
        // derives every state again from the observations it holds.
        let mut moves = 0u32;
        group.bench_function("timeline_all_other_as_of", |b| {
            b.iter(|| {
                moves += 1;
                let as_of = AS_OF - chrono::Days::new(u64::from(1 + moves % 2) * 30);
                let snapshot = db.store.snapshot(as_of).unwrap();
                black_box(views::timeline(db.store.conn(), &snapshot, &all).unwrap())
            })
        });
        // The instrument filter on the timeline, from the kept snapshot.
        let one = views::MilestoneFilter {
            instrument: vec!["gen1.i7".into()],
            ..Default::default()
        };
        group.bench_function("timeline_filtered_one_instrument_kept_snapshot", |b| {
            b.iter(|| {
                let snapshot = db.store.snapshot(AS_OF).unwrap();
                black_box(views::timeline(db.store.conn(), &snapshot, &one).unwrap())
            })
        });
        // The table's first page (300 rows), by the default column and by title.
        for (name, key) in [
            ("table_first_page_kept_snapshot", views::SortKey::CurrentDue),
            (
                "table_first_page_by_title_kept_snapshot",
                views::SortKey::Title,
            ),
        ] {
            let sort = views::MilestoneSort {
                key,
                dir: views::SortDir::Asc,
            };
            group.bench_function(name, |b| {
                b.iter(|| {
                    let snapshot = db.store.snapshot(AS_OF).unwrap();
                    black_box(
                        views::milestone_list(
                            db.store.conn(),
                            &snapshot,
                            &all,
                            sort,
                            views::TABLE_PAGE,
                        )
                        .unwrap(),
                    )
                })
            });
        }
        group.bench_function("dashboard_kept_snapshot", |b| {
            b.iter(|| {
                let snapshot = db.store.snapshot(AS_OF).unwrap();
                black_box(views::dashboard_from(db.store.conn(), &snapshot).unwrap())
            })
        });
        group.bench_function("timeline_one_instrument", |b| {
            b.iter(|| {
                black_box(views::instrument_detail(db.store.conn(), "gen1.i7", AS_OF).unwrap())
            })
        });
        group.bench_function("search", |b| {
            b.iter(|| {
                black_box(search::search(db.store.conn(), "security partnership", 100).unwrap())
            })
        });
        // The app's flow after a user records an update: the write (durable), then the
        // timeline asked again. Last in the group: it adds updates to the database.
        group.bench_function("record_then_timeline_all", |b| {
            b.iter(|| {
                record_update(&mut db.store, &bench_update(), AS_OF).unwrap();
                let snapshot = db.store.snapshot(AS_OF).unwrap();
                black_box(views::timeline(db.store.conn(), &snapshot, &all).unwrap())
            })
        });
        // The same after editing a milestone (its title, alternately two ways).
        let mut edits = 0u32;
        group.bench_function("edit_milestone_then_timeline_all", |b| {
            b.iter(|| {
                edits += 1;
                let input = MilestoneInput {
                    id: BENCH_MILESTONE.into(),
                    commitment_id: "gen1.i3.c2".into(),
                    title: format!("Benchmark milestone, edit {}", edits % 2),
                    ..Default::default()
                };
                edit_milestone(&mut db.store, BENCH_MILESTONE, &input).unwrap();
                let snapshot = db.store.snapshot(AS_OF).unwrap();
                black_box(views::timeline(db.store.conn(), &snapshot, &all).unwrap())
            })
        });
        // Archiving a milestone and restoring it, alternately: everything under its
        // instrument is read again into the kept snapshot.
        let mut archives = 0u32;
        group.bench_function("archive_then_timeline_all", |b| {
            b.iter(|| {
                archives += 1;
                let archived = archives % 2 == 1;
                set_archived(
                    &mut db.store,
                    EntityKind::Milestone,
                    BENCH_MILESTONE,
                    archived,
                )
                .unwrap();
                let snapshot = db.store.snapshot(AS_OF).unwrap();
                black_box(views::timeline(db.store.conn(), &snapshot, &all).unwrap())
            })
        });
        // Adding a milestone (a new one each time, so last: it grows the database).
        let mut added = 0u32;
        group.bench_function("add_milestone_then_timeline_all", |b| {
            b.iter(|| {
                added += 1;
                let input = MilestoneInput {
                    id: format!("bench.added{added}"),
                    commitment_id: "gen1.i3.c2".into(),
                    title: format!("Added by the benchmark, {added}"),
                    due: Some("2027-Q2".into()),
                    ..Default::default()
                };
                create_milestone(&mut db.store, &input).unwrap();
                let snapshot = db.store.snapshot(AS_OF).unwrap();
                black_box(views::timeline(db.store.conn(), &snapshot, &all).unwrap())
            })
        });
        group.finish();
    }
}

/// id, commitment, title, due, origin, kind.
type MilestoneColumns = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The milestones' own columns and their updates' status, read into memory: what any
/// program showing the same rows must at least do.
fn plain_select(conn: &Connection) -> usize {
    let mut stmt = conn
        .prepare_cached("SELECT id, commitment_id, title, due, origin, kind FROM milestones")
        .unwrap();
    let rows: Vec<MilestoneColumns> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut stmt = conn
        .prepare_cached("SELECT milestone_id, as_of, status FROM updates")
        .unwrap();
    let updates: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.len() + updates.len()
}

const BENCH_MILESTONE: &str = "gen1.i3.c2.m4";

/// The update the benchmarks record: progress on one milestone, with evidence.
fn bench_update() -> UpdateInput {
    UpdateInput {
        milestone_id: BENCH_MILESTONE.into(),
        status: "in_progress".into(),
        as_of: "2026-11-20".into(),
        note: "Benchmark: progress reported by the department.".into(),
        evidence: vec![EvidenceInput {
            url: "https://example.org/bench".into(),
            title: None,
        }],
        ..Default::default()
    }
}

/// Recording one update, durably (WAL, synchronous=FULL, a transaction with its checks,
/// FTS and history), against a bare INSERT with the same durability.
fn recording(c: &mut Criterion) {
    let n = sizes()[0];
    let mut db = database(n);
    let mut group = c.benchmark_group(format!("record/{}", label(n)));
    let milestone = BENCH_MILESTONE;
    group.bench_function("record_update", |b| {
        b.iter(|| black_box(record_update(&mut db.store, &bench_update(), AS_OF).unwrap()))
    });

    let dir = tempfile::tempdir().unwrap();
    let bare = Connection::open(dir.path().join("bare.sqlite3")).unwrap();
    bare.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
         CREATE TABLE updates(id TEXT PRIMARY KEY, milestone_id TEXT, as_of TEXT, status TEXT, note TEXT);",
    )
    .unwrap();
    let mut seq = 0u64;
    group.bench_function("bare_insert_baseline", |b| {
        b.iter(|| {
            seq += 1;
            bare.execute(
                "INSERT INTO updates VALUES (?1, ?2, '2026-11-20', 'in_progress', 'Benchmark')",
                (format!("u{seq}"), milestone),
            )
            .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, import, queries, recording);
criterion_main!(benches);
