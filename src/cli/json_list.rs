//! Writing a long list as indented JSON on two cores. At 100k milestones `accord
//! milestones --json` writes 36 MB of text, a fifth of its time, after the second core has
//! finished its share of the reading. The list is written in blocks, every other block on
//! a second thread, each into a buffer that is reused, and the blocks are joined into the
//! very bytes one writer would have written.

use std::io::{self, Write};
use std::sync::mpsc;

use serde::Serialize;

/// Lists shorter than this are written on one thread: a thread costs more than it saves.
pub const SPLIT_FROM: usize = 2 * BLOCK;

/// Rows to a block: about 350 KB of text for milestone rows, small enough to stay in the
/// cache and be reused, large enough that handing blocks over costs nothing.
const BLOCK: usize = 1024;

/// Writes `rows` as serde_json's indented array, byte for byte as
/// `serde_json::to_writer_pretty(out, rows)` would.
pub fn write_pretty_list<T: Serialize + Sync, W: Write>(rows: &[T], mut out: W) -> io::Result<()> {
    if rows.len() < SPLIT_FROM {
        return serde_json::to_writer_pretty(out, rows).map_err(io::Error::from);
    }
    let blocks: Vec<&[T]> = rows.chunks(BLOCK).collect();
    std::thread::scope(|scope| {
        // The odd blocks come back written, at most one waiting; their buffers go back.
        let (written, odd) = mpsc::sync_channel::<serde_json::Result<Vec<u8>>>(1);
        let (give_back, spare) = mpsc::channel::<Vec<u8>>();
        let blocks = &blocks;
        scope.spawn(move || {
            for block in blocks.iter().skip(1).step_by(2) {
                let mut text = spare.try_recv().unwrap_or_default();
                text.clear();
                let result = serde_json::to_writer_pretty(&mut text, block).map(|()| text);
                if written.send(result).is_err() {
                    break; // The writer stopped (a closed pipe).
                }
            }
        });
        let mut even = Vec::new();
        out.write_all(b"[")?;
        for (n, block) in blocks.iter().enumerate() {
            let text = if n % 2 == 0 {
                even.clear();
                serde_json::to_writer_pretty(&mut even, block)?;
                std::mem::take(&mut even)
            } else {
                odd.recv()
                    .expect("the writer of odd blocks writes every one")?
            };
            // Each block is a whole array, "[\n  {…},\n  {…}\n]": its rows are what lies
            // between the opening "[" and the closing "\n]", and blocks are joined by ",".
            if n > 0 {
                out.write_all(b",")?;
            }
            out.write_all(&text[1..text.len() - 2])?;
            if n % 2 == 0 {
                even = text;
            } else {
                let _ = give_back.send(text);
            }
        }
        out.write_all(b"\n]")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: String,
        n: usize,
        nested: Vec<Option<u8>>,
        empty: Vec<u8>,
    }

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|i| Row {
                id: format!("row \"{i}\" ü\n"),
                n: i,
                nested: vec![None, Some((i % 7) as u8)],
                empty: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_list_written_in_blocks_reads_as_one_writer_writes_it() {
        for n in [
            0,
            1,
            SPLIT_FROM - 1,
            SPLIT_FROM,
            SPLIT_FROM + 1,
            3 * BLOCK,
            5 * BLOCK + 7,
        ] {
            let rows = rows(n);
            let mut ours = Vec::new();
            write_pretty_list(&rows, &mut ours).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string_pretty(&rows).unwrap(),
                "{n} rows"
            );
        }
    }

    /// A writer that refuses everything after its first `room` bytes.
    struct Closes {
        room: usize,
    }

    impl Write for Closes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_output_stops_both_writers_with_its_error() {
        let rows = rows(9 * BLOCK);
        let whole = serde_json::to_vec_pretty(&rows).unwrap().len();
        for room in [0, 10, whole / 3, whole - 1] {
            let error = write_pretty_list(&rows, Closes { room }).unwrap_err();
            assert_eq!(
                error.kind(),
                io::ErrorKind::BrokenPipe,
                "after {room} bytes"
            );
        }
    }
}
