//! The subcommands of `jobfeed`, one module each.

pub(crate) mod check;
pub(crate) mod coverage;
pub(crate) mod crawl;
pub(crate) mod demo;
pub(crate) mod discover;
pub(crate) mod eval;
pub(crate) mod explain;
pub(crate) mod feed;
pub(crate) mod parse;
pub(crate) mod reindex;
pub(crate) mod run;
pub(crate) mod search;
pub(crate) mod worker;
