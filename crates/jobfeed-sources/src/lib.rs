//! Sources of job postings: where a member company publishes its jobs and
//! how to read them.
//!
//! | module | does |
//! | --- | --- |
//! | [`config`] | `feeds/members/*.toml`: member companies and their sources, validated on load |
//! | [`crawl`] | crawling one source: [`crawl::crawl_source`], its result and errors |
//! | [`generic`] | feeds, career pages (with detail follow), HTML lists, sitemaps |
//! | [`ats`] | one adapter per applicant-tracking system |
//! | [`discover`] | `jobfeed discover URL`: finding a company's career page, ATS, feeds and sitemaps |

pub mod ats;
pub mod config;
pub mod crawl;
pub mod discover;
pub mod generic;
