//! The timeline's and the table's rows, filtered in the core: each filter key against the
//! data it reads, the words through the full-text search, the chart sent only its earliest
//! 2,000 dated milestones with the counts of the rest, and the filter bar's choices.

mod fixture;

use std::collections::{HashMap, HashSet};

use accord::model::{MilestoneStatus, Timeliness};
use accord::snapshot::Snapshot;
use accord::store::search;
use accord::views::{
    self, MilestoneFilter, MilestoneSort, MilestoneView, DRAWN_AT_MOST, UNDATED_LISTED,
};
use accord::Store;
use chrono::NaiveDate;
use fixture::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn ids(rows: &[MilestoneView]) -> Vec<&str> {
    rows.iter().map(|m| m.id.as_str()).collect()
}

/// Every row of the table for a filter, in its default order.
fn table(store: &Store, snapshot: &Snapshot, filter: &MilestoneFilter) -> views::MilestoneList {
    let sort = MilestoneSort::default();
    views::milestone_list(store.conn(), snapshot, filter, sort, usize::MAX).unwrap()
}

/// The table's rows and the timeline's milestones for a filter (the bundled data is small
/// enough for the timeline to send everything, so both must hold the same milestones),
/// in the timeline's order: the hierarchy's.
fn both(store: &Store, snapshot: &Snapshot, filter: &MilestoneFilter) -> Vec<MilestoneView> {
    let list = table(store, snapshot, filter);
    let timeline = views::timeline(store.conn(), snapshot, filter).unwrap();
    let mut listed = ids(&list.milestones);
    listed.sort_unstable();
    let mut drawn = ids(&timeline.milestones);
    drawn.sort_unstable();
    assert_eq!(listed, drawn, "{filter:?}");
    assert_eq!(timeline.dated + timeline.undated, list.milestones.len());
    assert_eq!(list.matching, list.milestones.len());
    assert_eq!(timeline.total, list.total);
    timeline.milestones
}

fn filter(edit: impl FnOnce(&mut MilestoneFilter)) -> MilestoneFilter {
    let mut f = MilestoneFilter::default();
    edit(&mut f);
    f
}

#[test]
fn no_filter_lists_every_live_milestone_in_hierarchy_order() {
    let (_dir, store) = seeded_store();
    let snapshot = Snapshot::load(store.conn(), as_of()).unwrap();
    let all = both(&store, &snapshot, &MilestoneFilter::default());
    let expected: Vec<&str> = snapshot
        .milestones
        .iter()
        .map(|(m, _)| m.id.as_str())
        .collect();
    assert_eq!(ids(&all), expected);
    let timeline = views::timeline(store.conn(), &snapshot, &MilestoneFilter::default()).unwrap();
    assert_eq!(timeline.total, expected.len());
    assert_eq!(
        timeline.dated,
        all.iter().filter(|m| m.current_start.is_some()).count()
    );
    // Every lane sent holds a milestone sent, and every milestone sent has its lane.
    let lanes: HashSet<&str> = timeline
        .instruments
        .iter()
        .flat_map(|i| i.commitments.iter().map(|c| c.id.as_str()))
        .collect();
    let used: HashSet<&str> = all.iter().map(|m| m.commitment_id.as_str()).collect();
    assert_eq!(lanes, used);
    let instruments: HashSet<&str> = all.iter().map(|m| m.instrument_id.as_str()).collect();
    assert_eq!(
        timeline
            .matching_instruments
            .iter()
            .map(String::as_str)
            .collect::<HashSet<_>>(),
        instruments
    );
}

#[test]
fn each_key_filters_on_what_it_names_and_keys_combine_with_and() {
    let (_dir, store) = seeded_store();
    let snapshot = Snapshot::load(store.conn(), as_of()).unwrap();
    let all = both(&store, &snapshot, &MilestoneFilter::default());
    let expect = |f: &MilestoneFilter, keep: &dyn Fn(&MilestoneView) -> bool| {
        let expected: Vec<&str> = all
            .iter()
            .filter(|m| keep(m))
            .map(|m| m.id.as_str())
            .collect();
        let got = both(&store, &snapshot, f);
        assert_eq!(ids(&got), expected, "{f:?}");
        got.len()
    };

    let openai = "uk-openai-mou-2025";
    assert!(
        expect(&filter(|f| f.instrument = vec![openai.into()]), &|m| m
            .instrument_id
            == openai)
            > 0
    );
    let two = [
        all[0].commitment_id.clone(),
        all.last().unwrap().commitment_id.clone(),
    ];
    assert!(
        expect(&filter(|f| f.commitment = two.to_vec()), &|m| two
            .contains(&m.commitment_id))
            > 1
    );
    let statuses = [MilestoneStatus::Unassessed, MilestoneStatus::InProgress];
    assert!(
        expect(&filter(|f| f.status = statuses.to_vec()), &|m| statuses
            .contains(&m.status))
            > 0
    );
    assert!(
        expect(
            &filter(|f| f.timeliness = vec![Timeliness::Undated]),
            &|m| m.timeliness == Timeliness::Undated
        ) > 0
    );
    assert!(expect(&filter(|f| f.stale = true), &|m| m.stale) > 0);
    let both_keys = filter(|f| {
        f.instrument = vec![openai.into()];
        f.status = statuses.to_vec();
    });
    expect(&both_keys, &|m| {
        m.instrument_id == openai && statuses.contains(&m.status)
    });

    // Themes and parties are the commitment's; an instrument's parties count for all its
    // commitments.
    let commitments: Vec<_> = accord::store::commitments::list_commitments(store.conn())
        .unwrap()
        .into_iter()
        .map(|(_, _, c)| c)
        .collect();
    let theme = commitments
        .iter()
        .flat_map(|c| &c.themes)
        .next()
        .unwrap()
        .clone();
    let with_theme: HashSet<&str> = commitments
        .iter()
        .filter(|c| c.themes.contains(&theme))
        .map(|c| c.id.as_str())
        .collect();
    assert!(
        expect(&filter(|f| f.theme = vec![theme.clone()]), &|m| with_theme
            .contains(m.commitment_id.as_str()))
            > 0
    );
    let instruments = accord::store::instruments::list_instruments(store.conn()).unwrap();
    let named_by_instrument: HashMap<&str, Vec<&str>> = instruments
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                i.parties.iter().map(|p| p.name.as_str()).collect(),
            )
        })
        .collect();
    let party = "OpenAI";
    let names_party: HashSet<&str> = commitments
        .iter()
        .filter(|c| {
            c.lead.as_deref() == Some(party)
                || c.supporting.iter().any(|s| s == party)
                || named_by_instrument[c.instrument_id.as_str()].contains(&party)
        })
        .map(|c| c.id.as_str())
        .collect();
    let n = expect(&filter(|f| f.party = vec![party.into()]), &|m| {
        names_party.contains(m.commitment_id.as_str())
    });
    assert!(n > 0 && n < all.len());
    assert_eq!(
        expect(&filter(|f| f.party = vec!["Nobody at all".into()]), &|_| {
            false
        }),
        0
    );
}

#[test]
fn words_keep_what_the_search_found_and_everything_under_a_matching_parent() {
    let (_dir, store) = seeded_store();
    let snapshot = Snapshot::load(store.conn(), as_of()).unwrap();
    for words in ["GPU", "supercomputer", "OpenAI"] {
        let hits = search::search(store.conn(), words, views::SEARCH_HITS).unwrap();
        let got = both(&store, &snapshot, &filter(|f| f.q = words.into()));
        assert!(!got.is_empty(), "{words} finds milestones");
        let hit = |kind: &str, id: &str| hits.iter().any(|h| h.kind.as_str() == kind && h.id == id);
        for m in &got {
            assert!(
                hit("milestone", &m.id)
                    || hit("commitment", &m.commitment_id)
                    || hit("instrument", &m.instrument_id),
                "{} is kept only if the search found it or its parent",
                m.id
            );
        }
        for h in hits.iter().filter(|h| h.kind.as_str() == "milestone") {
            assert!(got.iter().any(|m| m.id == h.id), "{} was found", h.id);
        }
    }
    assert!(both(
        &store,
        &snapshot,
        &filter(|f| f.q = "nothing-matches-this".into())
    )
    .is_empty());
    // Words with only punctuation are no search at all.
    assert_eq!(
        both(&store, &snapshot, &filter(|f| f.q = "  ".into())).len(),
        snapshot.milestones.len()
    );
}

#[test]
fn the_chart_is_sent_its_earliest_dated_milestones_and_the_counts_of_the_rest() {
    let (_dir, store) = generated_store(5, 3_000, 1);
    let snapshot = Snapshot::load(store.conn(), as_of()).unwrap();
    // Every row, in the hierarchy's order.
    let mut all = table(&store, &snapshot, &MilestoneFilter::default());
    let rank = hierarchy_rank(&snapshot);
    all.milestones.sort_by_key(|m| rank[m.id.as_str()]);
    let timeline = views::timeline(store.conn(), &snapshot, &MilestoneFilter::default()).unwrap();
    let dated: Vec<&MilestoneView> = all
        .milestones
        .iter()
        .filter(|m| m.current_start.is_some())
        .collect();
    let undated = all.milestones.len() - dated.len();
    assert!(
        dated.len() > DRAWN_AT_MOST && undated > UNDATED_LISTED,
        "the data overflows both limits"
    );
    assert_eq!(timeline.total, 3_000);
    assert_eq!((timeline.dated, timeline.undated), (dated.len(), undated));

    let sent_dated: Vec<&MilestoneView> = timeline
        .milestones
        .iter()
        .filter(|m| m.current_start.is_some())
        .collect();
    assert_eq!(sent_dated.len(), DRAWN_AT_MOST);
    assert_eq!(timeline.milestones.len() - DRAWN_AT_MOST, UNDATED_LISTED);
    // The earliest: nothing left out starts before the latest start sent, and among equal
    // starts the hierarchy's first are kept.
    let sent: HashSet<&str> = ids(&timeline.milestones).into_iter().collect();
    let latest_sent = sent_dated.iter().map(|m| m.current_start).max().unwrap();
    for (n, m) in dated.iter().enumerate() {
        if sent.contains(m.id.as_str()) {
            continue;
        }
        assert!(
            m.current_start >= latest_sent,
            "{} starts before one sent",
            m.id
        );
        if m.current_start == latest_sent {
            assert!(
                dated[n..]
                    .iter()
                    .all(|later| !sent.contains(later.id.as_str())
                        || later.current_start < latest_sent),
                "ties are kept in the hierarchy's order"
            );
        }
    }
    // In the hierarchy's order; the undated are its first ones.
    let order: HashMap<&str, usize> = ids(&all.milestones)
        .into_iter()
        .enumerate()
        .map(|(n, id)| (id, n))
        .collect();
    let positions: Vec<usize> = timeline
        .milestones
        .iter()
        .map(|m| order[m.id.as_str()])
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    let first_undated: Vec<&str> = all
        .milestones
        .iter()
        .filter(|m| m.current_start.is_none())
        .take(UNDATED_LISTED)
        .map(|m| m.id.as_str())
        .collect();
    let sent_undated: Vec<&str> = timeline
        .milestones
        .iter()
        .filter(|m| m.current_start.is_none())
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(sent_undated, first_undated);
    // The lanes are those of the milestones sent; matching instruments are all of them.
    let lanes: usize = timeline
        .instruments
        .iter()
        .map(|i| i.commitments.len())
        .sum();
    let used: HashSet<&str> = timeline
        .milestones
        .iter()
        .map(|m| m.commitment_id.as_str())
        .collect();
    assert_eq!(lanes, used.len());
    assert_eq!(
        timeline.matching_instruments.len(),
        snapshot.instruments.len()
    );
}

#[test]
fn the_filter_bar_is_offered_every_instrument_theme_and_party_sorted() {
    let (_dir, store) = seeded_store();
    let snapshot = Snapshot::load(store.conn(), as_of()).unwrap();
    let some_commitment = snapshot.commitments[3].clone();
    let options = views::filter_options(
        &snapshot,
        &filter(|f| f.commitment = vec![some_commitment.id.clone(), "no-such-commitment".into()]),
    );
    assert_eq!(options.instruments.len(), snapshot.instruments.len());
    let titles: Vec<String> = options
        .instruments
        .iter()
        .map(|i| i.title.to_lowercase())
        .collect();
    assert!(
        titles.windows(2).all(|w| w[0] <= w[1]),
        "by title: {titles:?}"
    );
    for list in [&options.themes, &options.parties] {
        let lower: Vec<String> = list.iter().map(|t| t.to_lowercase()).collect();
        assert!(lower.windows(2).all(|w| w[0] <= w[1]), "sorted: {list:?}");
        assert_eq!(
            list.iter().collect::<HashSet<_>>().len(),
            list.len(),
            "once each"
        );
    }
    let themes: HashSet<&str> = snapshot
        .commitments
        .iter()
        .flat_map(|c| c.themes.iter().map(String::as_str))
        .collect();
    assert_eq!(
        options
            .themes
            .iter()
            .map(String::as_str)
            .collect::<HashSet<_>>(),
        themes
    );
    assert!(options.parties.iter().any(|p| p == "OpenAI"));
    assert_eq!(options.commitments.len(), 1, "only commitments that exist");
    assert_eq!(options.commitments[0].title, some_commitment.title);
}

#[test]
fn a_filter_reads_from_the_ui_with_missing_keys_and_refuses_unknown_statuses() {
    let f: MilestoneFilter =
        serde_json::from_str(r#"{"status": ["done"], "stale": true}"#).unwrap();
    assert_eq!(f.status, vec![MilestoneStatus::Done]);
    assert!(f.stale && f.instrument.is_empty() && f.q.is_empty());
    let err = serde_json::from_str::<MilestoneFilter>(r#"{"status": ["finished"]}"#).unwrap_err();
    assert!(err.to_string().contains("finished"), "{err}");
}
