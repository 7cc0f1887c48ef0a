//! The core's one error type. Every message is written for the person at the keyboard:
//! it names the field (as a JSON path where there is one) and says what was expected.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct FieldError {
    /// Where: a JSON path such as `instruments[0].commitments[2].milestones[1].due`, or a
    /// form field such as `as_of`. Empty for the input as a whole.
    pub path: String,
    /// What was expected there, and what was found.
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input breaks one or more rules; nothing was changed.
    #[error("{}", describe_invalid(.0))]
    Invalid(Vec<FieldError>),

    /// The input is not JSON at all.
    #[error(
        "the file is not valid JSON: {message} (line {line}, column {column}); nothing was changed"
    )]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{0}")]
    NotFound(String),

    /// The request is understood but would lose or break something, so it is refused.
    #[error("{0}")]
    Refused(String),

    #[error(
        "this database has schema version {found}, newer than this version of Accord knows \
         (schema version {known}); it was left untouched. Use a newer Accord to open it."
    )]
    NewerSchema { found: i64, known: i64 },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

fn describe_invalid(errors: &[FieldError]) -> String {
    match errors {
        [one] => format!("{one}; nothing was changed"),
        many => {
            let mut text = format!("{} problems found; nothing was changed:", many.len());
            for e in many {
                text.push_str("\n  - ");
                text.push_str(&e.to_string());
            }
            text
        }
    }
}

impl Error {
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(path, message)])
    }

    /// A short stable word for the kind of error, for programs (the desktop UI) to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::Syntax { .. } => "syntax",
            Error::NotFound(_) => "not_found",
            Error::Refused(_) => "refused",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
        }
    }

    /// The field errors, where this error is about fields.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Invalid(errors) => errors,
            _ => &[],
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
