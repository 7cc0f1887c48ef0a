//! Accord's core: the domain of instruments, commitments, milestones and append-only
//! updates; the SQLite store; what is derived as of a date; the exchange format; PDF
//! reports; and the `accord` command-line tool. It never depends on the desktop shell.

pub mod cli;
pub mod dataset;
pub mod date;
pub mod derive;
pub mod edit;
pub mod error;
pub mod exchange;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod model;
pub mod record;
pub mod report;
pub mod snapshot;
pub mod store;
pub mod validate;
pub mod views;

pub use error::{Error, FieldError, Result};
pub use store::Store;
