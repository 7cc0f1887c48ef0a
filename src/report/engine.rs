//! Typesetting: turns the report's data (JSON) into PDF bytes with Typst, used as a library.
//!
//! Everything Typst needs is compiled into the binary: the template (`templates/*.typ`)
//! and the Inter font family (`templates/fonts/`, SIL Open Font Licence), which covers
//! Latin, Greek and Cyrillic. No package is ever downloaded and no system font is read, so
//! a report looks the same on every machine. This module knows nothing of milestones: the
//! data arrives already shaped by `report::data`.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Smart};
use typst_as_lib::{TypstAsLibError, TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::error::{Error, Result};

/// The layout: cover, summary, changes, per-instrument detail and sources.
const TEMPLATE: &str = include_str!("../../templates/report.typ");

/// What the main template imports: the colours and labels, and the timeline chart.
const IMPORTED: [(&str, &str); 2] = [
    ("theme.typ", include_str!("../../templates/theme.typ")),
    ("timeline.typ", include_str!("../../templates/timeline.typ")),
];

const FONTS: [&[u8]; 4] = [
    include_bytes!("../../templates/fonts/Inter-Regular.otf"),
    include_bytes!("../../templates/fonts/Inter-Italic.otf"),
    include_bytes!("../../templates/fonts/Inter-SemiBold.otf"),
    include_bytes!("../../templates/fonts/Inter-Bold.otf"),
];

/// Parsing the fonts and the template takes longer than a small report, so a long-running
/// app builds the engine once and reuses it for every export.
fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .main_file(("report.typ", TEMPLATE))
            .with_static_source_file_resolver(IMPORTED)
            .fonts(FONTS)
            // Eviction is done below, once the PDF is written, not between the two steps.
            .comemo_evict_max_age(None)
            .build()
    })
}

/// Typesets `data` (the JSON the template reads as `sys.inputs.data`) into a PDF whose
/// metadata date is `dated`. The same input gives the same bytes.
pub fn typeset(data: Vec<u8>, dated: NaiveDate) -> Result<Vec<u8>> {
    let result = compile_and_export(data, dated);
    // Typst memoises layout work in a process-wide cache; without this every export would
    // leave its pages behind in memory for the life of the app.
    typst::comemo::evict(0);
    result
}

fn compile_and_export(data: Vec<u8>, dated: NaiveDate) -> Result<Vec<u8>> {
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Bytes::new(data).into_value());
    let document: PagedDocument =
        engine()
            .compile_with_input(inputs)
            .output
            .map_err(|e| match e {
                TypstAsLibError::TypstSource(diagnostics) => refused(&diagnostics),
                other => Error::Refused(format!("the report could not be typeset: {other}")),
            })?;
    let options = PdfOptions {
        creator: Smart::Custom(Some(format!("Accord {}", env!("CARGO_PKG_VERSION")))),
        timestamp: pdf_date(dated).map(Timestamp::new_utc),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|diagnostics| refused(&diagnostics))
}

fn pdf_date(date: NaiveDate) -> Option<Datetime> {
    Datetime::from_ymd(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}

/// Typst's errors, in words: they point at the template (a bug in Accord), never at the
/// user's data, which the template only ever reads as values.
fn refused(diagnostics: &[SourceDiagnostic]) -> Error {
    let mut text = String::from("the report could not be typeset (a bug in Accord's template):");
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        text.push_str("\n  - ");
        text.push_str(&d.message);
        for hint in &d.hints {
            text.push_str(" (hint: ");
            text.push_str(&hint.v);
            text.push(')');
        }
    }
    Error::Refused(text)
}
