//! A deterministic generator of exchange files for benchmarks, tests and demos: the same
//! seed and size always give the same bytes. The mix imitates real trackers: most
//! milestones undated or dated to a quarter or a year, a few re-scheduled, statuses that
//! progress over time, notes from a line to a few paragraphs, and every status change
//! cited, so each file passes the evidence rule.

use std::io::{self, Write};

use serde_json::{json, Value};

/// The size of a generated file.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub milestones: usize,
    /// Average updates per milestone (each milestone gets between 0 and twice this).
    pub updates_per_milestone: usize,
}

/// SplitMix64: small, fast and good enough to spread choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }
}

const WORDS: &[&str] = &[
    "government",
    "department",
    "announced",
    "programme",
    "funding",
    "compute",
    "data",
    "centre",
    "security",
    "institute",
    "partnership",
    "evaluation",
    "model",
    "capacity",
    "skills",
    "pilot",
    "procurement",
    "published",
    "guidance",
    "consultation",
    "delivery",
    "milestone",
    "report",
    "growth",
    "zone",
    "investment",
    "research",
    "access",
    "public",
    "services",
    "statement",
    "minister",
    "confirmed",
    "delayed",
    "progress",
    "review",
    "framework",
    "regulation",
    "plan",
];

const THEMES: &[&str] = &[
    "compute",
    "skills",
    "safety-security",
    "public-sector",
    "research",
    "investment",
    "regulation",
];
const PARTIES: &[&str] = &[
    "DSIT",
    "HM Treasury",
    "Cabinet Office",
    "AI Security Institute",
    "UKRI",
    "Example Labs",
    "Northwind AI",
];

fn words(rng: &mut Rng, min: u64, max: u64) -> String {
    let n = min + rng.below(max - min + 1);
    let mut text = String::new();
    for i in 0..n {
        if i > 0 {
            text.push(' ');
        }
        let word: &&str = rng.pick(WORDS);
        text.push_str(word);
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => text,
    }
}

fn partial_date(rng: &mut Rng) -> Value {
    let year = 2024 + rng.below(7);
    match rng.below(100) {
        0..=29 => Value::Null,
        30..=44 => json!(format!("{year}")),
        45..=54 => json!(format!("{year}-H{}", 1 + rng.below(2))),
        55..=74 => json!(format!("{year}-Q{}", 1 + rng.below(4))),
        75..=89 => json!(format!("{year}-{:02}", 1 + rng.below(12))),
        _ => json!(format!(
            "{year}-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        )),
    }
}

/// Days from 2024-01-01 to `LAST_DAY`, the latest `as_of` a generated update gets.
const SPAN_DAYS: u64 = 1_061;
const FIRST_DAY: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(day) => day,
    None => panic!("a valid date"),
};

fn updates(rng: &mut Rng, count: usize) -> Vec<Value> {
    let mut day = rng.below(SPAN_DAYS / 2);
    let mut status = "not_started";
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        day = (day + 1 + rng.below(SPAN_DAYS / (count as u64 + 1))).min(SPAN_DAYS);
        let previous = status;
        status = match (status, rng.below(10)) {
            (_, 0) if i > 0 => previous,
            ("not_started", _) => {
                *rng.pick(&["in_progress", "in_progress", "not_started", "unclear"])
            }
            ("in_progress", n) if n < 4 => "in_progress",
            ("in_progress", _) => *rng.pick(&["done", "stalled", "partly_done", "in_progress"]),
            ("stalled", _) => *rng.pick(&["in_progress", "missed", "stalled", "withdrawn"]),
            ("unclear", _) => *rng.pick(&["in_progress", "unclear"]),
            (final_status, _) => final_status,
        };
        let rescheduled = rng.chance(8);
        let changes = i == 0 || status != previous || rescheduled;
        let evidence: Vec<Value> = if changes || rng.chance(50) {
            (0..1 + rng.below(2))
                .map(|n| json!({ "url": format!("https://example.org/source/{}/{n}", rng.below(1_000_000)), "title": words(rng, 3, 8), "publisher": null, "published": null, "quote": null }))
                .collect()
        } else {
            Vec::new()
        };
        let as_of = FIRST_DAY + chrono::Days::new(day);
        let note_len = *rng.pick(&[(3, 10), (8, 25), (20, 45), (40, 80)]);
        out.push(json!({
            "id": rng.uuid(),
            "as_of": as_of.to_string(),
            "status": status,
            "note": words(rng, note_len.0, note_len.1),
            "evidence": evidence,
            "due": if rescheduled { json!(format!("{}-Q{}", 2026 + rng.below(4), 1 + rng.below(4))) } else { Value::Null },
            "contested": rng.chance(3),
            "author": "generator",
            "recorded_at": format!("{as_of}T12:00:00Z"),
        }));
    }
    out
}

/// Writes a generated exchange file of `size` to `out`, instrument by instrument, so even
/// the largest sizes need little memory.
pub fn write_document(out: &mut impl Write, seed: u64, size: Size) -> io::Result<()> {
    let mut rng = Rng(seed);
    let per_commitment = 10;
    let per_instrument = 10 * per_commitment;
    let instruments = size.milestones.div_ceil(per_instrument).max(1);
    out.write_all(b"{\"format\":\"accord/1\",\"instruments\":[")?;
    let mut made = 0;
    for i in 0..instruments {
        let mut commitments = Vec::new();
        let mut c = 0;
        while made < size.milestones && commitments.len() < per_instrument / per_commitment {
            let milestones: Vec<Value> = (0..per_commitment.min(size.milestones - made))
                .map(|m| {
                    let count = rng.below(2 * size.updates_per_milestone as u64 + 1) as usize;
                    json!({
                        "id": format!("gen{seed}.i{i}.c{c}.m{m}"),
                        "title": words(&mut rng, 3, 10),
                        "due": partial_date(&mut rng),
                        "origin": *rng.pick(&["stated", "derived"]),
                        "kind": *rng.pick(&["output", "output", "outcome"]),
                        "updates": updates(&mut rng, count),
                    })
                })
                .collect();
            made += milestones.len();
            commitments.push(json!({
                "id": format!("gen{seed}.i{i}.c{c}"),
                "ref": format!("Section {}", c + 1),
                "title": words(&mut rng, 4, 12),
                "text": words(&mut rng, 20, 80),
                "themes": [*rng.pick(THEMES)],
                "lead": *rng.pick(PARTIES),
                "supporting": [*rng.pick(PARTIES)],
                "milestones": milestones,
            }));
            c += 1;
        }
        let instrument = json!({
            "id": format!("gen{seed}.i{i}"),
            "title": format!("Generated instrument {i}: {}", words(&mut rng, 3, 6)),
            "kind": *rng.pick(&["mou", "agreement", "action_plan", "pledge", "declaration", "law", "other"]),
            "binding": *rng.pick(&["binding", "non_binding", "unknown"]),
            "parties": [{ "name": *rng.pick(PARTIES), "role": "government" }, { "name": *rng.pick(PARTIES), "role": "company" }],
            "signed": format!("{}-{:02}", 2023 + rng.below(3), 1 + rng.below(12)),
            "summary": words(&mut rng, 20, 60),
            "sources": [{ "url": format!("https://example.org/instrument/{i}"), "title": null, "publisher": null, "published": null, "quote": null }],
            "commitments": commitments,
        });
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &instrument)?;
    }
    out.write_all(b"]}\n")
}

/// A generated file as bytes.
pub fn document(seed: u64, size: Size) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_document(&mut bytes, seed, size).expect("writing to memory does not fail");
    bytes
}

/// Imports a generated file of `size` (with `seed`) into `store`, all of it or nothing: how
/// the tests and the UI's fixtures fill a database with generated data.
pub fn import(
    store: &mut crate::store::Store,
    seed: u64,
    size: Size,
) -> crate::Result<crate::exchange::ImportSummary> {
    crate::exchange::import_bytes(store, &document(seed, size))
}

/// For the library's own tests (the integration tests' fixture has its own, as a library's
/// `cfg(test)` items are not theirs): a new database file holding `milestones` generated
/// milestones (with `seed`), about `updates` updates each.
#[cfg(test)]
pub(crate) fn generated_store(
    seed: u64,
    milestones: usize,
    updates: usize,
) -> (tempfile::TempDir, crate::store::Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::store::Store::open(&dir.path().join("generated.sqlite3")).unwrap();
    let size = Size {
        milestones,
        updates_per_milestone: updates,
    };
    import(&mut store, seed, size).unwrap();
    (dir, store)
}
