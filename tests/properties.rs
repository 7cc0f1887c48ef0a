//! Properties that hold for every input, checked on many generated ones: partial dates
//! parse, print and order consistently and never panic; any generated dataset survives
//! export → import → export unchanged.

mod fixture;

use accord::date::{parse_full_date, PartialDate};
use accord::generate::{document, Size};
use chrono::{Datelike, NaiveDate};
use fixture::*;
use proptest::prelude::*;

/// Every valid partial date text, in each of its five forms.
fn partial_date_text() -> impl Strategy<Value = String> {
    let year = 1000i32..=9999;
    prop_oneof![
        year.clone().prop_map(|y| format!("{y:04}")),
        (year.clone(), 1u8..=2).prop_map(|(y, h)| format!("{y:04}-H{h}")),
        (year.clone(), 1u8..=4).prop_map(|(y, q)| format!("{y:04}-Q{q}")),
        (year.clone(), 1u8..=12).prop_map(|(y, m)| format!("{y:04}-{m:02}")),
        (year, 1u32..=12, 1u32..=31)
            .prop_filter("a day that exists", |(y, m, d)| {
                NaiveDate::from_ymd_opt(*y, *m, *d).is_some()
            })
            .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_partial_date_prints_as_it_was_written(text in partial_date_text()) {
        let date: PartialDate = text.parse().unwrap();
        prop_assert_eq!(date.to_string(), text);
    }

    #[test]
    fn a_partial_date_serializes_as_it_prints(text in partial_date_text()) {
        let date: PartialDate = text.parse().unwrap();
        prop_assert_eq!(serde_json::to_string(&date).unwrap(), format!("\"{text}\""));
    }

    /// Dates written once per milestone are serialized by hand; they must read as chrono
    /// writes them, for every day it can hold (years before 0 and after 9999 included).
    #[test]
    fn a_day_serializes_as_chrono_writes_it(days in -4_000_000i64..4_000_000) {
        let day = NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).unwrap()).unwrap();
        let mut ours = Vec::new();
        accord::date::serialize_day(&day, &mut serde_json::Serializer::new(&mut ours)).unwrap();
        let mut missing = Vec::new();
        let none: Option<NaiveDate> = None;
        accord::date::serialize_some_day(&none, &mut serde_json::Serializer::new(&mut missing))
            .unwrap();
        let mut some = Vec::new();
        accord::date::serialize_some_day(&Some(day), &mut serde_json::Serializer::new(&mut some))
            .unwrap();
        let chrono = serde_json::to_vec(&day).unwrap();
        prop_assert_eq!(&ours, &chrono);
        prop_assert_eq!(some, chrono);
        prop_assert_eq!(missing, b"null");
    }

    #[test]
    fn a_period_starts_on_or_before_it_ends_within_its_year(text in partial_date_text()) {
        let date: PartialDate = text.parse().unwrap();
        prop_assert!(date.start() <= date.end());
        prop_assert_eq!(date.start().year(), date.end().year());
        prop_assert_eq!(date.start().year().to_string(), &text[..4]);
    }

    #[test]
    fn ordering_follows_the_start_then_the_length(a in partial_date_text(), b in partial_date_text()) {
        let (x, y): (PartialDate, PartialDate) = (a.parse().unwrap(), b.parse().unwrap());
        if x.start() < y.start() {
            prop_assert!(x < y);
        }
        prop_assert_eq!(x == y, a == b, "equal exactly when written the same");
        prop_assert_eq!(x.cmp(&y), y.cmp(&x).reverse());
    }

    #[test]
    fn any_text_parses_or_is_refused_without_panicking(text in "\\PC{0,16}") {
        let _ = text.parse::<PartialDate>();
        let _ = parse_full_date(&text);
    }

    #[test]
    fn a_near_miss_is_refused_or_is_another_date_printed_as_written(
        text in partial_date_text(),
        junk in "[ /.A-Za-z0-9+-]",
        at in 0usize..12,
    ) {
        let at = at.min(text.len());
        let mut spoiled = text.clone();
        spoiled.insert_str(at, &junk);
        match spoiled.parse::<PartialDate>() {
            // Some insertions make another valid date ("2026-1" + "0" is "2026-10"):
            // then it must print as it was written.
            Ok(date) => prop_assert_eq!(date.to_string(), spoiled),
            // Otherwise the refusal says which forms are accepted or what is wrong.
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn any_generated_dataset_round_trips(seed in any::<u64>(), milestones in 1usize..120, updates in 0usize..5) {
        let file = document(seed, Size { milestones, updates_per_milestone: updates });
        let (_a, mut first) = temp_store();
        accord::exchange::import_bytes(&mut first, &file).expect("generated files import");
        prop_assert_eq!(count(&first, "milestones"), milestones as i64);
        let exported = export(&first);
        let (_b, mut second) = temp_store();
        accord::exchange::import_bytes(&mut second, exported.as_bytes()).unwrap();
        prop_assert_eq!(export(&second), exported.clone());
        // And importing the export over the first store is a no-op.
        let again = accord::exchange::import_bytes(&mut first, exported.as_bytes()).unwrap();
        prop_assert!(again.is_noop());
    }
}
