//! The exchange format (`../shared/spec/exchange-format.md`): reading it with every error
//! and its JSON path, merging it into the store, and writing it back byte for byte; plus
//! the CSV view of milestones.

pub mod csv;
pub mod export;
pub mod import;
pub mod limits;
pub mod parse;
mod tree;

pub use export::{export_json, ExportScope};
pub use import::{import_bytes, import_bytes_indexed, ImportSummary};
pub use limits::{read_import, read_limited, MAX_FILE_BYTES};
pub use parse::FORMAT;
