//! The `accord` command-line tool: argument parsing and the commands, each a thin call
//! into the core. Results go to stdout, errors to stderr in plain words, with a non-zero
//! exit; no input makes it panic.

mod json_list;
mod render;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::dataset;
use crate::error::{Error, Result};
use crate::exchange::{self, ExportScope};
use crate::record::{self, EvidenceInput, UpdateInput};
use crate::report;
use crate::snapshot;
use crate::store::{search, Store};
use crate::{date, validate};

#[derive(Parser, Debug)]
#[command(
    name = "accord",
    version,
    about = "Follow what governments and AI companies promised, and whether they delivered.",
    after_help = "Without --db, Accord uses its default database ($ACCORD_DB, or accord/accord.sqlite3 in \
                  your data folder), which starts with the bundled UK dataset."
)]
pub struct Cli {
    /// The database file to use; a new file starts empty.
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Import an exchange-format file (or - for standard input); all of it or nothing.
    Import {
        /// The file to import, or - to read standard input.
        file: String,
    },
    /// Export everything as an exchange file (json) or a milestone table (csv).
    Export {
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// For csv: the date the table is as of (default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// For json: only this instrument (repeatable).
        #[arg(long = "instrument", value_name = "ID")]
        instruments: Vec<String>,
    },
    /// Record an update on a milestone; prints the new update's id.
    Update {
        milestone_id: String,
        /// not_started, in_progress, stalled, done, partly_done, missed, withdrawn or unclear.
        #[arg(long)]
        status: String,
        /// The date the observation is about (YYYY-MM-DD, not after today).
        #[arg(long, value_name = "DATE")]
        as_of: String,
        /// What happened, in words.
        #[arg(long)]
        note: String,
        /// An http(s) address of the evidence (repeatable).
        #[arg(long, value_name = "URL")]
        evidence: Vec<String>,
        /// A new due date: the milestone was re-scheduled (e.g. 2026-Q3).
        #[arg(long, value_name = "PARTIAL_DATE")]
        due: Option<String>,
        /// Mark the assessment as disputed.
        #[arg(long)]
        contested: bool,
        /// Who recorded it.
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
    /// List milestones with their status, due dates, slip and timeliness.
    Milestones {
        /// Show the state as of this date (YYYY-MM-DD, default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The scoreboard: counts per status and timeliness, overall and per instrument.
    Status {
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Search titles, texts, notes and parties.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Load the bundled UK dataset into the database (merging; safe to repeat).
    Seed,
    /// Copy the database to FILE with SQLite's online backup (safe while it is in use).
    Backup { file: PathBuf },
    /// Write a PDF report: the state as of a date and, with --since, what changed.
    Report {
        /// The PDF file to write.
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
        /// Show the state on this day (YYYY-MM-DD, default today); also the report's date.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Also list what changed after this day, up to --as-of (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only this instrument (repeatable); all of them by default.
        #[arg(long = "instrument", value_name = "ID")]
        instruments: Vec<String>,
        /// Every milestone in detail, or a summary; `auto` summarises above 2,000
        /// milestones.
        #[arg(long, value_enum, default_value_t = report::Detail::Auto)]
        detail: report::Detail,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

/// Runs the tool with the process's arguments and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("accord: internal error: {info}\nThis is a bug in Accord; nothing was changed by the failed step.");
    }));
    let cli = Cli::parse();
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("accord: {e}");
            ExitCode::FAILURE
        }
        Err(_) => ExitCode::from(101),
    }
}

fn open(db: Option<&Path>) -> Result<Store> {
    match db {
        Some(path) => Store::open(path),
        None => dataset::open_default(),
    }
}

fn as_of_arg(name: &str, value: Option<&str>) -> Result<NaiveDate> {
    match value {
        None => Ok(date::today()),
        Some(text) => validate::full_date(text.trim()).map_err(|m| Error::invalid(name, m)),
    }
}

/// Writes to stdout; a closed pipe (`accord milestones | head`) is not an error.
fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    stdout_written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Prints `value` as indented JSON and a newline, streamed: 100k milestones are 36 MB of
/// text, which need not be held in memory first.
fn emit_json<T: serde::Serialize>(value: &T) -> Result<()> {
    emit_json_with(|out| serde_json::to_writer_pretty(out, value).map_err(std::io::Error::from))
}

/// Prints a list as [`emit_json`] does, written on two cores ([`json_list`]).
fn emit_json_list<T: serde::Serialize + Sync>(rows: &[T]) -> Result<()> {
    emit_json_with(|out| json_list::write_pretty_list(rows, out))
}

fn emit_json_with(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    stdout_written(
        write(&mut out)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush()),
    )
}

/// A reader that closed the pipe early (`accord milestones --json | head`) is not an error.
fn stdout_written(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: PathBuf::from("<standard output>"),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Writes `text` to `path` through a temporary file in the same folder, so a failed write
/// never leaves half a file.
pub fn write_file_atomically(path: &Path, text: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("output", "expected a file name, got a folder"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = dir.join(temp_name);
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(io)
}

fn run(cli: Cli) -> Result<()> {
    let db = cli.db.as_deref();
    match cli.command {
        Command::Import { file } => {
            let bytes = if file == "-" {
                exchange::read_limited(
                    std::io::stdin().lock(),
                    "<standard input>",
                    exchange::MAX_FILE_BYTES,
                )?
            } else {
                exchange::read_import(Path::new(&file))?
            };
            let mut store = open(db)?;
            let summary = exchange::import_bytes(&mut store, &bytes)?;
            let note = if summary.is_noop() {
                " (nothing new)"
            } else {
                ""
            };
            emit(&format!("Imported {file}{note}:\n{summary}\n"))
        }
        Command::Export {
            format,
            output,
            as_of,
            instruments,
        } => {
            let store = open(db)?;
            let text = match format {
                Format::Json => {
                    if as_of.is_some() {
                        return Err(Error::invalid(
                            "--as-of",
                            "applies to --format csv only; a JSON export holds the whole history",
                        ));
                    }
                    for id in &instruments {
                        if crate::store::instruments::get_instrument(store.conn(), id)?.is_none() {
                            return Err(Error::invalid(
                                "--instrument",
                                format!("there is no instrument with id {id:?}"),
                            ));
                        }
                    }
                    exchange::export_json(store.conn(), &ExportScope { instruments })?
                }
                Format::Csv => {
                    let as_of = as_of_arg("--as-of", as_of.as_deref())?;
                    exchange::csv::export_csv(store.conn(), as_of)?
                }
            };
            match output {
                Some(path) => write_file_atomically(&path, text.as_bytes()),
                None => emit(&text),
            }
        }
        Command::Update {
            milestone_id,
            status,
            as_of,
            note,
            evidence,
            due,
            contested,
            author,
        } => {
            let mut store = open(db)?;
            let input = UpdateInput {
                milestone_id,
                status,
                as_of,
                note,
                evidence: evidence
                    .into_iter()
                    .map(|url| EvidenceInput { url, title: None })
                    .collect(),
                due,
                contested,
                author,
            };
            let update = record::record_update(&mut store, &input, date::today())
                .map_err(cli_field_names)?;
            emit(&format!("{}\n", update.id))
        }
        Command::Milestones { as_of, json } => {
            let as_of = as_of_arg("--as-of", as_of.as_deref())?;
            let mut store = open(db)?;
            store.reading_once()?;
            let rows = store.read(|tx| snapshot::milestone_rows_as_of(tx, as_of))?;
            if json {
                emit_json_list(&rows)
            } else {
                emit(&render::milestone_table(&rows, as_of))
            }
        }
        Command::Status { as_of, json } => {
            let as_of = as_of_arg("--as-of", as_of.as_deref())?;
            let mut store = open(db)?;
            store.reading_once()?;
            let board = store.read(|tx| snapshot::scoreboard_as_of(tx, as_of))?;
            if json {
                emit_json(&board)
            } else {
                emit(&render::scoreboard(&board))
            }
        }
        Command::Search { query, json } => {
            let store = open(db)?;
            let hits = search::search(store.conn(), &query, 200)?;
            if json {
                emit_json(&hits)
            } else {
                emit(&render::search_hits(&hits, &query))
            }
        }
        Command::Seed => {
            let mut store = open(db)?;
            let summary = dataset::seed(&mut store)?;
            emit(&format!("Bundled dataset loaded:\n{summary}\n"))
        }
        Command::Backup { file } => {
            if file.exists() {
                return Err(Error::invalid(
                    "FILE",
                    format!("{} already exists; choose a new file", file.display()),
                ));
            }
            let store = open(db)?;
            store.backup_to(&file)?;
            emit(&format!("Backed up to {}\n", file.display()))
        }
        Command::Report {
            output,
            as_of,
            since,
            instruments,
            detail,
        } => {
            let options = report::ReportOptions {
                as_of: as_of_arg("--as-of", as_of.as_deref())?,
                since: since
                    .map(|text| as_of_arg("--since", Some(&text)))
                    .transpose()?,
                instruments,
                detail,
            };
            let mut store = open(db)?;
            let pdf = store
                .read(|tx| report::render_pdf(tx, &options))
                .map_err(cli_field_names)?;
            write_file_atomically(&output, &pdf).map_err(|e| match e {
                Error::Io { path, source } => Error::Refused(format!(
                    "cannot write the report to {}: {source}",
                    path.display()
                )),
                other => other,
            })?;
            emit(&format!("Report written to {}\n", output.display()))
        }
    }
}

/// Names form fields as the command line spells them (`as_of` → `--as-of`).
fn cli_field_names(error: Error) -> Error {
    match error {
        Error::Invalid(errors) => Error::Invalid(
            errors
                .into_iter()
                .map(|mut e| {
                    let (head, tail) = match e.path.find(['[', '.']) {
                        Some(i) => e.path.split_at(i),
                        None => (e.path.as_str(), ""),
                    };
                    e.path = match head {
                        "milestone_id" => "MILESTONE_ID".to_string(),
                        "" => String::new(),
                        other => format!("--{}{tail}", other.replace('_', "-")),
                    };
                    e
                })
                .collect(),
        ),
        other => other,
    }
}
