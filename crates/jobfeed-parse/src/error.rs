//! [`ParseError`]: why a whole input could not be parsed.

use thiserror::Error;

/// Why an input could not be read or recognised. Problems with single items
/// are [`crate::Warning`]s instead.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The input could not be read. The reason is in the message, not a
    /// `source()` as well, so that a printed error chain names it once.
    #[error("cannot read input: {0}")]
    Io(std::io::Error),
    /// The input is binary data, not a text document.
    #[error("input is not a text document: {0}")]
    Binary(String),
    /// The input is empty or whitespace only.
    #[error("input is empty")]
    Empty,
    /// `--kind auto` could not tell the format.
    #[error("unrecognised format: {0}; name it with --kind")]
    Unrecognised(String),
    /// The document is not what its kind says, before any item could be read.
    #[error("not a valid {kind} document: {message}")]
    Invalid {
        /// The format that was expected.
        kind: &'static str,
        /// What was wrong, with line and column where known.
        message: String,
    },
    /// A format needs configuration that was not given.
    #[error("{kind} needs {what}")]
    MissingConfig {
        /// The format.
        kind: &'static str,
        /// What to give, e.g. "a CSS recipe (--recipe FILE)".
        what: &'static str,
    },
    /// A mapping or recipe file is invalid.
    #[error("invalid {what}: {message}")]
    Config {
        /// Which file or setting.
        what: String,
        /// The reason, naming the field.
        message: String,
    },
}

impl From<std::io::Error> for ParseError {
    fn from(error: std::io::Error) -> Self {
        ParseError::Io(error)
    }
}
