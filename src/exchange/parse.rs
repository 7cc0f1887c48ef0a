//! Reads an exchange-format file into checked values, collecting every error with its JSON
//! path instead of stopping at the first.
//!
//! The result keeps the difference between a field that is absent (leave what is stored)
//! and one that is `null` (clear it), which merging by id needs. Rules that need the
//! database (ids used by another kind, conflicting updates, the evidence rule against
//! stored history) are checked in `import`, not here.

use std::collections::HashMap;
use std::fmt;

use super::tree::{self, Json, Object};

use crate::date::PartialDate;
use crate::error::{Error, FieldError};
use crate::model::{
    Binding, InstrumentKind, MilestoneKind, Origin, Party, PartyRole, Source, Status, Update,
};
use crate::validate;

/// The format this version reads and writes.
pub const FORMAT: &str = "accord/1";

/// Deeper than this the file cannot be an exchange file; refuse before recursing.
const MAX_DEPTH: usize = 64;

/// A field of an object being merged: absent (`None`), or given (possibly as `null`).
pub type Given<T> = Option<T>;

#[derive(Debug, Clone)]
pub struct InstrumentDoc {
    pub path: DocPath,
    pub id: String,
    pub title: String,
    pub kind: InstrumentKind,
    pub binding: Binding,
    pub parties: Vec<Party>,
    pub signed: Given<Option<PartialDate>>,
    pub summary: Given<Option<String>>,
    pub sources: Given<Vec<Source>>,
    pub commitments: Vec<CommitmentDoc>,
}

#[derive(Debug, Clone)]
pub struct CommitmentDoc {
    pub path: DocPath,
    pub id: String,
    pub title: String,
    pub reference: Given<Option<String>>,
    pub text: Given<Option<String>>,
    pub themes: Given<Vec<String>>,
    pub lead: Given<Option<String>>,
    pub supporting: Given<Vec<String>>,
    pub milestones: Vec<MilestoneDoc>,
}

#[derive(Debug, Clone)]
pub struct MilestoneDoc {
    pub path: DocPath,
    pub id: String,
    pub title: String,
    pub due: Given<Option<PartialDate>>,
    /// `null` means the default, so the inner value is already resolved.
    pub origin: Given<Origin>,
    pub kind: Given<MilestoneKind>,
    pub updates: Vec<UpdateDoc>,
}

#[derive(Debug, Clone)]
pub struct UpdateDoc {
    pub path: DocPath,
    pub update: Update,
}

/// Parses and checks a whole file, handing over each instrument (with everything under
/// it) as soon as it is read and checked, so that an import can write one while the next
/// is parsed. Malformed JSON is reported with its line and column; otherwise every problem
/// found is reported with its path. Instruments are handed over only while no error has been
/// found, but an error may still come after some were (a later instrument, a repeated id,
/// the `format`, malformed JSON at the end): what `each` was given counts only if this
/// returns `Ok`.
pub fn parse_each(bytes: &[u8], mut each: impl FnMut(InstrumentDoc)) -> Result<(), Error> {
    // Editors on Windows may start a UTF-8 file with a byte-order mark; it is not data.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = Reader::default();
    let mut too_deep = false;
    let streamed = tree::from_slice_streaming(bytes, "instruments", |i, value| {
        // The top level and the array hold an instrument: two levels.
        too_deep = too_deep || depth(&value) + 2 > MAX_DEPTH;
        if too_deep {
            return;
        }
        let doc = reader.instrument(&value, DocPath::instrument(i));
        if let Some(doc) = doc.filter(|_| reader.errors.is_empty()) {
            each(doc);
        }
    })
    .map_err(|e| Error::Syntax {
        line: e.line(),
        column: e.column(),
        message: syntax_message(&e),
    })?;
    // The document's own errors come before its instruments'.
    let in_instruments = std::mem::take(&mut reader.errors);
    if reader.document(&streamed.value, too_deep, streamed.times) {
        reader.errors.extend(in_instruments);
        reader.check_unique_ids();
    }
    if reader.errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(reader.errors))
    }
}

fn syntax_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the caller says that in its own words.
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// Where an instrument, commitment, milestone or update sits in the file: its place in
/// each array down to it, shown as "instruments[0].commitments[2]". Kept as numbers and
/// spelled out only for a message: formatting a path for every object read was an
/// eighth of the parser's time on a large file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocPath {
    places: [usize; 4],
    depth: usize,
}

/// The arrays a [`DocPath`] steps through, outermost first.
const LEVELS: [&str; 4] = ["instruments", "commitments", "milestones", "updates"];

impl DocPath {
    fn instrument(place: usize) -> Self {
        DocPath {
            places: [place, 0, 0, 0],
            depth: 1,
        }
    }

    /// The object at `place` in this one's array of the next level down.
    fn child(self, place: usize) -> Self {
        let mut places = self.places;
        places[self.depth] = place;
        DocPath {
            places,
            depth: self.depth + 1,
        }
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, (level, place)) in LEVELS.iter().zip(self.places).take(self.depth).enumerate() {
            if n > 0 {
                f.write_str(".")?;
            }
            write!(f, "{level}[{place}]")?;
        }
        Ok(())
    }
}

/// Where a value sits: the steps to it from the top of the file or from an object of a
/// [`DocPath`]. Made on the stack as the reader goes down and spelled out only when a
/// message needs it.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Doc(DocPath),
    Key(&'a Path<'a>, &'a str),
    Item(&'a Path<'a>, &'a str, usize),
}

impl Path<'_> {
    /// What goes before a step below this one.
    fn prefix(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            other => write!(f, "{other}."),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Doc(doc) => doc.fmt(f),
            Path::Key(parent, key) => {
                parent.prefix(f)?;
                f.write_str(key)
            }
            Path::Item(parent, key, place) => {
                parent.prefix(f)?;
                write!(f, "{key}[{place}]")
            }
        }
    }
}

fn kind_of(value: &Json<'_>) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::Str(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn depth(value: &Json<'_>) -> usize {
    match value {
        Json::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Json::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Walks the JSON tree, recording errors as it goes; a `None` result means an error was
/// recorded for that value.
#[derive(Default)]
struct Reader {
    errors: Vec<FieldError>,
    /// Every object id seen, with the path of the object that has it.
    ids: Vec<(String, DocPath)>,
    update_ids: Vec<(String, DocPath)>,
}

impl Reader {
    fn fail<T>(&mut self, at: &Path<'_>, message: impl Into<String>) -> Option<T> {
        self.errors.push(FieldError::new(at.to_string(), message));
        None
    }

    fn check<T>(&mut self, at: &Path<'_>, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => self.fail(at, message),
        }
    }

    fn object<'v>(
        &mut self,
        value: &'v Json<'v>,
        path: &Path<'_>,
        known: &[&str],
    ) -> Option<&'v Object<'v>> {
        let Json::Object(map) = value else {
            return self.fail(path, format!("expected an object, got {}", kind_of(value)));
        };
        for (i, key) in map.keys().enumerate() {
            // A key the file repeats is reported once, at its first place.
            if !known.contains(&key) && !map.keys().take(i).any(|earlier| earlier == key) {
                self.errors.push(FieldError::new(
                    Path::Key(path, key).to_string(),
                    format!("unknown field; expected only {}", known.join(", ")),
                ));
            }
        }
        Some(map)
    }

    fn required<'v>(
        &mut self,
        map: &'v Object<'v>,
        path: &Path<'_>,
        key: &str,
    ) -> Option<&'v Json<'v>> {
        // A null goes on to the field's own check, which says what was expected.
        match map.get(key) {
            None => self.fail(&Path::Key(path, key), "required field is missing"),
            Some(v) => Some(v),
        }
    }

    fn string<'v>(&mut self, value: &'v Json<'v>, at: &Path<'_>) -> Option<&'v str> {
        match value {
            Json::Str(s) => Some(s),
            other => self.fail(at, format!("expected a string, got {}", kind_of(other))),
        }
    }

    fn required_str<'v>(
        &mut self,
        map: &'v Object<'v>,
        path: &Path<'_>,
        key: &str,
    ) -> Option<&'v str> {
        let value = self.required(map, path, key)?;
        self.string(value, &Path::Key(path, key))
    }

    /// An optional string: `Ok(None)` absent, `Ok(Some(None))` null. `Err` means reported.
    #[allow(clippy::type_complexity)]
    fn optional_str<'v>(
        &mut self,
        map: &'v Object<'v>,
        path: &Path<'_>,
        key: &str,
    ) -> Result<Given<Option<&'v str>>, ()> {
        match map.get(key) {
            None => Ok(None),
            Some(Json::Null) => Ok(Some(None)),
            Some(v) => self
                .string(v, &Path::Key(path, key))
                .map(|s| Some(Some(s)))
                .ok_or(()),
        }
    }

    fn optional_text(
        &mut self,
        map: &Object<'_>,
        path: &Path<'_>,
        key: &str,
    ) -> Result<Given<Option<String>>, ()> {
        match self.optional_str(map, path, key)? {
            None => Ok(None),
            Some(None) => Ok(Some(None)),
            Some(Some(s)) => self
                .check(&Path::Key(path, key), validate::optional_text(s))
                .map(|s| Some(Some(s)))
                .ok_or(()),
        }
    }

    fn optional_partial_date(
        &mut self,
        map: &Object<'_>,
        path: &Path<'_>,
        key: &str,
    ) -> Result<Given<Option<PartialDate>>, ()> {
        match self.optional_str(map, path, key)? {
            None => Ok(None),
            Some(None) => Ok(Some(None)),
            Some(Some(s)) => self
                .check(&Path::Key(path, key), validate::partial_date(s))
                .map(|d| Some(Some(d)))
                .ok_or(()),
        }
    }

    /// An optional array: `Ok(None)` absent; `null` counts as empty.
    fn optional_array<'v>(
        &mut self,
        map: &'v Object<'v>,
        path: &Path<'_>,
        key: &str,
    ) -> Result<Given<&'v [Json<'v>]>, ()> {
        match map.get(key) {
            None => Ok(None),
            Some(Json::Null) => Ok(Some(&[])),
            Some(Json::Array(items)) => Ok(Some(items)),
            Some(other) => {
                self.fail::<()>(
                    &Path::Key(path, key),
                    format!("expected an array, got {}", kind_of(other)),
                );
                Err(())
            }
        }
    }

    fn text(&mut self, map: &Object<'_>, path: &Path<'_>, key: &str) -> Option<String> {
        let s = self.required_str(map, path, key)?;
        self.check(&Path::Key(path, key), validate::text(s))
    }

    fn id(&mut self, map: &Object<'_>, doc: DocPath) -> Option<String> {
        let path = &Path::Doc(doc);
        let s = self.required_str(map, path, "id")?;
        let id = self.check(&Path::Key(path, "id"), validate::id(s))?;
        self.ids.push((id.clone(), doc));
        Some(id)
    }

    /// One word of a vocabulary; `expected` spells them all, for a message.
    fn vocabulary<T>(
        &mut self,
        value: &Json<'_>,
        at: &Path<'_>,
        parse: fn(&str) -> Option<T>,
        expected: fn() -> String,
    ) -> Option<T> {
        match value {
            Json::Str(s) => match parse(s) {
                Some(word) => Some(word),
                None => self.check(at, validate::one_of(s, parse, expected())),
            },
            other => self.fail(
                at,
                format!("expected {}, got {}", expected(), kind_of(other)),
            ),
        }
    }

    /// Checks the document around its instruments, which were checked as they were read
    /// (`value` holds their array empty). False when the document is refused whole, so
    /// nothing within it is worth reporting.
    fn document(&mut self, value: &Json<'_>, too_deep: bool, instruments_given: usize) -> bool {
        if too_deep || depth(value) > MAX_DEPTH {
            self.errors.push(FieldError::new(
                "",
                format!(
                    "the file nests deeper than {MAX_DEPTH} levels; an exchange file never does"
                ),
            ));
            return false;
        }
        let Some(map) = self.object(value, &Path::Root, &["format", "instruments"]) else {
            return false;
        };
        match map.get("format") {
            None => self.errors.push(FieldError::new(
                "format",
                format!("required field is missing; expected \"{FORMAT}\""),
            )),
            Some(Json::Str(s)) if s == FORMAT => {}
            Some(other) => self.errors.push(FieldError::new(
                "format",
                format!("expected \"{FORMAT}\", got {}", short_json(other)),
            )),
        }
        match map.get("instruments") {
            None => self
                .errors
                .push(FieldError::new("instruments", "required field is missing")),
            Some(_) if instruments_given > 1 => self.errors.push(FieldError::new(
                "instruments",
                format!(
                    "given {instruments_given} times; expected one array of instruments, \
                     so that none is silently left out"
                ),
            )),
            Some(Json::Array(_)) => {}
            Some(other) => self.errors.push(FieldError::new(
                "instruments",
                format!("expected an array, got {}", kind_of(other)),
            )),
        }
        true
    }

    fn instrument(&mut self, value: &Json<'_>, doc: DocPath) -> Option<InstrumentDoc> {
        let path = &Path::Doc(doc);
        let map = self.object(
            value,
            path,
            &[
                "id",
                "title",
                "kind",
                "binding",
                "parties",
                "signed",
                "summary",
                "sources",
                "commitments",
            ],
        )?;
        let id = self.id(map, doc);
        let title = self.text(map, path, "title");
        let kind = self.required(map, path, "kind").and_then(|v| {
            self.vocabulary(
                v,
                &Path::Key(path, "kind"),
                InstrumentKind::parse,
                InstrumentKind::expected,
            )
        });
        let binding = self.required(map, path, "binding").and_then(|v| {
            self.vocabulary(
                v,
                &Path::Key(path, "binding"),
                Binding::parse,
                Binding::expected,
            )
        });
        let parties = self.parties(map, path);
        let signed = self.optional_partial_date(map, path, "signed");
        let summary = self.optional_text(map, path, "summary");
        let sources = self.sources(map, path, "sources");
        let commitments = match self.optional_array(map, path, "commitments") {
            Ok(items) => items
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .map(|(i, v)| self.commitment(v, doc.child(i)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect::<Option<Vec<_>>>(),
            Err(()) => None,
        };
        Some(InstrumentDoc {
            path: doc,
            id: id?,
            title: title?,
            kind: kind?,
            binding: binding?,
            parties: parties?,
            signed: signed.ok()?,
            summary: summary.ok()?,
            sources: sources.ok()?,
            commitments: commitments?,
        })
    }

    fn parties(&mut self, map: &Object<'_>, path: &Path<'_>) -> Option<Vec<Party>> {
        let items = match self.required(map, path, "parties")? {
            Json::Array(items) => items,
            other => {
                return self.fail(
                    &Path::Key(path, "parties"),
                    format!("expected an array, got {}", kind_of(other)),
                )
            }
        };
        if items.is_empty() {
            return self.fail(&Path::Key(path, "parties"), "expected at least one party");
        }
        let parties: Vec<Option<Party>> = items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let p = Path::Item(path, "parties", i);
                let map = self.object(v, &p, &["name", "role"])?;
                let name = self.text(map, &p, "name");
                let role = self.required(map, &p, "role").and_then(|v| {
                    self.vocabulary(
                        v,
                        &Path::Key(&p, "role"),
                        PartyRole::parse,
                        PartyRole::expected,
                    )
                });
                Some(Party {
                    name: name?,
                    role: role?,
                })
            })
            .collect();
        parties.into_iter().collect()
    }

    fn sources(
        &mut self,
        map: &Object<'_>,
        path: &Path<'_>,
        key: &str,
    ) -> Result<Given<Vec<Source>>, ()> {
        let Some(items) = self.optional_array(map, path, key)? else {
            return Ok(None);
        };
        let sources: Vec<Option<Source>> = items
            .iter()
            .enumerate()
            .map(|(i, v)| self.source(v, &Path::Item(path, key, i)))
            .collect();
        sources
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or(())
    }

    fn source(&mut self, value: &Json<'_>, path: &Path<'_>) -> Option<Source> {
        let map = self.object(
            value,
            path,
            &["url", "title", "publisher", "published", "quote"],
        )?;
        let url = self
            .required_str(map, path, "url")
            .and_then(|s| self.check(&Path::Key(path, "url"), validate::url(s)));
        let title = self.optional_text(map, path, "title");
        let publisher = self.optional_text(map, path, "publisher");
        let published = self.optional_partial_date(map, path, "published");
        let quote = self.optional_text(map, path, "quote");
        Some(Source {
            url: url?,
            title: title.ok()?.flatten(),
            publisher: publisher.ok()?.flatten(),
            published: published.ok()?.flatten(),
            quote: quote.ok()?.flatten(),
        })
    }

    fn string_list(
        &mut self,
        map: &Object<'_>,
        path: &Path<'_>,
        key: &str,
        check: fn(&str) -> Result<String, String>,
    ) -> Result<Given<Vec<String>>, ()> {
        let Some(items) = self.optional_array(map, path, key)? else {
            return Ok(None);
        };
        let values: Vec<Option<String>> = items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let p = Path::Item(path, key, i);
                let s = self.string(v, &p)?;
                self.check(&p, check(s))
            })
            .collect();
        values
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or(())
    }

    fn commitment(&mut self, value: &Json<'_>, doc: DocPath) -> Option<CommitmentDoc> {
        let path = &Path::Doc(doc);
        let map = self.object(
            value,
            path,
            &[
                "id",
                "ref",
                "title",
                "text",
                "themes",
                "lead",
                "supporting",
                "milestones",
            ],
        )?;
        let id = self.id(map, doc);
        let reference = self.optional_text(map, path, "ref");
        let title = self.text(map, path, "title");
        let text = self.optional_text(map, path, "text");
        let themes = self.string_list(map, path, "themes", validate::theme);
        let lead = self.optional_text(map, path, "lead");
        let supporting = self.string_list(map, path, "supporting", validate::text);
        let milestones = match self.optional_array(map, path, "milestones") {
            Ok(items) => items
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .map(|(i, v)| self.milestone(v, doc.child(i)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect::<Option<Vec<_>>>(),
            Err(()) => None,
        };
        Some(CommitmentDoc {
            path: doc,
            id: id?,
            title: title?,
            reference: reference.ok()?,
            text: text.ok()?,
            themes: themes.ok()?,
            lead: lead.ok()?,
            supporting: supporting.ok()?,
            milestones: milestones?,
        })
    }

    fn optional_vocabulary<T>(
        &mut self,
        map: &Object<'_>,
        path: &Path<'_>,
        key: &str,
        parse: fn(&str) -> Option<T>,
        expected: fn() -> String,
        default: T,
    ) -> Result<Given<T>, ()> {
        match map.get(key) {
            None => Ok(None),
            Some(Json::Null) => Ok(Some(default)),
            Some(v) => self
                .vocabulary(v, &Path::Key(path, key), parse, expected)
                .map(Some)
                .ok_or(()),
        }
    }

    fn milestone(&mut self, value: &Json<'_>, doc: DocPath) -> Option<MilestoneDoc> {
        let path = &Path::Doc(doc);
        let map = self.object(
            value,
            path,
            &["id", "title", "due", "origin", "kind", "updates"],
        )?;
        let id = self.id(map, doc);
        let title = self.text(map, path, "title");
        let due = self.optional_partial_date(map, path, "due");
        let origin = self.optional_vocabulary(
            map,
            path,
            "origin",
            Origin::parse,
            Origin::expected,
            Origin::Stated,
        );
        let kind = self.optional_vocabulary(
            map,
            path,
            "kind",
            MilestoneKind::parse,
            MilestoneKind::expected,
            MilestoneKind::Output,
        );
        let milestone_id = id.clone().unwrap_or_default();
        let updates = match self.optional_array(map, path, "updates") {
            Ok(items) => items
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .map(|(i, v)| self.update(v, doc.child(i), &milestone_id))
                .collect::<Vec<_>>()
                .into_iter()
                .collect::<Option<Vec<_>>>(),
            Err(()) => None,
        };
        Some(MilestoneDoc {
            path: doc,
            id: id?,
            title: title?,
            due: due.ok()?,
            origin: origin.ok()?,
            kind: kind.ok()?,
            updates: updates?,
        })
    }

    fn update(&mut self, value: &Json<'_>, doc: DocPath, milestone_id: &str) -> Option<UpdateDoc> {
        let path = &Path::Doc(doc);
        let map = self.object(
            value,
            path,
            &[
                "id",
                "as_of",
                "status",
                "note",
                "evidence",
                "due",
                "contested",
                "author",
                "recorded_at",
            ],
        )?;
        let id = self
            .required_str(map, path, "id")
            .and_then(|s| self.check(&Path::Key(path, "id"), validate::uuid(s)));
        if let Some(id) = &id {
            self.update_ids.push((id.clone(), doc));
        }
        let as_of = self
            .required_str(map, path, "as_of")
            .and_then(|s| self.check(&Path::Key(path, "as_of"), validate::full_date(s)));
        let status = self.required(map, path, "status").and_then(|v| {
            self.vocabulary(
                v,
                &Path::Key(path, "status"),
                Status::parse,
                Status::expected,
            )
        });
        let note = self.text(map, path, "note");
        let evidence = self.sources(map, path, "evidence");
        let due = self.optional_partial_date(map, path, "due");
        let contested = match map.get("contested") {
            None | Some(Json::Null) => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(other) => {
                self.fail::<()>(
                    &Path::Key(path, "contested"),
                    format!("expected true or false, got {}", kind_of(other)),
                );
                Err(())
            }
        };
        let author = self.optional_text(map, path, "author");
        let recorded_at = match self.optional_str(map, path, "recorded_at") {
            Ok(Some(Some(s))) => self
                .check(&Path::Key(path, "recorded_at"), validate::timestamp(s))
                .map(Some)
                .ok_or(()),
            Ok(_) => Ok(None),
            Err(()) => Err(()),
        };
        Some(UpdateDoc {
            path: doc,
            update: Update {
                id: id?,
                milestone_id: milestone_id.to_string(),
                as_of: as_of?,
                status: status?,
                note: note?,
                evidence: evidence.ok()?.unwrap_or_default(),
                due: due.ok()?.flatten(),
                contested: contested.ok()?,
                author: author.ok()?.flatten(),
                recorded_at: recorded_at.ok()?,
            },
        })
    }

    /// Ids are unique across the whole file, whatever the kind of object.
    fn check_unique_ids(&mut self) {
        for list in [&self.ids, &self.update_ids] {
            // Sized once: growing it rehashed every id seen so far, a fifth of parsing.
            let mut first: HashMap<&str, &DocPath> = HashMap::with_capacity(list.len());
            let mut dups = Vec::new();
            for (id, path) in list.iter() {
                if let Some(earlier) = first.get(id.as_str()) {
                    dups.push(FieldError::new(
                        format!("{path}.id"),
                        format!("id {id:?} is already used at {earlier}.id; ids must be unique in the file"),
                    ));
                } else {
                    first.insert(id, path);
                }
            }
            self.errors.extend(dups);
        }
    }
}

fn short_json(value: &Json<'_>) -> String {
    match value {
        Json::Str(text) => validate::quoted(text),
        other => validate::shortened(&serde_json::to_string(other).unwrap_or_default()),
    }
}
