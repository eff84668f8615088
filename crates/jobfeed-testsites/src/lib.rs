//! Fixture career sites served over real HTTP on loopback addresses
//! (127.0.0.x), for tests, the demo and benchmarks.
//!
//! | module | holds |
//! | --- | --- |
//! | [`board`] | [`board::Board`]: the postings a site publishes, changeable while it runs |
//! | [`server`] | binding a site on an address, the request log |
//! | [`faults`] | switchable faults, robots.txt and conditional GET per site |
//! | [`generate`] | deterministic realistic ads and fictional member companies |
//! | [`sites`] | one module per site kind and ATS, rendering a board the way the real system does |
//! | [`world`] | the demo world: every fictional member company's sites running at once, with their member files |

pub mod board;
pub mod faults;
pub mod generate;
pub mod server;
pub mod sites;
pub mod world;
