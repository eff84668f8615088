//! The API as a client sees it: a real server on 127.0.0.1:0 over a hub in a
//! temp data dir, filled through `Hub::ingest`, queried with reqwest.

mod campaigns;
mod common;
mod companies;
mod feeds;
mod jobs;
mod ops;
