//! Checks on single values of raw input, shared by import, recording updates and the
//! create/edit operations, so one rule has one wording everywhere. Each returns the
//! parsed value or the message for a [`FieldError`](crate::error::FieldError); callers
//! attach the path.

use chrono::NaiveDate;

use crate::date::{self, PartialDate};

/// The longest text accepted in any field, in bytes (a long note is a few thousand).
pub const MAX_TEXT_BYTES: usize = 100_000;

/// The longest URL accepted, in bytes.
pub const MAX_URL_BYTES: usize = 4_096;

pub fn id(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let ok = !bytes.is_empty()
        && bytes.len() <= 128
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes.iter().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if ok {
        Ok(text.to_string())
    } else {
        Err(format!(
            "expected an id of lowercase letters, digits, '.', '_' or '-' (starting with a \
             letter or digit, at most 128 characters), got {}",
            quoted(text)
        ))
    }
}

pub fn uuid(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let ok = bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(b),
        });
    if ok {
        Ok(text.to_string())
    } else {
        Err(format!(
            "expected a UUID in lowercase hex (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got {}",
            quoted(text)
        ))
    }
}

/// Required text: present, not blank, not absurdly long.
pub fn text(value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        return Err("expected non-empty text".into());
    }
    optional_text(value)
}

/// Optional text: any string within the size limit (blank becomes absent).
pub fn optional_text(value: &str) -> Result<String, String> {
    if value.len() > MAX_TEXT_BYTES {
        return Err(format!(
            "text is {} bytes long; the limit is {MAX_TEXT_BYTES} bytes",
            value.len()
        ));
    }
    if value.contains('\0') {
        return Err("text contains a NUL character".into());
    }
    Ok(value.to_string())
}

/// An evidence or source address: `http` or `https`, a host, no spaces.
pub fn url(text: &str) -> Result<String, String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    let ok = match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && !text.chars().any(char::is_whitespace)
                && text.len() <= MAX_URL_BYTES
        }
        None => false,
    };
    if ok {
        Ok(text.to_string())
    } else {
        Err(format!(
            "expected an http:// or https:// address with a host and no spaces, got {}",
            quoted(text)
        ))
    }
}

pub fn theme(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let ok = !bytes.is_empty()
        && bytes.len() <= 128
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-');
    if ok {
        Ok(text.to_string())
    } else {
        Err(format!(
            "expected a lowercase slug such as \"safety-security\", got {}",
            quoted(text)
        ))
    }
}

pub fn partial_date(text: &str) -> Result<PartialDate, String> {
    text.parse().map_err(|e: date::DateError| e.0)
}

pub fn full_date(text: &str) -> Result<NaiveDate, String> {
    date::parse_full_date(text).map_err(|e| e.0)
}

pub fn timestamp(text: &str) -> Result<String, String> {
    date::check_timestamp(text)
        .map(|()| text.to_string())
        .map_err(|e| e.0)
}

/// A vocabulary value, with the accepted spellings in the message.
pub fn one_of<T>(text: &str, parse: fn(&str) -> Option<T>, expected: String) -> Result<T, String> {
    parse(text).ok_or_else(|| format!("expected {expected}, got {}", quoted(text)))
}

/// Quotes user text for a message, cut short so a huge value does not flood the screen.
pub fn quoted(text: &str) -> String {
    match cut_short(text) {
        Some((head, count)) => format!("{head:?}… ({count} characters)"),
        None => format!("{text:?}"),
    }
}

/// Shows text that is already a value's spelling (JSON, say) for a message, unquoted, cut
/// short as [`quoted`] cuts it.
pub fn shortened(text: &str) -> String {
    match cut_short(text) {
        Some((head, count)) => format!("{head}… ({count} characters)"),
        None => text.to_string(),
    }
}

/// The first characters of a text too long to show whole, and its length in characters.
fn cut_short(text: &str) -> Option<(String, usize)> {
    const SHOWN: usize = 60;
    let count = text.chars().count();
    (count > SHOWN).then(|| (text.chars().take(SHOWN).collect(), count))
}

/// Collects field errors while checking a form.
#[derive(Default)]
pub struct Form {
    pub errors: Vec<crate::error::FieldError>,
}

impl Form {
    pub fn field<T>(&mut self, path: &str, result: std::result::Result<T, String>) -> Option<T> {
        result
            .map_err(|m| self.errors.push(crate::error::FieldError::new(path, m)))
            .ok()
    }

    pub fn optional<T>(
        &mut self,
        path: &str,
        value: &Option<String>,
        check: fn(&str) -> std::result::Result<T, String>,
    ) -> Option<Option<T>> {
        match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(None),
            Some(text) => self.field(path, check(text)).map(Some),
        }
    }

    pub fn sources(
        &mut self,
        path: &str,
        inputs: &[crate::edit::SourceInput],
    ) -> Option<Vec<crate::model::Source>> {
        let sources: Vec<Option<crate::model::Source>> = inputs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let p = format!("{path}[{i}]");
                let url = self.field(&format!("{p}.url"), url(s.url.trim()));
                let title = self.optional(&format!("{p}.title"), &s.title, optional_text);
                let publisher =
                    self.optional(&format!("{p}.publisher"), &s.publisher, optional_text);
                let published =
                    self.optional(&format!("{p}.published"), &s.published, partial_date);
                let quote = self.optional(&format!("{p}.quote"), &s.quote, optional_text);
                Some(crate::model::Source {
                    url: url?,
                    title: title?,
                    publisher: publisher?,
                    published: published?,
                    quote: quote?,
                })
            })
            .collect();
        sources.into_iter().collect()
    }

    pub fn finish<T>(self, value: Option<T>) -> crate::error::Result<T> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(crate::error::Error::Invalid(self.errors)),
        }
    }
}
