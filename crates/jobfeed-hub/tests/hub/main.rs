//! Tests of the hub against real components: SQLite state and a tantivy
//! index in temp dirs, fixture career sites on loopback crawled through the
//! real fetcher.

mod crawl;
mod merge;
mod persist;
mod support;
mod webhook;
