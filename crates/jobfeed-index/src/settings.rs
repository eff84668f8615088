//! Index settings: [`IndexSettings`] and its sections [`AnalysisSettings`],
//! [`WriterSettings`] and [`SearchSettings`], read from
//! `index/settings.toml` (typed, unknown keys refused, validated on load).
//! The repository's file is compiled in as the default.

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::IndexError;

/// The repository's `index/settings.toml`, compiled in.
const EMBEDDED: &str = include_str!("../../../index/settings.toml");

/// tantivy's minimum heap per indexing thread (`MEMORY_BUDGET_NUM_BYTES_MIN`):
/// below it every document becomes its own segment.
const MIN_MB_PER_THREAD: u32 = 15;

/// All settings of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSettings {
    /// Version of the document layout; a different version on disk makes
    /// [`crate::PostingIndex::open`] wipe the index and ask for a rebuild.
    pub schema_version: u32,
    /// How text is analysed (part of what is on disk, like the version).
    pub analysis: AnalysisSettings,
    /// Writer thread and commit batching.
    pub writer: WriterSettings,
    /// Search limits and snippets.
    pub search: SearchSettings,
}

/// How titles and descriptions are analysed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSettings {
    /// Tokens longer than this many bytes are dropped.
    pub max_token_bytes: usize,
    /// Whether Danish and English stop words are dropped.
    pub stop_words: bool,
}

/// The writer thread and how it batches commits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriterSettings {
    /// Indexing threads of the tantivy writer.
    pub threads: u32,
    /// Memory shared by the indexing threads, in MB.
    pub memory_budget_mb: u32,
    /// Commit after this many uncommitted changes.
    pub commit_every_changes: u32,
    /// Commit this long after the first uncommitted change, in milliseconds.
    pub commit_every_ms: u64,
    /// Changes queued for the writer thread before callers wait.
    pub queue_capacity: usize,
}

/// Search limits and snippets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// Longest highlighted snippet, in characters.
    pub snippet_chars: usize,
    /// Deepest `offset` a query may ask for.
    pub max_offset: usize,
}

impl Default for IndexSettings {
    /// The compiled-in `index/settings.toml`.
    fn default() -> Self {
        // A unit test proves the embedded file parses and validates; should
        // that ever break, fall back to the same values written out.
        Self::from_toml(EMBEDDED, "embedded index/settings.toml")
            .unwrap_or_else(|_| Self::builtin())
    }
}

impl IndexSettings {
    /// Reads and validates a settings file.
    pub fn load(path: &Path) -> Result<Self, IndexError> {
        let text = std::fs::read_to_string(path).map_err(|source| IndexError::Io {
            action: "read index settings",
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// Parses and validates settings from TOML text; `origin` names the text
    /// in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, IndexError> {
        let settings: IndexSettings = toml::from_str(text).map_err(|e| IndexError::Settings {
            origin: origin.to_owned(),
            reason: e.to_string(),
        })?;
        settings.validate().map_err(|reason| IndexError::Settings {
            origin: origin.to_owned(),
            reason,
        })?;
        Ok(settings)
    }

    /// Checks every value against its documented range.
    pub fn validate(&self) -> Result<(), String> {
        let a = &self.analysis;
        let w = &self.writer;
        let s = &self.search;
        check(
            self.schema_version >= 1,
            "schema_version must be at least 1",
        )?;
        check(
            (10..=255).contains(&a.max_token_bytes),
            "analysis.max_token_bytes must be within 10–255",
        )?;
        check(
            (1..=8).contains(&w.threads),
            "writer.threads must be within 1–8",
        )?;
        check(
            w.memory_budget_mb >= w.threads * MIN_MB_PER_THREAD && w.memory_budget_mb <= 4000,
            "writer.memory_budget_mb must be at least 15 per thread and at most 4000",
        )?;
        check(
            w.commit_every_changes >= 1,
            "writer.commit_every_changes must be at least 1",
        )?;
        check(
            (10..=600_000).contains(&w.commit_every_ms),
            "writer.commit_every_ms must be within 10–600000",
        )?;
        check(
            (1..=1_000_000).contains(&w.queue_capacity),
            "writer.queue_capacity must be within 1–1000000",
        )?;
        check(
            (50..=1000).contains(&s.snippet_chars),
            "search.snippet_chars must be within 50–1000",
        )?;
        check(
            s.max_offset <= 1_000_000,
            "search.max_offset must be at most 1000000",
        )
    }

    /// The interval after which uncommitted changes are committed.
    pub fn commit_interval(&self) -> Duration {
        Duration::from_millis(self.writer.commit_every_ms)
    }

    /// The values of the repository's settings file, written out.
    fn builtin() -> Self {
        IndexSettings {
            schema_version: 2,
            analysis: AnalysisSettings {
                max_token_bytes: 40,
                stop_words: true,
            },
            writer: WriterSettings {
                threads: 2,
                memory_budget_mb: 256,
                commit_every_changes: 1000,
                commit_every_ms: 1000,
                queue_capacity: 4096,
            },
            search: SearchSettings {
                snippet_chars: 200,
                max_offset: 10_000,
            },
        }
    }
}

/// `Ok` when `ok`, else the reason.
fn check(ok: bool, reason: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(reason.to_owned()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_file_is_valid_and_matches_the_builtin_values() {
        let parsed = IndexSettings::from_toml(EMBEDDED, "embedded").unwrap();
        assert_eq!(parsed, IndexSettings::builtin());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused_with_the_reason() {
        let unknown = EMBEDDED.replace("stop_words = true", "stop_words = true\nstopwords = 1");
        assert!(IndexSettings::from_toml(&unknown, "t").is_err());
        let low = EMBEDDED.replace("memory_budget_mb = 256", "memory_budget_mb = 20");
        let err = IndexSettings::from_toml(&low, "t").unwrap_err().to_string();
        assert!(err.contains("memory_budget_mb"), "{err}");
    }
}
