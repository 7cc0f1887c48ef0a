//! The one error type that crosses into the UI: `{code, message, path, fields}`, where
//! `path` names the form field the message belongs beside (the first one when several are
//! wrong) and `fields` lists every field error.

use accord::FieldError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommandError {
    /// A stable word to branch on: `invalid`, `syntax`, `not_found`, `refused`, `io`, …
    pub code: String,
    /// What went wrong, in words for the user.
    pub message: String,
    /// The field the message is about, when there is one.
    pub path: Option<String>,
    pub fields: Vec<FieldError>,
}

impl From<accord::Error> for CommandError {
    fn from(error: accord::Error) -> Self {
        let fields = error.field_errors().to_vec();
        CommandError {
            code: error.code().to_string(),
            message: error.to_string(),
            path: fields.first().map(|f| f.path.clone()),
            fields,
        }
    }
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CommandError {
            code: code.into(),
            message: message.into(),
            path: None,
            fields: Vec::new(),
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
