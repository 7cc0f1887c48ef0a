//! Dates as the exchange format writes them.
//!
//! A [`PartialDate`] is a period (`2026`, `2026-H1`, `2026-Q3`, `2026-07`,
//! `2026-07-21`) with a first and a last day; deadlines use the last day and
//! sorting uses the first. Full dates (`YYYY-MM-DD`, an update's `as_of`) are
//! plain [`chrono::NaiveDate`]s parsed by [`parse_full_date`]. This module knows
//! nothing about milestones or statuses.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a partial date names, beside its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year,
    Half(u8),
    Quarter(u8),
    Month(u8),
    Day(u8, u8),
}

/// A date given to the precision its source gave: a year, half, quarter, month or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    period: Period,
}

/// Why a text is not a date, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

const PARTIAL_FORMS: &str = "a partial date: YYYY, YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY-MM-DD";

fn digits(text: &str, len: usize) -> Option<u32> {
    if text.len() == len && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn day_exists(year: i32, month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(year, month, day).is_some()
}

impl PartialDate {
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            period: Period::Year,
        }
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        let month = match self.period {
            Period::Year => 1,
            Period::Half(h) => 1 + 6 * (u32::from(h) - 1),
            Period::Quarter(q) => 1 + 3 * (u32::from(q) - 1),
            Period::Month(m) | Period::Day(m, _) => u32::from(m),
        };
        let day = match self.period {
            Period::Day(_, d) => u32::from(d),
            _ => 1,
        };
        NaiveDate::from_ymd_opt(self.year, month, day).expect("validated on construction")
    }

    /// The last day of the period: a deadline given as this date ends here.
    pub fn end(&self) -> NaiveDate {
        let last_month = match self.period {
            Period::Year => 12,
            Period::Half(h) => 6 * u32::from(h),
            Period::Quarter(q) => 3 * u32::from(q),
            Period::Month(m) => u32::from(m),
            Period::Day(m, d) => {
                return NaiveDate::from_ymd_opt(self.year, u32::from(m), u32::from(d))
                    .expect("validated on construction")
            }
        };
        last_day_of_month(self.year, last_month)
    }

    /// True when the period is a single day (drawn as a point, not a span).
    pub fn is_day(&self) -> bool {
        matches!(self.period, Period::Day(..))
    }
}

fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
        .and_then(|d| d.pred_opt())
        .expect("month in range")
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wrong = || DateError(format!("expected {PARTIAL_FORMS}, got {text:?}"));
        let year_part = text.get(0..4).ok_or_else(wrong)?;
        let year = digits(year_part, 4).ok_or_else(wrong)? as i32;
        let rest = &text[4..];
        if rest.is_empty() {
            return Ok(PartialDate::year(year));
        }
        let rest = rest.strip_prefix('-').ok_or_else(wrong)?;
        let period = if let Some(h) = rest.strip_prefix('H') {
            match h {
                "1" => Period::Half(1),
                "2" => Period::Half(2),
                _ => return Err(DateError(format!("{text:?}: a half year is H1 or H2"))),
            }
        } else if let Some(q) = rest.strip_prefix('Q') {
            match digits(q, 1) {
                Some(n @ 1..=4) => Period::Quarter(n as u8),
                _ => {
                    return Err(DateError(format!(
                        "{text:?}: a quarter is Q1, Q2, Q3 or Q4"
                    )))
                }
            }
        } else {
            let (month_text, day_text) = match rest.split_once('-') {
                Some((m, d)) => (m, Some(d)),
                None => (rest, None),
            };
            let month = digits(month_text, 2).ok_or_else(wrong)?;
            if !(1..=12).contains(&month) {
                return Err(DateError(format!(
                    "{text:?}: month {month_text} does not exist"
                )));
            }
            match day_text {
                None => Period::Month(month as u8),
                Some(d) => {
                    let day = digits(d, 2).ok_or_else(wrong)?;
                    if day == 0 || !day_exists(year, month, day) {
                        return Err(DateError(format!("{text:?}: that day does not exist")));
                    }
                    Period::Day(month as u8, day as u8)
                }
            }
        };
        Ok(PartialDate { year, period })
    }
}

impl PartialDate {
    /// The date's text, as the exchange format writes it; `None` for a year outside
    /// 0–9999, which [`fmt::Display`] writes with the formatting machinery instead.
    fn text(&self) -> Option<DateText> {
        let year = u16::try_from(self.year).ok().filter(|y| *y <= 9999)?;
        let mut text = DateText::year(year);
        match self.period {
            Period::Year => {}
            Period::Half(h) => text.push(&[b'-', b'H', b'0' + h]),
            Period::Quarter(q) => text.push(&[b'-', b'Q', b'0' + q]),
            Period::Month(m) => text.push_two(m),
            Period::Day(m, d) => {
                text.push_two(m);
                text.push_two(d);
            }
        }
        Some(text)
    }
}

impl fmt::Display for PartialDate {
    /// Written digit by digit rather than with `write!`'s padding: the app's timeline
    /// prints two partial dates per milestone, and at 100k milestones formatting was a
    /// quarter of building it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text() {
            Some(text) => f.write_str(text.as_str()),
            None => write!(f, "{:04}", self.year),
        }
    }
}

/// A date's text, `YYYY` up to `YYYY-MM-DD`, made digit by digit in a buffer on the stack.
/// Serializing hands it over whole: serde_json writes a text handed over through
/// `collect_str` (as chrono's dates and `Display` types are) one character at a time,
/// checking each for escapes, and at 100k milestones the dates were a third of writing
/// `accord milestones --json`.
struct DateText {
    bytes: [u8; 10],
    len: usize,
}

impl DateText {
    fn year(year: u16) -> DateText {
        let digit = |n: u16| b'0' + (n % 10) as u8;
        DateText {
            bytes: [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                0,
                0,
                0,
                0,
                0,
                0,
            ],
            len: 4,
        }
    }

    /// Adds `-` and a number under 100 in two digits.
    fn push_two(&mut self, n: u8) {
        self.push(&[b'-', b'0' + n / 10, b'0' + n % 10]);
    }

    fn push(&mut self, more: &[u8]) {
        self.bytes[self.len..self.len + more.len()].copy_from_slice(more);
        self.len += more.len();
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).expect("ASCII digits")
    }
}

/// A full date's text, `YYYY-MM-DD`; `None` for a year outside 0–9999.
fn day_text(day: NaiveDate) -> Option<DateText> {
    let year = u16::try_from(day.year()).ok().filter(|y| *y <= 9999)?;
    let mut text = DateText::year(year);
    // A month is 1–12 and a day 1–31.
    text.push_two(day.month() as u8);
    text.push_two(day.day() as u8);
    Some(text)
}

/// Serializes a full date as chrono does (`YYYY-MM-DD`), but whole (see [`DateText`]). For
/// the dates written once per milestone or update:
/// `#[serde(serialize_with = "crate::date::serialize_day")]`.
pub fn serialize_day<S: Serializer>(day: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    match day_text(*day) {
        Some(text) => serializer.serialize_str(text.as_str()),
        None => day.serialize(serializer),
    }
}

/// [`serialize_day`] for a date that may be missing.
pub fn serialize_some_day<S: Serializer>(
    day: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    struct Whole<'a>(&'a NaiveDate);
    impl Serialize for Whole<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_day(self.0, serializer)
        }
    }
    match day {
        Some(day) => serializer.serialize_some(&Whole(day)),
        None => serializer.serialize_none(),
    }
}

/// Sorting uses the start; among periods starting the same day the shorter comes first,
/// so the order is total and agrees with equality.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.start(), self.end()).cmp(&(other.start(), other.end()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.text() {
            Some(text) => serializer.serialize_str(text.as_str()),
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Parses a full date, `YYYY-MM-DD`, refusing days that do not exist.
pub fn parse_full_date(text: &str) -> Result<NaiveDate, DateError> {
    let wrong = || DateError(format!("expected a full date YYYY-MM-DD, got {text:?}"));
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(wrong());
    }
    let year = digits(&text[0..4], 4).ok_or_else(wrong)? as i32;
    let month = digits(&text[5..7], 2).ok_or_else(wrong)?;
    let day = digits(&text[8..10], 2).ok_or_else(wrong)?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| DateError(format!("{text:?}: that day does not exist")))
}

/// Checks an RFC 3339 UTC timestamp as the exchange format writes `recorded_at`
/// (`2025-09-14T10:02:11Z`, optionally with a fraction of a second).
pub fn check_timestamp(text: &str) -> Result<(), DateError> {
    let wrong = || {
        DateError(format!(
            "expected an RFC 3339 UTC time like 2025-09-14T10:02:11Z, got {text:?}"
        ))
    };
    if text.len() < 20 || !text.ends_with('Z') || text.as_bytes()[10] != b'T' {
        return Err(wrong());
    }
    let date = text.get(0..10).ok_or_else(wrong)?;
    parse_full_date(date).map_err(|_| wrong())?;
    let time = &text[11..text.len() - 1];
    let (clock, fraction) = match time.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (time, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() != 3 {
        return Err(wrong());
    }
    let hour = digits(parts[0], 2).ok_or_else(wrong)?;
    let minute = digits(parts[1], 2).ok_or_else(wrong)?;
    let second = digits(parts[2], 2).ok_or_else(wrong)?;
    if hour > 23 || minute > 59 || second > 60 {
        return Err(wrong());
    }
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong());
        }
    }
    Ok(())
}

/// A sort key for `recorded_at` values that orders fractions of a second correctly
/// (`…:11Z` before `…:11.5Z`), which plain string order does not.
pub fn timestamp_key(text: &str) -> (String, String) {
    let body = text.trim_end_matches('Z');
    match body.split_once('.') {
        Some((clock, fraction)) => (clock.to_string(), fraction.to_string()),
        None => (body.to_string(), String::new()),
    }
}

/// The current time as `recorded_at` writes it.
pub fn now_timestamp() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Today in the user's time zone: the default as-of date.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
