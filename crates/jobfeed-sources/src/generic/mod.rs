//! Sources that are not an ATS: feeds, career pages, HTML lists and
//! sitemaps.
//!
//! | module | reads |
//! | --- | --- |
//! | [`feed`] | RSS, Atom, JSON Feed or mapped XML, with conditional GET |
//! | [`career_page`] | a page's schema.org postings, following its detail links |
//! | [`html_list`] | list pages through a CSS recipe, paging and following details |
//! | [`sitemap`] | sitemaps and sitemap indexes, following job URLs that match a pattern |
//!
//! `details` follows detail pages for the last three through the
//! [`crate::crawl::DetailCache`]; `document` fetches, checks and parses one
//! document.

pub mod career_page;
mod details;
mod document;
pub mod feed;
pub mod html_list;
pub mod sitemap;
