//! The updates shared between a snapshot's two connections: wherever the work is parted,
//! the snapshot is the one the helper alone makes.

use super::*;

#[test]
fn wherever_the_updates_are_parted_the_snapshot_is_the_same() {
    let (_dir, store) = crate::generate::generated_store(5, 4_000, 3);
    let conn = store.conn();
    assert!(
        updates::last_seq(conn).unwrap() >= PARALLEL_FROM,
        "two connections"
    );
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let load = |sharing| Snapshot::load_sharing(conn, as_of, Reading::WHOLE, sharing).unwrap();

    // No id sorts at or after U+10FFFF: the helper reads every update.
    let alone = load(Sharing::From("\u{10ffff}"));
    let updated = alone.observations.iter().filter(|h| !h.is_empty()).count();
    assert!(updated > 3_000, "{updated} milestones with updates");
    let mut ids: Vec<&str> = alone
        .milestones
        .iter()
        .map(|(m, _)| m.id.as_str())
        .collect();
    ids.sort_unstable();
    // This thread reads every update (""), the last milestone's, a third or all but one's.
    for first in ["", ids[ids.len() - 1], ids[ids.len() / 3], ids[1]] {
        let shared = load(Sharing::From(first));
        assert_eq!(shared.milestones, alone.milestones, "parted at {first:?}");
        assert_eq!(
            shared.observations, alone.observations,
            "parted at {first:?}"
        );
    }
    let loaded = Snapshot::load(conn, as_of).unwrap();
    assert_eq!(
        loaded.milestones, alone.milestones,
        "parted as a load parts them"
    );
    assert_eq!(loaded.observations, alone.observations);

    // Halfway through the ids left: as many before it as from it on.
    let filing = Filing::new(alone.milestones.clone(), as_of);
    let first = filing.halfway_after(None).unwrap();
    assert_eq!(
        ids.partition_point(|id| *id < first.as_str()),
        ids.len() / 2
    );
    let after = ids[1_000];
    let first = filing.halfway_after(Some(after)).unwrap();
    let left = ids.len() - 1_001;
    assert_eq!(
        ids.partition_point(|id| *id < first.as_str()),
        1_001 + left / 2
    );
    assert_eq!(
        filing.halfway_after(Some(ids[ids.len() - SHARED_FROM])),
        None,
        "too few"
    );
}
