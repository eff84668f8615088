//! Daily delta files for consumers that mirror a whole region.
//!
//! `jobs_new-YYYY-MM-DD.jsonl` holds the postings that appeared that day,
//! `jobs_expired-YYYY-MM-DD.jsonl` those that expired or vanished; one
//! posting JSON (the contract's shape) per line. Files are appended to as
//! the day's indexing batches come in, so a consumer reading a day's file
//! after the day ends gets all of it; a posting may appear twice in a file
//! if it was indexed, lost and found again that day (consumers key by `id`).
//! A call with no postings still creates the file, so "nothing new today"
//! differs from "not produced".

use std::fs::OpenOptions;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use jobfeed_core::Posting;

/// Which delta file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeltaKind {
    /// `jobs_new`: postings that appeared.
    New,
    /// `jobs_expired`: postings that expired or were removed.
    Expired,
}

impl DeltaKind {
    /// The file name prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            DeltaKind::New => "jobs_new",
            DeltaKind::Expired => "jobs_expired",
        }
    }
}

/// The path of a day's delta file in `dir`.
pub fn delta_path(dir: &Path, kind: DeltaKind, day: NaiveDate) -> PathBuf {
    dir.join(format!(
        "{}-{}.jsonl",
        kind.prefix(),
        day.format("%Y-%m-%d")
    ))
}

/// Appends `postings` to the day's delta file in `dir` (creating both as
/// needed) and returns the file's path.
pub fn append_delta<'p>(
    dir: &Path,
    kind: DeltaKind,
    day: NaiveDate,
    postings: impl IntoIterator<Item = &'p Posting>,
) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = delta_path(dir, kind, day);
    let file = OpenOptions::new().create(true).append(true).open(&path)?;
    let mut out = BufWriter::new(file);
    for posting in postings {
        let mut line = serde_json::to_vec(posting)?;
        line.push(b'\n');
        out.write_all(&line)?;
    }
    out.flush()?;
    Ok(path)
}
