//! The plan of the demo world: for each fictional member company of
//! [`crate::generate::companies`], the boards of ads it has and the sources
//! that publish them, with the deliberate faults.
//!
//! Every publisher (feed format, career-page flavour, ATS) appears at least
//! once healthy; two companies publish one board twice (a career page and
//! its sitemap, an ATS and an XML mirror) so that duplicates are merged; four
//! sources fail on purpose: a bot challenge, an unknown tenant, a robots.txt
//! that shuts crawlers out, and a feed answering 500.

use jobfeed_sources::config::AtsSystem;

use super::{Problem, Publisher};

/// One source of a planned company.
#[derive(Debug, Clone, Copy)]
pub(super) struct SourcePlan {
    /// How it publishes.
    pub(super) publisher: Publisher,
    /// Which of the company's boards it publishes.
    pub(super) board: usize,
    /// Its deliberate fault.
    pub(super) problem: Option<Problem>,
}

/// The plan of one company.
#[derive(Debug, Clone, Copy)]
pub(super) struct CompanyPlan {
    /// The company's slug in [`crate::generate::companies`].
    pub(super) slug: &'static str,
    /// The number of ads on each of its boards.
    pub(super) boards: &'static [usize],
    /// The share of its ads written in English, in percent.
    pub(super) english_percent: u8,
    /// Its sources.
    pub(super) sources: &'static [SourcePlan],
}

const fn ok(publisher: Publisher) -> SourcePlan {
    SourcePlan {
        publisher,
        board: 0,
        problem: None,
    }
}

const fn ats(system: AtsSystem) -> SourcePlan {
    ok(Publisher::Ats(system))
}

const fn failing(publisher: Publisher, board: usize, problem: Problem) -> SourcePlan {
    SourcePlan {
        publisher,
        board,
        problem: Some(problem),
    }
}

const fn plan(
    slug: &'static str,
    boards: &'static [usize],
    english_percent: u8,
    sources: &'static [SourcePlan],
) -> CompanyPlan {
    CompanyPlan {
        slug,
        boards,
        english_percent,
        sources,
    }
}

/// The whole world, one entry per company of the generator.
pub(super) const PLANS: [CompanyPlan; 32] = [
    plan(
        "kattegat-vind",
        &[14],
        25,
        &[ok(Publisher::CareerPage), ok(Publisher::Sitemap)],
    ),
    plan(
        "gudenaa-software",
        &[12],
        40,
        &[ats(AtsSystem::Teamtailor), ok(Publisher::IndeedXml)],
    ),
    plan("midtjysk-sygehus", &[55], 10, &[ats(AtsSystem::HrManager)]),
    plan("herning-metal", &[11], 10, &[ok(Publisher::HtmlList)]),
    plan("randers-revision", &[8], 10, &[ok(Publisher::Rss)]),
    plan("horsens-byg", &[13], 10, &[ats(AtsSystem::Emply)]),
    plan("djurs-logistik", &[9], 20, &[ok(Publisher::Sitemap)]),
    plan("skive-mejeri", &[7], 10, &[ok(Publisher::Atom)]),
    plan("ebeltoft-strandhotel", &[8], 40, &[ok(Publisher::JsonFeed)]),
    plan("aabyen-kreativ", &[7], 60, &[ats(AtsSystem::Ashby)]),
    plan(
        "holstebro-fiktiv",
        &[30],
        5,
        &[
            ats(AtsSystem::HrManager),
            failing(Publisher::Rss, 0, Problem::ServerError),
        ],
    ),
    plan(
        "skanderborg-friskole",
        &[6],
        10,
        &[ok(Publisher::Microdata)],
    ),
    plan("ikast-plast", &[9], 30, &[ats(AtsSystem::Successfactors)]),
    plan("lemvig-havn", &[6], 20, &[ats(AtsSystem::Personio)]),
    plan("struer-lyd", &[45], 50, &[ats(AtsSystem::Workday)]),
    plan("fjord-fisk", &[7], 10, &[ats(AtsSystem::Jobylon)]),
    plan(
        "samsoe-energi",
        &[8],
        20,
        &[failing(Publisher::CareerPage, 0, Problem::RobotsDisallow)],
    ),
    plan("odder-omsorg", &[8], 10, &[ats(AtsSystem::Varbi)]),
    plan(
        "hedensted-transport",
        &[12],
        20,
        &[ats(AtsSystem::Smartrecruiters)],
    ),
    plan("favrskov-data", &[14], 70, &[ats(AtsSystem::Greenhouse)]),
    plan("viborg-maskin", &[8], 30, &[ats(AtsSystem::Workable)]),
    plan("silkeborg-camping", &[6], 50, &[ats(AtsSystem::Recruitee)]),
    plan("aarhus-fintech", &[10], 80, &[ats(AtsSystem::Lever)]),
    plan("randers-oplevelser", &[8], 30, &[ok(Publisher::CareerPage)]),
    plan(
        "midtbyg",
        &[10],
        10,
        &[failing(
            Publisher::Ats(AtsSystem::Emply),
            0,
            Problem::BotChallenge,
        )],
    ),
    plan("jysk-el", &[9], 10, &[ok(Publisher::HtmlList)]),
    plan("karup-fly", &[12], 30, &[ats(AtsSystem::Workday)]),
    plan("grenaa-grafisk", &[6], 30, &[ats(AtsSystem::Teamtailor)]),
    plan("brande-bageri", &[5], 0, &[ok(Publisher::Rss)]),
    plan(
        "via-efter-fiktiv",
        &[20, 4],
        30,
        &[
            ats(AtsSystem::Emply),
            failing(
                Publisher::Ats(AtsSystem::HrManager),
                1,
                Problem::UnknownTenant,
            ),
        ],
    ),
    plan("skive-salg", &[7], 20, &[ats(AtsSystem::Personio)]),
    plan("herning-handel", &[10], 20, &[ok(Publisher::IndeedXml)]),
];
