//! The subcommands of `jobfeed`, one module each.

pub(crate) mod check;
pub(crate) mod discover;
pub(crate) mod eval;
pub(crate) mod explain;
pub(crate) mod parse;
