//! One module per fixture site kind: each renders a [`crate::board::Board`]
//! the way the real system does, quirks included.

pub mod ashby;
pub mod career_page;
pub mod discovery;
pub mod emply;
pub mod feeds;
pub mod greenhouse;
pub mod hr_manager;
pub mod html_list;
pub mod jobylon;
pub mod lever;
pub mod microdata;
pub mod personio;
pub mod recruitee;
pub mod sitemap;
pub mod smartrecruiters;
pub mod successfactors;
pub mod teamtailor;
pub mod varbi;
pub mod workable;
pub mod workday;
