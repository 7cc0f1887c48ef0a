//! How much an import may read. A file is parsed whole, so one far larger than any real
//! dataset (the generated 100k-milestone file is well under this) is refused before it is
//! read, instead of exhausting memory on the way.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest exchange file Accord imports: 256 MiB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

fn too_large(name: &str, limit: u64) -> Error {
    let size = if limit >= 1 << 20 {
        format!("{} MB", limit >> 20)
    } else {
        format!("{limit} bytes")
    };
    Error::Refused(format!(
        "{name} is larger than {size}, the largest file Accord imports; nothing was changed"
    ))
}

/// Reads an import file, refusing one over [`MAX_FILE_BYTES`] from its size alone.
pub fn read_import(path: &Path) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_large(&path.display().to_string(), MAX_FILE_BYTES));
    }
    // Sized once from the file's length: growing by doubling copied a 40 MB file several
    // times over.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    read_into(
        file,
        &mut bytes,
        &path.display().to_string(),
        MAX_FILE_BYTES,
    )?;
    Ok(bytes)
}

/// Reads a stream whose size is not known in advance (standard input), stopping with an
/// error as soon as it passes `limit` bytes.
pub fn read_limited(reader: impl Read, name: &str, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_into(reader, &mut bytes, name, limit)?;
    Ok(bytes)
}

fn read_into(reader: impl Read, bytes: &mut Vec<u8>, name: &str, limit: u64) -> Result<()> {
    reader
        .take(limit + 1)
        .read_to_end(bytes)
        .map_err(|source| Error::Io {
            path: name.into(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_large(name, limit));
    }
    Ok(())
}
