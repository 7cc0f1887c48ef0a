//! Writes a generated exchange file for benchmarks and trials:
//! `generate MILESTONES [SEED] > file.json` (about three updates per milestone).

use std::io::{BufWriter, Write};

fn main() {
    let mut args = std::env::args().skip(1);
    let milestones = args
        .next()
        .and_then(|n| n.parse().ok())
        .expect("usage: generate MILESTONES [SEED] > file.json");
    let seed = args
        .next()
        .map_or(1, |s| s.parse().expect("SEED is a number"));
    let size = accord::generate::Size {
        milestones,
        updates_per_milestone: 3,
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    accord::generate::write_document(&mut out, seed, size).expect("write the file");
    out.flush().expect("write the file");
}
