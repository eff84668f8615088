//! Tests of jobfeed-campaigns, one binary with a module per area.

mod changes;
mod common;
mod config;
mod delta;
mod etag;
mod matching;
mod render;
mod webhook;
