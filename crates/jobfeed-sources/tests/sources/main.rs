//! The generic sources (feeds, career pages, HTML lists, sitemaps) and the
//! fixture faults against real sites on loopback, as one test binary;
//! `support` holds their shared fetcher, members and boards.

mod faults;
mod generic;
mod support;
