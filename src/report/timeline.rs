//! The timeline chart's geometry: one lane per commitment with a dated milestone, each
//! milestone placed at its (current) due period, and the report's date marked.
//!
//! Positions are fractions of the chart's width (0 at its left edge, 1 at its right), so
//! the template only scales them; it never does date arithmetic. The chart spans whole
//! calendar years, from the earliest to the latest date shown, the report's date included.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::data::InScope;
use crate::date::PartialDate;
use crate::model::{MilestoneStatus, Timeliness};

/// Above this many years, the axis marks every second (third…) year only.
const MAX_MARKED_YEARS: i32 = 10;

/// Up to this many years, quarters get faint grid lines.
const MAX_YEARS_WITH_QUARTERS: i32 = 6;

/// A lane's label (reference and title) fits two lines of the chart's label column; longer
/// titles are shortened, since every lane has the same height. The full title is in the
/// detailed section.
const MAX_LABEL_CHARS: usize = 74;

#[derive(Debug, Serialize)]
pub(super) struct Timeline {
    years: Vec<YearSpan>,
    quarters: Vec<f64>,
    as_of: f64,
    groups: Vec<LaneGroup>,
    /// Commitments with no dated milestone, which have no lane.
    undrawn_commitments: usize,
    /// Milestones with no due date, which cannot be placed.
    undated_milestones: usize,
}

/// A stretch of the axis from one marked year to the next.
#[derive(Debug, Serialize)]
struct YearSpan {
    x0: f64,
    x1: f64,
    label: String,
    /// Where the label goes: over the middle of its own year.
    label_x: f64,
}

#[derive(Debug, Serialize)]
struct LaneGroup {
    instrument: String,
    lanes: Vec<Lane>,
}

#[derive(Debug, Serialize)]
struct Lane {
    id: String,
    #[serde(rename = "ref")]
    reference: Option<String>,
    title: String,
    marks: Vec<Mark>,
}

#[derive(Debug, Serialize)]
struct Mark {
    id: String,
    status: MilestoneStatus,
    overdue: bool,
    at: Span,
    /// Where the milestone was first due, when it has been re-scheduled.
    was: Option<Span>,
}

/// A due period on the chart: a bar from `x0` to `x1`, or a point at `x0` for a single day.
#[derive(Debug, Clone, Copy, Serialize)]
struct Span {
    x0: f64,
    x1: f64,
    point: bool,
}

/// Maps dates to fractions of the chart's width.
struct Axis {
    start: NaiveDate,
    days: f64,
}

impl Axis {
    fn x(&self, date: NaiveDate) -> f64 {
        // Rounded so the JSON (and so the PDF) does not depend on float printing details.
        let x = (date - self.start).num_days() as f64 / self.days;
        (x * 100_000.0).round() / 100_000.0
    }

    fn span(&self, period: PartialDate) -> Span {
        let after_end = period.end().succ_opt().unwrap_or(period.end());
        Span {
            x0: self.x(period.start()),
            x1: self.x(after_end),
            point: period.is_day(),
        }
    }
}

/// Cuts `text` at a word boundary to at most `max` characters, marking the cut with "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let kept = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", kept.trim_end_matches([' ', ',', ';', ':', '-']))
}

fn jan_1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

pub(super) fn timeline(scope: &InScope<'_>) -> Timeline {
    let as_of = scope.snapshot.as_of;
    let mut first = as_of;
    let mut last = as_of;
    for (m, state) in &scope.milestones {
        for period in [m.due, state.current_due].into_iter().flatten() {
            first = first.min(period.start());
            last = last.max(period.end());
        }
    }
    let (first_year, last_year) = (first.year(), last.year());
    let axis = Axis {
        start: jan_1(first_year),
        days: (jan_1(last_year + 1) - jan_1(first_year)).num_days() as f64,
    };
    let year_count = last_year - first_year + 1;
    // Over a long span, one mark every few years, so labels and grid lines stay apart.
    let step = (year_count + MAX_MARKED_YEARS - 1) / MAX_MARKED_YEARS;
    let years = (first_year..=last_year)
        .step_by(step as usize)
        .map(|y| YearSpan {
            x0: axis.x(jan_1(y)),
            x1: axis.x(jan_1((y + step).min(last_year + 1))),
            label: y.to_string(),
            label_x: (axis.x(jan_1(y)) + axis.x(jan_1(y + 1))) / 2.0,
        })
        .collect();
    let quarters = if year_count <= MAX_YEARS_WITH_QUARTERS {
        (first_year..=last_year)
            .flat_map(|y| [4, 7, 10].map(|month| NaiveDate::from_ymd_opt(y, month, 1)))
            .flatten()
            .map(|d| axis.x(d))
            .collect()
    } else {
        Vec::new()
    };

    let mut groups = Vec::new();
    let mut undrawn_commitments = 0;
    for instrument in &scope.instruments {
        let mut lanes = Vec::new();
        for commitment in scope.commitments_of(&instrument.id) {
            let marks: Vec<Mark> = scope
                .milestones_of(&commitment.id)
                .filter_map(|(m, state)| {
                    let current = state.current_due?;
                    Some(Mark {
                        id: m.id.clone(),
                        status: state.status,
                        overdue: state.timeliness == Timeliness::Overdue,
                        at: axis.span(current),
                        was: m.due.filter(|due| *due != current).map(|d| axis.span(d)),
                    })
                })
                .collect();
            if marks.is_empty() {
                undrawn_commitments += 1;
                continue;
            }
            let reference = commitment.reference.as_ref();
            let room =
                MAX_LABEL_CHARS.saturating_sub(reference.map_or(0, |r| r.chars().count() + 1));
            lanes.push(Lane {
                id: commitment.id.clone(),
                reference: commitment.reference.clone(),
                title: shorten(&commitment.title, room),
                marks,
            });
        }
        if !lanes.is_empty() {
            groups.push(LaneGroup {
                instrument: instrument.title.clone(),
                lanes,
            });
        }
    }
    Timeline {
        years,
        quarters,
        as_of: axis.x(as_of),
        groups,
        undrawn_commitments,
        undated_milestones: scope
            .milestones
            .iter()
            .filter(|(_, s)| s.current_due.is_none())
            .count(),
    }
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn long_labels_are_cut_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 12), "one two…");
    }
}
