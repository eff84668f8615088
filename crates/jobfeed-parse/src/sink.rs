//! Where parsed postings and warnings go: [`RawSink`] for format modules,
//! [`PostingSink`] for callers.

use std::fmt;

use jobfeed_core::Posting;

use crate::RawPosting;

/// A problem with one item or one part of a document that did not stop the
/// parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based number of the item the problem is about, if any.
    pub item: Option<usize>,
    /// 1-based line in the (decoded) input, where known.
    pub line: Option<u64>,
    /// 1-based column in that line, where known.
    pub column: Option<u64>,
    /// What is wrong, lowercase, naming the offending value.
    pub message: String,
}

impl Warning {
    /// A warning about the document at a known line and column.
    pub fn at(line: u64, column: u64, message: impl Into<String>) -> Self {
        Warning {
            item: None,
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// A warning about one item.
    pub fn item(item: usize, message: impl Into<String>) -> Self {
        Warning {
            item: Some(item),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A warning about the document as a whole.
    pub fn document(message: impl Into<String>) -> Self {
        Warning {
            item: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
            f.write_str(": ")?;
        }
        if let Some(item) = self.item {
            write!(f, "item {item}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Receives what a format module reads.
pub trait RawSink {
    /// One posting, in source order.
    fn raw(&mut self, posting: RawPosting);
    /// One problem that did not stop the parse.
    fn warning(&mut self, warning: Warning);
    /// How many postings were received so far (for numbering items in
    /// warnings).
    fn count(&self) -> usize;
}

/// Receives normalised postings.
pub trait PostingSink {
    /// One posting, in source order.
    fn posting(&mut self, posting: Posting);
    /// One problem that did not stop the parse.
    fn warning(&mut self, warning: Warning);
}

/// A [`PostingSink`] that keeps everything in memory.
#[derive(Debug, Default)]
pub struct Collected {
    /// The postings received.
    pub postings: Vec<Posting>,
    /// The warnings received.
    pub warnings: Vec<Warning>,
}

impl PostingSink for Collected {
    fn posting(&mut self, posting: Posting) {
        self.postings.push(posting);
    }

    fn warning(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }
}

/// A [`RawSink`] that keeps raw postings in memory; for format tests.
#[derive(Debug, Default)]
pub struct RawCollected {
    /// The raw postings received.
    pub postings: Vec<RawPosting>,
    /// The warnings received.
    pub warnings: Vec<Warning>,
}

impl RawSink for RawCollected {
    fn raw(&mut self, posting: RawPosting) {
        self.postings.push(posting);
    }

    fn warning(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    fn count(&self) -> usize {
        self.postings.len()
    }
}
