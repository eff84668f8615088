//! Tests of the web UI against a real server on loopback holding fixture
//! data (a hub in a temp dir filled through `Hub::ingest`): `pages` fetches
//! pages with reqwest, `browser` drives headless Chromium through WebDriver.

mod browser;
mod pages;
mod support;
