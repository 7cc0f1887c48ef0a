//! PDF reports, read back with poppler-utils (pdftotext, pdfinfo, pdffonts) from reports of
//! a temporary database filled with the bundled dataset.
//!
//! Nothing here is skipped: without poppler-utils every test fails and says how to install
//! it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use accord::report::{render_pdf, Detail, ReportOptions};
use accord::{dataset, Store};
use chrono::NaiveDate;
use serde_json::Value;

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

/// A database file filled with the bundled dataset.
fn seeded(dir: &Path) -> PathBuf {
    let db = dir.join("report.sqlite3");
    let mut store = Store::open(&db).expect("open a new database");
    dataset::seed(&mut store).expect("load the bundled dataset");
    db
}

fn accord(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ACCORD_DB")
        .output()
        .expect("run accord")
}

/// Writes a report with the `accord` tool and returns the PDF's path.
fn report(db: &Path, name: &str, args: &[&str]) -> PathBuf {
    let pdf = db.with_file_name(name);
    let mut all = vec!["report", "-o", pdf.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = accord(db, &all);
    assert!(
        out.status.success(),
        "accord report {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

/// Runs a poppler-utils tool on `pdf` (with `args` before it and `after` after it),
/// failing with how to install it when it is missing.
fn poppler(tool: &str, args: &[&str], pdf: &Path, after: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(after)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {tool} ({e}): the report tests read PDFs back with poppler-utils; \
                 install it with `apt-get install poppler-utils` (or `make deps-core`)"
            )
        });
    assert!(
        out.status.success(),
        "{tool} could not read {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler prints UTF-8")
}

/// The PDF's text with every run of white space made one space, so words wrapped across
/// lines still match.
fn text(pdf: &Path) -> String {
    squash(&poppler("pdftotext", &["-enc", "UTF-8"], pdf, &["-"]))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without any white space, to compare text that lines may break anywhere (the PDF's
/// text gains a space where a line broke after a `/`).
fn bare(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A note's last 40 characters, white space left out: the bundled notes often share their
/// opening words.
fn tail(note: &str) -> String {
    let chars: Vec<char> = bare(note).chars().collect();
    chars[chars.len().saturating_sub(40)..].iter().collect()
}

fn urls(pdf: &Path) -> BTreeSet<String> {
    poppler("pdfinfo", &["-url"], pdf, &[])
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(2).map(str::to_string))
        .collect()
}

fn page_count(pdf: &Path) -> usize {
    poppler("pdfinfo", &[], pdf, &[])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

/// The bundled dataset's updates: (milestone id, as_of, note, evidence URLs).
fn bundled_updates() -> Vec<(String, String, String, Vec<String>)> {
    let data: Value = serde_json::from_str(dataset::BUNDLED).unwrap();
    let mut all = Vec::new();
    for i in data["instruments"].as_array().unwrap() {
        for c in i["commitments"].as_array().unwrap() {
            for m in c["milestones"].as_array().unwrap() {
                for u in m["updates"].as_array().unwrap() {
                    all.push((
                        m["id"].as_str().unwrap().to_string(),
                        u["as_of"].as_str().unwrap().to_string(),
                        u["note"].as_str().unwrap().to_string(),
                        u["evidence"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|e| e["url"].as_str().unwrap().to_string())
                            .collect(),
                    ));
                }
            }
        }
    }
    all
}

fn bundled_instrument_titles() -> Vec<String> {
    let data: Value = serde_json::from_str(dataset::BUNDLED).unwrap();
    data["instruments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn names_every_instrument_of_the_bundled_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = report(&db, "all.pdf", &["--as-of", "2026-11-27"]);
    let text = text(&pdf);
    for title in bundled_instrument_titles() {
        assert!(text.contains(&squash(&title)), "the report names {title:?}");
    }
}

#[test]
fn the_since_section_lists_the_updates_after_the_since_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = report(
        &db,
        "since.pdf",
        &["--as-of", "2026-11-27", "--since", "2025-12-31"],
    );
    let text = text(&pdf);
    // The heading's last occurrence (the first is in the contents) opens the section; the
    // timeline's heading closes it.
    let start = text
        .rfind("What changed since 31 December 2025")
        .expect("a what-changed section");
    let end = start
        + text[start..]
            .find(" Timeline ")
            .expect("the timeline follows");
    let section = &text[start..end];
    let in_window: Vec<_> = bundled_updates()
        .into_iter()
        .filter(|(_, as_of, ..)| as_of.as_str() > "2025-12-31" && as_of.as_str() <= "2026-11-27")
        .collect();
    assert!(in_window.len() >= 10, "the bundled data has 2026 updates");
    for (milestone, as_of, note, _) in &in_window {
        let entry = format!("{as_of} ");
        assert!(
            section.contains(&entry),
            "the section dates the {as_of} update"
        );
        assert!(
            section.contains(milestone.as_str()),
            "the section lists {milestone}'s update"
        );
        let ending = tail(note);
        assert!(
            bare(section).contains(&ending),
            "the section quotes the note {ending:?}"
        );
    }
    for (milestone, as_of, ..) in bundled_updates() {
        if as_of.as_str() <= "2025-12-31" && !in_window.iter().any(|(m, ..)| *m == milestone) {
            assert!(
                !section.contains(&format!("{milestone} ")),
                "{milestone} was updated only before the since date ({as_of})"
            );
        }
    }
}

#[test]
fn a_report_as_of_an_earlier_date_leaves_out_later_updates() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let early = report(&db, "early.pdf", &["--as-of", "2025-12-31"]);
    let late = report(&db, "late.pdf", &["--as-of", "2026-11-27"]);
    let updates = bundled_updates();
    let (before, after): (Vec<_>, Vec<_>) = updates
        .iter()
        .partition(|(_, as_of, ..)| as_of.as_str() <= "2025-12-31");
    let early_text = text(&early);
    let early_urls = urls(&early);
    let late_urls = urls(&late);
    let cited_before: BTreeSet<&String> = before.iter().flat_map(|u| &u.3).collect();
    for (milestone, as_of, note, evidence) in &after {
        let ending = tail(note);
        assert!(
            !before.iter().any(|u| bare(&u.2).contains(&ending)),
            "test data: {ending:?} is not also in an earlier note"
        );
        assert!(
            !bare(&early_text).contains(&ending),
            "the {as_of} update of {milestone} is not in a report as of 2025-12-31"
        );
        for url in evidence.iter().filter(|u| !cited_before.contains(u)) {
            assert!(
                !early_urls.contains(url),
                "{url} is cited only from {as_of}"
            );
            assert!(late_urls.contains(url), "{url} is cited as of 2026-11-27");
        }
    }
    let counted = format!("{} updates", before.len());
    assert!(early_text.contains(&counted), "the cover counts {counted}");
}

#[test]
fn every_page_says_page_n_of_m() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = report(&db, "pages.pdf", &["--as-of", "2026-11-27"]);
    let pages = page_count(&pdf);
    assert!(
        pages > 5,
        "the bundled data fills several pages, got {pages}"
    );
    let text = text(&pdf);
    for n in 1..=pages {
        assert!(
            text.contains(&format!("Page {n} of {pages}")),
            "page {n} is numbered"
        );
    }
}

#[test]
fn fonts_are_embedded_and_metadata_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = report(&db, "fonts.pdf", &["--as-of", "2026-11-27"]);
    let fonts = poppler("pdffonts", &[], &pdf, &[]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "the report uses fonts: {fonts}");
    for row in rows {
        // Columns: name, type (may hold spaces), encoding, emb, sub, uni, object, id.
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "every font is embedded: {row}");
    }
    let info = poppler("pdfinfo", &[], &pdf, &[]);
    assert!(
        info.contains("as of 27 November 2026"),
        "the title says the date: {info}"
    );
    assert!(
        info.contains("Nov 27"),
        "the PDF is dated by its as-of date: {info}"
    );
    assert!(
        info.contains("2026"),
        "the PDF is dated by its as-of date: {info}"
    );
}

#[test]
fn every_evidence_url_is_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = report(&db, "links.pdf", &["--as-of", "2026-11-27"]);
    let links = urls(&pdf);
    for (milestone, _, _, evidence) in bundled_updates() {
        for url in evidence {
            assert!(
                links.contains(&url),
                "{milestone}'s evidence {url} is clickable"
            );
        }
    }
}

#[test]
fn the_same_data_and_options_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let args = ["--as-of", "2026-11-27", "--since", "2025-12-31"];
    let first = std::fs::read(report(&db, "one.pdf", &args)).unwrap();
    let second = std::fs::read(report(&db, "two.pdf", &args)).unwrap();
    assert!(first == second, "two runs of the tool give identical files");

    // In one process too: the cached engine and its evicted memo cache leave no trace.
    let store = Store::open(&db).unwrap();
    let options = ReportOptions {
        as_of: date("2026-11-27"),
        since: Some(date("2025-12-31")),
        instruments: vec![],
        detail: Detail::Auto,
    };
    let a = render_pdf(store.conn(), &options).unwrap();
    let b = render_pdf(store.conn(), &options).unwrap();
    assert!(a == b, "two renders in one process are identical");
    assert!(a == first, "the library and the tool give the same file");
}

#[test]
fn a_chosen_instrument_limits_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = report(
        &db,
        "one.pdf",
        &[
            "--as-of",
            "2026-11-27",
            "--instrument",
            "uk-cohere-mou-2025",
        ],
    );
    let text = text(&pdf);
    assert!(
        text.contains("UK Government (DSIT) - Cohere MoU"),
        "the chosen instrument"
    );
    assert!(
        text.contains("1 of 10 instruments"),
        "the cover states the scope"
    );
    assert!(
        !text.contains("OpenAI strategic partnership"),
        "other instruments are left out"
    );
}

#[test]
fn user_text_is_printed_as_written_in_any_script() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let mut store = Store::open(&db).unwrap();
    let note = "#panic(\"x\") ] [ <script>alert(1)</script> $x^2$ *not bold* \
                Μνημόνιο συνεργασίας Меморандум о сотрудничестве";
    accord::record::record_update(
        &mut store,
        &accord::record::UpdateInput {
            milestone_id: "uk-cohere-c1.m1".into(),
            status: "stalled".into(),
            as_of: "2026-05-01".into(),
            note: note.into(),
            evidence: vec![accord::record::EvidenceInput {
                url: "https://example.org/evidence?a=1&b=2".into(),
                title: Some("#strong[Evidence] ]".into()),
            }],
            due: None,
            contested: true,
            author: None,
        },
        date("2026-11-27"),
    )
    .expect("record an update");
    drop(store);
    let pdf = report(&db, "text.pdf", &["--as-of", "2026-11-27"]);
    let text = text(&pdf);
    assert!(
        bare(&text).contains(&bare(note)),
        "the note is printed as written"
    );
    assert!(
        text.contains("#strong[Evidence] ]"),
        "the evidence title as written"
    );
    assert!(urls(&pdf).contains("https://example.org/evidence?a=1&b=2"));
}

#[test]
fn an_unknown_instrument_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = dir.path().join("nope.pdf");
    let out = accord(
        &db,
        &[
            "report",
            "-o",
            pdf.to_str().unwrap(),
            "--instrument",
            "no-such-thing",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "an unknown instrument fails");
    assert!(
        stderr.contains("--instrument"),
        "the error names the option: {stderr}"
    );
    assert!(stderr.contains("no-such-thing"), "and the id: {stderr}");
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    assert!(!pdf.exists(), "no file is written");
}

#[test]
fn an_unwritable_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    // A path below a plain file cannot be created, not even by root.
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let target = blocker.join("report.pdf");
    let out = accord(&db, &["report", "-o", target.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "writing below a file fails");
    assert!(
        stderr.contains("report.pdf"),
        "the error names the path: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
}

#[test]
fn a_since_date_after_the_as_of_date_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = dir.path().join("x.pdf");
    let out = accord(
        &db,
        &[
            "report",
            "-o",
            pdf.to_str().unwrap(),
            "--as-of",
            "2025-12-31",
            "--since",
            "2026-01-01",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("--since"),
        "the error names the option: {stderr}"
    );
    assert!(!pdf.exists());
}

/// Whether `text` names the id `id` (not merely a longer id that starts with it).
fn mentions(text: &str, id: &str) -> bool {
    let text = bare(text);
    text.match_indices(id).any(|(at, _)| {
        !text[at + id.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// A database file holding `milestones` generated milestones (as `make bench` generates).
fn generated(dir: &Path, milestones: usize) -> PathBuf {
    let db = dir.join("generated.sqlite3");
    let mut store = Store::open(&db).expect("open a new database");
    let file = accord::generate::document(
        1,
        accord::generate::Size {
            milestones,
            updates_per_milestone: 3,
        },
    );
    accord::exchange::import_bytes(&mut store, &file).expect("import the generated data");
    db
}

#[test]
fn a_summary_counts_everything_names_every_commitment_and_leaves_out_milestone_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = generated(dir.path(), 400);
    let args = ["--as-of", "2026-11-27", "--since", "2026-06-01"];
    let summary_pdf = report(
        &db,
        "summary.pdf",
        &[&args[..], &["--detail", "summary"]].concat(),
    );
    let full_pdf = report(
        &db,
        "full.pdf",
        &[&args[..], &["--detail", "full"]].concat(),
    );
    let (summary, full) = (text(&summary_pdf), text(&full_pdf));

    assert!(summary.contains("A summary. This report covers 400 milestones."));
    assert!(
        !full.contains("A summary."),
        "a full report does not say so"
    );
    assert!(full.contains("UPDATE HISTORY") && !summary.contains("UPDATE HISTORY"));

    // Every commitment is named in the summary (pdftotext's reading order of table cells
    // varies, so the row itself is not matched; the milestone check below shows rows are
    // per commitment).
    let status = accord(&db, &["status", "--json", "--as-of", "2026-11-27"]);
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    for instrument in status["instruments"].as_array().unwrap() {
        for commitment in instrument["commitments"].as_array().unwrap() {
            let title = commitment["title"].as_str().unwrap();
            assert!(summary.contains(title), "commitment {title:?} is named");
        }
    }
    // A milestone in no list (undated, never re-scheduled, not updated since June) is a
    // row of the full report only.
    let rows = accord(&db, &["milestones", "--json", "--as-of", "2026-11-27"]);
    let rows: Value = serde_json::from_slice(&rows.stdout).unwrap();
    let quiet = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["timeliness"] == "undated"
                && m["slip_days"].is_null()
                && m["last_as_of"].as_str().is_some_and(|d| d < "2026-06-01")
        })
        .expect("the generated data has a quiet milestone");
    let id = quiet["id"].as_str().unwrap();
    assert!(mentions(&full, id) && !mentions(&summary, id), "{id}");

    // The lists are cut to their first 50 rows and say how many more there are; their
    // titles count them all.
    let overdue = status["overall"]["timeliness"]["overdue"].as_u64().unwrap();
    assert!(
        overdue > 50,
        "the generated data has enough overdue milestones"
    );
    assert!(summary.contains(&format!("OVERDUE MILESTONES ({overdue} OF 400)")));
    assert!(summary.contains(&format!(
        "… and {} more milestones, not shown",
        overdue - 50
    )));
    assert!(!full.contains("more milestones, not shown"));

    // Sources cited only by the histories left out are not listed.
    assert!(urls(&summary_pdf).len() < urls(&full_pdf).len());
}

#[test]
fn an_automatic_report_summarises_above_two_thousand_milestones() {
    let dir = tempfile::tempdir().unwrap();
    let db = generated(dir.path(), 2_001);
    let pdf = text(&report(&db, "auto.pdf", &["--as-of", "2026-11-27"]));
    assert!(pdf.contains(
        "A summary. This report covers 2001 milestones, more than the 2000 shown in full detail."
    ));
}

#[test]
fn an_unknown_detail_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let out = accord(&db, &["report", "-o", "x.pdf", "--detail", "some"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--detail") && err.contains("summary"), "{err}");
}

/// The report's status colours are the app's (its light theme), so a reader holding the
/// PDF beside the app sees one key: the template's table and the stylesheet's custom
/// properties name the same nine colours.
#[test]
fn the_report_colours_statuses_as_the_app_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let css = std::fs::read_to_string(root.join("ui/src/styles/app.css")).unwrap();
    let light = &css[..css.find('}').expect("the stylesheet's first block")];
    let app: BTreeSet<(String, String)> = light
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--status-"))
        .filter_map(|rest| rest.split_once(':'))
        .map(|(name, value)| {
            let value = value.trim().trim_end_matches(';').to_lowercase();
            (name.replace('-', "_"), value)
        })
        .collect();
    let theme = std::fs::read_to_string(root.join("templates/theme.typ")).unwrap();
    let table = theme
        .split_once("#let status-colour = (")
        .and_then(|(_, rest)| rest.split_once("\n)"))
        .expect("the template's status-colour table")
        .0;
    let report: BTreeSet<(String, String)> = table
        .lines()
        .filter_map(|line| line.trim().split_once(": rgb(\""))
        .map(|(name, rest)| {
            let value = rest.trim_end_matches("\"),").to_lowercase();
            (name.to_string(), value)
        })
        .collect();
    assert_eq!(app.len(), 9, "the app's statuses: {app:?}");
    assert_eq!(report, app);
}
