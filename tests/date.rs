//! Partial dates: every form parses, prints back identically, and has the right period;
//! every malformed or impossible form is refused.

use accord::date::{check_timestamp, parse_full_date, PartialDate};
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn pd(text: &str) -> PartialDate {
    text.parse()
        .unwrap_or_else(|e| panic!("{text} should parse: {e}"))
}

#[test]
fn every_form_parses_and_formats_back_identically() {
    for text in [
        "2026",
        "2026-H1",
        "2026-H2",
        "2026-Q1",
        "2026-Q4",
        "2026-07",
        "2026-07-21",
        "0999-01-01",
        "2024-02-29",
    ] {
        assert_eq!(
            pd(text).to_string(),
            text,
            "{text} must print back as it was written"
        );
    }
}

#[test]
fn each_form_covers_its_period() {
    let cases = [
        ("2026", day(2026, 1, 1), day(2026, 12, 31)),
        ("2026-H1", day(2026, 1, 1), day(2026, 6, 30)),
        ("2026-H2", day(2026, 7, 1), day(2026, 12, 31)),
        ("2026-Q1", day(2026, 1, 1), day(2026, 3, 31)),
        ("2026-Q2", day(2026, 4, 1), day(2026, 6, 30)),
        ("2026-Q3", day(2026, 7, 1), day(2026, 9, 30)),
        ("2026-Q4", day(2026, 10, 1), day(2026, 12, 31)),
        ("2026-02", day(2026, 2, 1), day(2026, 2, 28)),
        ("2024-02", day(2024, 2, 1), day(2024, 2, 29)),
        ("2026-12", day(2026, 12, 1), day(2026, 12, 31)),
        ("2026-07-21", day(2026, 7, 21), day(2026, 7, 21)),
    ];
    for (text, start, end) in cases {
        let d = pd(text);
        assert_eq!(d.start(), start, "start of {text}");
        assert_eq!(d.end(), end, "end of {text}");
    }
}

#[test]
fn impossible_and_malformed_forms_are_refused() {
    for text in [
        "",
        "26",
        "202",
        "20266",
        "2026-",
        "2026-H0",
        "2026-H3",
        "2026-h1",
        "2026-Q0",
        "2026-Q5",
        "2026-q2",
        "2026-00",
        "2026-13",
        "2026-7",
        "2026-07-1",
        "2026-02-30",
        "2026-02-29",
        "2025-04-31",
        "2026-07-00",
        "2026-07-32",
        "2026/07/21",
        "2026-07-21T00:00",
        " 2026",
        "2026 ",
        "２０２６",
        "2026-Q1-01",
        "2026-H1-01",
        "abcd",
        "-2026",
        "+2026",
    ] {
        assert!(
            text.parse::<PartialDate>().is_err(),
            "{text:?} must be refused"
        );
    }
}

#[test]
fn refusals_say_what_was_expected() {
    let err = "2026-02-30".parse::<PartialDate>().unwrap_err().to_string();
    assert!(err.contains("does not exist"), "impossible day: {err}");
    let err = "soon".parse::<PartialDate>().unwrap_err().to_string();
    assert!(
        err.contains("YYYY-Qn") || err.contains("YYYY-Q1"),
        "names the accepted forms: {err}"
    );
}

#[test]
fn sorting_uses_the_start_then_the_shorter_period() {
    let mut dates: Vec<PartialDate> = [
        "2027",
        "2026-Q3",
        "2026-07-01",
        "2026",
        "2026-H2",
        "2026-07",
        "2025-12-31",
    ]
    .iter()
    .map(|t| pd(t))
    .collect();
    dates.sort();
    let sorted: Vec<String> = dates.iter().map(ToString::to_string).collect();
    assert_eq!(
        sorted,
        [
            "2025-12-31",
            "2026",
            "2026-07-01",
            "2026-07",
            "2026-Q3",
            "2026-H2",
            "2027"
        ]
    );
}

#[test]
fn partial_dates_round_trip_through_json() {
    let d = pd("2026-Q3");
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(json, "\"2026-Q3\"");
    let back: PartialDate = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
    assert!(serde_json::from_str::<PartialDate>("\"2026-Q5\"").is_err());
}

/// Years the text form cannot hold in four digits (only `PartialDate::year` makes them)
/// are written by the formatting machinery, and serialized as they print.
#[test]
fn years_beyond_four_digits_serialize_as_they_print() {
    for (year, text) in [(-5, "-005"), (0, "0000"), (12345, "12345")] {
        let date = PartialDate::year(year);
        assert_eq!(date.to_string(), text);
        assert_eq!(serde_json::to_string(&date).unwrap(), format!("\"{text}\""));
    }
}

#[test]
fn full_dates_refuse_partial_and_impossible_days() {
    assert_eq!(parse_full_date("2026-11-27").unwrap(), day(2026, 11, 27));
    for text in [
        "2026-11",
        "2026",
        "2026-02-30",
        "2026-1-01",
        "2026-11-27Z",
        "27/11/2026",
    ] {
        assert!(
            parse_full_date(text).is_err(),
            "{text:?} is not a full date"
        );
    }
}

#[test]
fn recorded_at_must_be_rfc3339_utc() {
    for ok in ["2025-09-14T10:02:11Z", "2025-09-14T10:02:11.123Z"] {
        assert!(check_timestamp(ok).is_ok(), "{ok}");
    }
    for bad in [
        "2025-09-14 10:02:11Z",
        "2025-09-14T10:02:11+01:00",
        "2025-09-14T25:02:11Z",
        "2025-02-30T10:02:11Z",
        "2025-09-14T10:02:11.Z",
        "yesterday",
    ] {
        assert!(check_timestamp(bad).is_err(), "{bad}");
    }
}
