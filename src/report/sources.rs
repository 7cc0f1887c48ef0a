//! The report's numbered list of sources: every URL it cites (an instrument's own
//! sources and the evidence of the updates it shows), each numbered once, in the order the
//! detailed sections cite them, so `[3]` means the same document on every page.

use std::collections::HashMap;

use serde::Serialize;

use crate::date::PartialDate;
use crate::model::Source;

/// A citation as it appears next to a claim: its number, where it points, and a short
/// label (the source's title, else its web address's host).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Cite {
    pub n: usize,
    pub url: String,
    pub label: String,
}

/// One entry of the Sources section.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SourceEntry {
    pub n: usize,
    pub url: String,
    /// The web address's host, to name a source that has no title.
    pub site: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<PartialDate>,
}

#[derive(Default)]
pub(super) struct Citations {
    entries: Vec<SourceEntry>,
    by_url: HashMap<String, usize>,
}

impl Citations {
    /// Numbers `source` (reusing the number of an earlier citation of the same URL) and
    /// returns the citation to print beside the claim.
    pub fn cite(&mut self, source: &Source) -> Cite {
        let n = match self.by_url.get(&source.url) {
            Some(&n) => {
                // The same document cited twice may carry its details only once.
                let entry = &mut self.entries[n - 1];
                entry.title = entry.title.take().or_else(|| source.title.clone());
                entry.publisher = entry.publisher.take().or_else(|| source.publisher.clone());
                entry.published = entry.published.or(source.published);
                n
            }
            None => {
                let n = self.entries.len() + 1;
                self.entries.push(SourceEntry {
                    n,
                    url: source.url.clone(),
                    site: host(&source.url),
                    title: source.title.clone(),
                    publisher: source.publisher.clone(),
                    published: source.published,
                });
                self.by_url.insert(source.url.clone(), n);
                n
            }
        };
        Cite {
            n,
            url: source.url.clone(),
            label: source.title.clone().unwrap_or_else(|| host(&source.url)),
        }
    }

    pub fn cite_all(&mut self, sources: &[Source]) -> Vec<Cite> {
        sources.iter().map(|s| self.cite(s)).collect()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn into_entries(self) -> Vec<SourceEntry> {
        self.entries
    }
}

/// `https://www.gov.uk/government/…` → `gov.uk`: enough to tell a reader where a link goes.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_is_the_readable_part_of_the_address() {
        assert_eq!(host("https://www.gov.uk/government/x?y=1"), "gov.uk");
        assert_eq!(host("http://openai.com"), "openai.com");
    }

    #[test]
    fn the_same_url_keeps_its_number() {
        let mut c = Citations::default();
        let a = c.cite(&Source::from_url("https://a.example/1"));
        let b = c.cite(&Source::from_url("https://b.example/2"));
        let again = c.cite(&Source::from_url("https://a.example/1"));
        assert_eq!((a.n, b.n, again.n), (1, 2, 1));
        assert_eq!(c.len(), 2);
    }
}
