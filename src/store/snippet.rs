//! The passage shown under a search hit: the words around the first one that matches what
//! was typed. The search index keeps no copy of the text (migration 0004), so FTS5's own
//! `snippet()` cannot cut it; the store cuts it from the row's text instead.
//!
//! Words are matched the way the index's tokenizer (`unicode61 remove_diacritics 2`)
//! matches them: runs of letters and digits, compared without case or accents, each typed
//! word as a prefix.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How many words a passage shows, and how many of them come before the match.
const WIDTH: usize = 12;
const LEAD: usize = 3;

/// A word as the index compares it: lower case, accents taken off.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The byte range of every word in `text`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                found.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        found.push((from, text.len()));
    }
    found
}

/// Up to [`WIDTH`] words of `text` around the first word that starts with one of `typed`
/// (already [`fold`]ed), with `…` where the text goes on, and runs of white space made one
/// space. A passage that reaches an end of the text keeps what stands there (a full
/// stop), so a short title is its own passage. `None` when no word matches.
pub fn passage(text: &str, typed: &[String]) -> Option<String> {
    let spans = words(text);
    let hit = spans.iter().position(|&(from, to)| {
        let word = fold(&text[from..to]);
        typed.iter().any(|t| word.starts_with(t.as_str()))
    })?;
    let first = hit
        .saturating_sub(LEAD)
        .min(spans.len().saturating_sub(WIDTH));
    let last = (first + WIDTH).min(spans.len()) - 1;
    let mut out = String::new();
    if first > 0 {
        out.push('…');
    }
    let from = if first == 0 { 0 } else { spans[first].0 };
    let to = if last + 1 == spans.len() {
        text.len()
    } else {
        spans[last].1
    };
    out.push_str(
        &text[from..to]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    );
    if last + 1 < spans.len() {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| fold(w)).collect()
    }

    #[test]
    fn a_short_text_is_shown_whole() {
        assert_eq!(
            passage("Data centre opens in\n  Blyth.", &typed(&["blyth"])).as_deref(),
            Some("Data centre opens in Blyth.")
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let text = "one two three four five six seven eight nine ten eleven twelve \
                    thirteen fourteen compute fifteen sixteen seventeen eighteen nineteen \
                    twenty twentyone";
        assert_eq!(
            passage(text, &typed(&["comp"])).as_deref(),
            Some("…eleven twelve thirteen fourteen compute fifteen sixteen seventeen eighteen nineteen twenty twentyone")
        );
        assert_eq!(
            passage(text, &typed(&["three"])).as_deref(),
            Some("one two three four five six seven eight nine ten eleven twelve…")
        );
    }

    #[test]
    fn words_match_without_case_or_accents_and_as_prefixes() {
        assert_eq!(
            passage("Le Président signe", &typed(&["president"])).as_deref(),
            Some("Le Président signe")
        );
        assert_eq!(
            passage("ÉCOLE numérique", &typed(&["ecol"])).as_deref(),
            Some("ÉCOLE numérique")
        );
        assert_eq!(
            passage("北京 agreement", &typed(&["北京"])).as_deref(),
            Some("北京 agreement")
        );
        assert_eq!(passage("nothing here", &typed(&["quantum"])), None);
        assert_eq!(passage("", &typed(&["quantum"])), None);
    }
}
