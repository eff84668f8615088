//! Tests of the state store against real SQLite, in memory and in files.

mod common;
mod crawl;
mod expiry;
mod hubdata;
mod store;
