//! The dashboard's answer: the scoreboard's counts per instrument, without the per-commitment
//! counts it does not show, and attention lists cut to the rows it draws with their totals.

mod fixture;

use accord::snapshot::Snapshot;
use accord::views;
use chrono::NaiveDate;
use fixture::*;

#[test]
fn the_dashboard_sends_each_instruments_counts_and_not_its_commitments() {
    let (_dir, store) = seeded_store();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let dashboard = views::dashboard(store.conn(), as_of).unwrap();
    let board = Snapshot::load(store.conn(), as_of).unwrap().scoreboard();
    assert!(
        board.instruments.len() > 5,
        "the bundled data has instruments"
    );
    assert_eq!(dashboard.instruments.len(), board.instruments.len());
    for (sent, full) in dashboard.instruments.iter().zip(&board.instruments) {
        assert_eq!(sent.id, full.id, "in the scoreboard's order");
        assert_eq!(sent.counts, full.counts, "{}", full.id);
    }
    assert_eq!(dashboard.overall, board.overall);
    let json = serde_json::to_value(&dashboard).unwrap();
    assert!(json["instruments"][0].get("commitments").is_none());
}

/// Each attention list counts every milestone it holds and sends only its first rows:
/// those a sort of them all puts first (most overdue, soonest due, longest silent with the
/// never-assessed last; ties in the hierarchy's order).
#[test]
fn an_attention_list_counts_every_row_and_sends_those_a_full_sort_puts_first() {
    use accord::derive::MilestoneState;
    use accord::model::{Milestone, MilestoneStatus, Timeliness};
    let (_dir, store) = generated_store(4, 2_000, 2);
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let dashboard = views::dashboard(store.conn(), as_of).unwrap();
    let snapshot = Snapshot::load(store.conn(), as_of).unwrap();
    let first = |keep: &dyn Fn(&MilestoneState) -> bool,
                 key: &dyn Fn(&MilestoneState) -> (bool, Option<NaiveDate>)| {
        let mut all: Vec<&(Milestone, MilestoneState)> = snapshot
            .milestones
            .iter()
            .filter(|(_, s)| keep(s))
            .collect();
        // Stable: ties keep the hierarchy's order.
        all.sort_by_key(|(_, s)| key(s));
        let ids: Vec<String> = all
            .iter()
            .take(views::ATTENTION_SHOWN)
            .map(|(m, _)| m.id.clone())
            .collect();
        (all.len(), ids)
    };
    let sent = |list: &views::Attention| {
        let ids = list.first.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        (list.total as usize, ids)
    };
    let end = |s: &MilestoneState| (false, s.current_due.map(|d| d.end()));
    let overdue = first(&|s| s.timeliness == Timeliness::Overdue, &end);
    let due_soon = first(&|s| s.timeliness == Timeliness::DueSoon, &end);
    let stale = first(&|s| s.stale, &|s| {
        (s.status == MilestoneStatus::Unassessed, s.last_as_of)
    });
    for (name, expected) in [
        ("overdue", &overdue),
        ("due soon", &due_soon),
        ("stale", &stale),
    ] {
        assert!(
            expected.0 > views::ATTENTION_SHOWN,
            "{name}: the data overflows the list ({})",
            expected.0
        );
    }
    assert_eq!(sent(&dashboard.overdue), overdue);
    assert_eq!(sent(&dashboard.due_soon), due_soon);
    assert_eq!(sent(&dashboard.stale), stale);
}
