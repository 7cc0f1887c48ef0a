//! Plain-text tables for the terminal.

use chrono::NaiveDate;

use crate::derive::Counts;
use crate::model::{MilestoneStatus, Timeliness};
use crate::snapshot::{MilestoneRow, Scoreboard};
use crate::store::search::Hit;

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Lays out rows in columns as wide as their widest cell (the last column is not padded).
fn columns(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let last = row.len() - 1;
        for (c, cell) in row.iter().enumerate() {
            if c == last {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        out.push('\n');
    }
    out
}

pub fn milestone_table(rows: &[MilestoneRow], as_of: NaiveDate) -> String {
    if rows.is_empty() {
        return format!("No milestones as of {as_of}. Import a file with `accord import FILE`.\n");
    }
    let mut table = vec![[
        "MILESTONE",
        "STATUS",
        "TIMELINESS",
        "DUE",
        "CURRENT DUE",
        "SLIP",
        "LAST UPDATE",
        "TITLE",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect::<Vec<_>>()];
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    for r in rows {
        table.push(vec![
            r.id.clone(),
            r.status.to_string(),
            format!("{}{}", r.timeliness, if r.stale { " (stale)" } else { "" }),
            opt(r.due.map(|d| d.to_string())),
            opt(r.current_due.map(|d| d.to_string())),
            opt(r.slip_days.map(|d| {
                if d > 0 {
                    format!("+{d}d")
                } else {
                    format!("{d}d")
                }
            })),
            opt(r.last_as_of.map(|d| d.to_string())),
            cut(&r.title, 60),
        ]);
    }
    format!(
        "{}\n{} milestones as of {as_of}\n",
        columns(&table),
        rows.len()
    )
}

fn count_lines(counts: &Counts, out: &mut String, indent: &str) {
    let total = counts.total;
    let mut rows = Vec::new();
    for s in MilestoneStatus::ALL {
        rows.push(vec![
            format!("{indent}{s}"),
            format!("{:>4} / {total}", counts.status(*s)),
        ]);
    }
    out.push_str(&format!("{indent}By status\n"));
    out.push_str(&columns(&rows));
    let mut rows = Vec::new();
    for t in Timeliness::ALL {
        rows.push(vec![
            format!("{indent}{t}"),
            format!("{:>4} / {total}", counts.timeliness(*t)),
        ]);
    }
    rows.push(vec![
        format!("{indent}stale (no update in 180 days)"),
        format!("{:>4} / {total}", counts.stale),
    ]);
    out.push_str(&format!("{indent}By timeliness\n"));
    out.push_str(&columns(&rows));
}

fn compact(counts: &Counts) -> String {
    let total = counts.total;
    let statuses: Vec<String> = MilestoneStatus::ALL
        .iter()
        .filter(|s| counts.status(**s) > 0)
        .map(|s| format!("{s} {}/{total}", counts.status(*s)))
        .collect();
    let timeliness: Vec<String> = Timeliness::ALL
        .iter()
        .filter(|t| counts.timeliness(**t) > 0)
        .map(|t| format!("{t} {}/{total}", counts.timeliness(*t)))
        .collect();
    format!(
        "    status:     {}\n    timeliness: {}\n    stale:      {}/{total}\n",
        statuses.join(", "),
        timeliness.join(", "),
        counts.stale
    )
}

pub fn scoreboard(board: &Scoreboard) -> String {
    let mut out = format!(
        "Accord scoreboard as of {}: {} milestones in {} instruments\n\n",
        board.as_of,
        board.overall.total,
        board.instruments.len()
    );
    count_lines(&board.overall, &mut out, "  ");
    out.push_str("\nPer instrument\n");
    for i in &board.instruments {
        out.push_str(&format!(
            "  {} — {} ({} milestones)\n",
            i.id,
            cut(&i.title, 70),
            i.counts.total
        ));
        if i.counts.total > 0 {
            out.push_str(&compact(&i.counts));
        }
    }
    out
}

pub fn search_hits(hits: &[Hit], query: &str) -> String {
    if hits.is_empty() {
        return format!("Nothing found for {query:?}.\n");
    }
    let mut table = vec![vec![
        "KIND".to_string(),
        "ID".to_string(),
        "TITLE".to_string(),
    ]];
    for h in hits {
        table.push(vec![h.kind.to_string(), h.id.clone(), cut(&h.title, 70)]);
    }
    format!("{}\n{} found\n", columns(&table), hits.len())
}
