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

#[test]
fn an_attention_list_sends_its_first_rows_and_counts_them_all() {
    let (_dir, store) = generated_store(2, 1_000, 2);
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let dashboard = views::dashboard(store.conn(), as_of).unwrap();
    let snapshot = Snapshot::load(store.conn(), as_of).unwrap();
    let stale = snapshot.milestones.iter().filter(|(_, s)| s.stale).count();
    assert!(
        stale > views::ATTENTION_SHOWN,
        "the data overflows the list"
    );
    assert_eq!(dashboard.stale.total as usize, stale);
    assert_eq!(dashboard.stale.first.len(), views::ATTENTION_SHOWN);
    assert!(dashboard.stale.first.iter().all(|m| m.stale));
}
