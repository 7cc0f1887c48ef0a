//! The domain as the exchange format defines it: instruments hold commitments, which hold
//! milestones, which collect append-only updates with evidence.
//!
//! These are plain values with their vocabularies. Checking raw input lives in
//! `validate`, storage in `store`, and everything computed from updates (status as of a
//! date, timeliness, slip) in `derive`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::PartialDate;

/// A closed vocabulary: a fieldless enum whose values the spec lists in order.
pub trait Vocabulary: Copy + 'static {
    /// Every value, in the order the spec lists them.
    const ALL: &'static [Self];

    /// The value's place in [`Vocabulary::ALL`].
    fn index(self) -> usize;

    /// The value as the exchange format spells it.
    fn as_str(self) -> &'static str;
}

/// Declares a closed vocabulary: its spellings in the exchange format, in order.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order the spec lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, for error messages.
            pub fn expected() -> String {
                let names: Vec<&str> = vec![$($text),+];
                format!("one of {}", names.join(", "))
            }
        }

        impl Vocabulary for $name {
            const ALL: &'static [$name] = $name::ALL;

            fn index(self) -> usize {
                // Declared in the order of `ALL`, without explicit discriminants.
                self as usize
            }

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What sort of document an instrument is.
    InstrumentKind {
        Mou = "mou",
        Agreement = "agreement",
        ActionPlan = "action_plan",
        Declaration = "declaration",
        Pledge = "pledge",
        Law = "law",
        Other = "other",
    }
);

vocabulary!(
    /// How binding an instrument is on its parties.
    Binding { Binding = "binding", NonBinding = "non_binding", Unknown = "unknown" }
);

vocabulary!(
    /// A party's role in an instrument.
    PartyRole { Government = "government", Company = "company", Other = "other" }
);

vocabulary!(
    /// Whether a milestone is in the instrument's own text or added by an analyst.
    Origin { Stated = "stated", Derived = "derived" }
);

vocabulary!(
    /// Whether a milestone is the action taken or the effect achieved.
    MilestoneKind { Output = "output", Outcome = "outcome" }
);

vocabulary!(
    /// The status an update records.
    Status {
        NotStarted = "not_started",
        InProgress = "in_progress",
        Stalled = "stalled",
        Done = "done",
        PartlyDone = "partly_done",
        Missed = "missed",
        Withdrawn = "withdrawn",
        Unclear = "unclear",
    }
);

vocabulary!(
    /// A milestone's status as of a date: an update's status, or `unassessed` where no
    /// update counts yet.
    MilestoneStatus {
        Unassessed = "unassessed",
        NotStarted = "not_started",
        InProgress = "in_progress",
        Stalled = "stalled",
        Done = "done",
        PartlyDone = "partly_done",
        Missed = "missed",
        Withdrawn = "withdrawn",
        Unclear = "unclear",
    }
);

vocabulary!(
    /// Where a milestone stands against its deadline as of a date.
    Timeliness {
        Overdue = "overdue",
        DueSoon = "due_soon",
        Late = "late",
        OnTime = "on_time",
        Undated = "undated",
    }
);

impl Status {
    /// `done`, `partly_done`, `missed` and `withdrawn` end a milestone's story.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Done | Status::PartlyDone | Status::Missed | Status::Withdrawn
        )
    }
}

impl From<Status> for MilestoneStatus {
    fn from(status: Status) -> Self {
        MilestoneStatus::parse(status.as_str()).expect("every update status is a milestone status")
    }
}

impl MilestoneStatus {
    pub fn is_final(self) -> bool {
        Status::parse(self.as_str()).is_some_and(Status::is_final)
    }
}

/// The three levels of the hierarchy, for messages, the change log and search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Instrument,
    Commitment,
    Milestone,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Instrument => "instrument",
            EntityKind::Commitment => "commitment",
            EntityKind::Milestone => "milestone",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "instrument" => Some(EntityKind::Instrument),
            "commitment" => Some(EntityKind::Commitment),
            "milestone" => Some(EntityKind::Milestone),
            _ => None,
        }
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A party to an instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Party {
    pub name: String,
    pub role: PartyRole,
}

/// A cited source: where a claim can be checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Source {
    pub url: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    #[ts(as = "Option<String>")]
    pub published: Option<PartialDate>,
    pub quote: Option<String>,
}

impl Source {
    pub fn from_url(url: impl Into<String>) -> Self {
        Source {
            url: url.into(),
            title: None,
            publisher: None,
            published: None,
            quote: None,
        }
    }
}

/// An agreement, plan, pledge or law whose commitments are followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Instrument {
    pub id: String,
    pub title: String,
    pub kind: InstrumentKind,
    pub binding: Binding,
    pub parties: Vec<Party>,
    #[ts(as = "Option<String>")]
    pub signed: Option<PartialDate>,
    pub summary: Option<String>,
    pub sources: Vec<Source>,
    pub archived: bool,
}

/// One thing an instrument promises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Commitment {
    pub id: String,
    pub instrument_id: String,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub title: String,
    pub text: Option<String>,
    pub themes: Vec<String>,
    pub lead: Option<String>,
    pub supporting: Vec<String>,
    pub archived: bool,
}

/// A datable step of a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Milestone {
    pub id: String,
    pub commitment_id: String,
    pub title: String,
    #[ts(as = "Option<String>")]
    pub due: Option<PartialDate>,
    pub origin: Origin,
    pub kind: MilestoneKind,
    pub archived: bool,
}

/// A dated observation of a milestone's progress. Never edited, never deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Update {
    pub id: String,
    pub milestone_id: String,
    #[serde(serialize_with = "crate::date::serialize_day")]
    pub as_of: NaiveDate,
    pub status: Status,
    pub note: String,
    pub evidence: Vec<Source>,
    #[ts(as = "Option<String>")]
    pub due: Option<PartialDate>,
    pub contested: Option<bool>,
    pub author: Option<String>,
    pub recorded_at: Option<String>,
}
