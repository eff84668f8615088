//! One adapter per applicant-tracking system. Each module reads its
//! system's endpoints, paging, dates, "no such tenant" answers and stated
//! counts, and returns normalised postings. Adding a system is one file here,
//! one [`AtsSystem`] variant and one arm in [`crawl`].

mod ashby;
pub(crate) mod common;
pub mod emply;
mod greenhouse;
pub mod hr_manager;
pub mod jobylon;
mod json_api;
mod lever;
pub mod personio;
mod recruitee;
mod smartrecruiters;
pub mod successfactors;
pub mod teamtailor;
pub mod varbi;
mod workable;
mod workday;

use crate::config::{AtsSource, AtsSystem};
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// Crawls an ATS source with the adapter of its system.
pub async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    match source.system {
        AtsSystem::HrManager => hr_manager::crawl(source, ctx).await,
        AtsSystem::Emply => emply::crawl(source, ctx).await,
        AtsSystem::Teamtailor => teamtailor::crawl(source, ctx).await,
        AtsSystem::Personio => personio::crawl(source, ctx).await,
        AtsSystem::Successfactors => successfactors::crawl(source, ctx).await,
        AtsSystem::Jobylon => jobylon::crawl(source, ctx).await,
        AtsSystem::Varbi => varbi::crawl(source, ctx).await,
        AtsSystem::Workday => workday::crawl(source, ctx).await,
        AtsSystem::Greenhouse => greenhouse::crawl(source, ctx).await,
        AtsSystem::Lever => lever::crawl(source, ctx).await,
        AtsSystem::Ashby => ashby::crawl(source, ctx).await,
        AtsSystem::Recruitee => recruitee::crawl(source, ctx).await,
        AtsSystem::Workable => workable::crawl(source, ctx).await,
        AtsSystem::Smartrecruiters => smartrecruiters::crawl(source, ctx).await,
    }
}
