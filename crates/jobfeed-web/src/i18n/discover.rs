//! The self-check's conclusions (what was not found, what to do) in the page
//! language.
//!
//! `jobfeed_sources::discover` writes them as English sentences, and the
//! report also holds every finding they follow from, so the Danish ones are
//! made here from those findings by the same rules. Should the Danish lists
//! not line up with the report's own (a rule added to discover that this
//! module does not know yet), the report's English is shown rather than a
//! Danish list that leaves something out.

use jobfeed_sources::config::AtsSystem;
use jobfeed_sources::discover::ats::display_name;
use jobfeed_sources::discover::{DiscoveryReport, RobotsFile};

use super::Lang;

/// What was not found, and what to do, in the page language.
pub(crate) struct Conclusions {
    /// What was not found.
    pub(crate) not_found: Vec<String>,
    /// What to do.
    pub(crate) advice: Vec<String>,
}

/// The conclusions of a discovery report.
pub(crate) fn conclusions(lang: Lang, report: &DiscoveryReport) -> Conclusions {
    let english = || Conclusions {
        not_found: report.not_found.clone(),
        advice: report.advice.clone(),
    };
    match lang {
        Lang::En => english(),
        Lang::Da => {
            let danish = danish(report);
            let lines_up = danish.not_found.len() == report.not_found.len()
                && danish.advice.len() == report.advice.len();
            if lines_up { danish } else { english() }
        }
    }
}

/// The Danish conclusions, by the rules of discover's own.
fn danish(report: &DiscoveryReport) -> Conclusions {
    let mut not_found = Vec::new();
    let mut advice = Vec::new();
    let robots = &report.robots;
    if !robots.allowed && robots.file != RobotsFile::NotChecked {
        not_found.push(
            "startsiden kunne ikke læses: webstedets robots.txt tillader ikke robotter dér"
                .to_owned(),
        );
        advice.push(
            "Bed webteamet om at give robotten \"jobfeed\" adgang til karrieresiderne i \
             robots.txt, eller giv os adressen på jobsystemet eller feedet direkte."
                .to_owned(),
        );
    }
    if report.career_page.is_none() && robots.allowed {
        not_found.push(
            "ingen karriereside: intet link, der hedder job, karriere, ledige stillinger eller \
             careers"
                .to_owned(),
        );
    }
    let ready = report.ats.iter().any(|f| f.tenant.is_some());
    if report.ats.is_empty() {
        not_found.push("intet kendt jobsystem (ATS) på de læste sider".to_owned());
    }
    for found in report.ats.iter().filter(|f| f.tenant.is_none()) {
        let name = display_name(found.system);
        not_found.push(format!("kontonavnet hos {name}"));
        advice.push(format!(
            "{name} bruges, men kontonavnet kunne ikke ses: {}.",
            tenant_hint(found.system)
        ));
    }
    if report.feeds.iter().all(|f| !f.looks_like_jobs) {
        not_found.push("intet jobfeed (RSS, Atom eller JSON Feed) annonceret".to_owned());
    }
    if report.structured_data.count == 0 {
        not_found.push("ingen schema.org JobPosting-data på de læste sider".to_owned());
    }
    if report.sitemaps.is_empty() {
        not_found.push("intet sitemap".to_owned());
    } else if report.sitemaps.iter().all(|s| s.job_urls == 0) {
        not_found.push("ingen jobsider i sitemaps".to_owned());
    }
    let usable = ready
        || report.structured_data.count > 0
        || report.feeds.iter().any(|f| f.looks_like_jobs)
        || report.sitemaps.iter().any(|s| s.job_pattern.is_some());
    if !usable && robots.allowed {
        let ask = if report.ats.is_empty() {
            "Spørg virksomheden, hvilket jobsystem den bruger, eller bed den offentliggøre sine \
             job med schema.org JobPosting-data eller som RSS-feed."
        } else {
            "Når kontonavnet ovenfor kendes, kan jobsystemet læses."
        };
        advice.push(format!("Der blev ikke fundet nogen færdig jobkilde. {ask}"));
        if report.career_page.is_some() {
            advice.push(
                "Viser karrieresiden jobbene som almindelig HTML, kan en html_list-kilde med \
                 CSS-selektorer læse dem."
                    .to_owned(),
            );
        }
    }
    if ready && !robots.denied.is_empty() {
        advice.push(
            "Nogle sider var lukket af robots.txt; selve jobsystemet læses fra dets egen server."
                .to_owned(),
        );
    }
    Conclusions { not_found, advice }
}

/// Where a job system's account name is found, in Danish.
fn tenant_hint(system: AtsSystem) -> &'static str {
    match system {
        AtsSystem::HrManager => "spørg HR Manager (Talentech) om jobportalens alias",
        AtsSystem::Jobylon => {
            "spørg Jobylons support om feedadressen; kontonavnet er dens kode på 32 tegn"
        }
        AtsSystem::Teamtailor => "det er første del af adressen <navn>.teamtailor.com",
        AtsSystem::Workday => "det er første del af adressen <navn>.wdN.myworkdayjobs.com",
        AtsSystem::Successfactors => "det er værdien company= i karrieresidens adresse",
        _ => "det er kontonavnet i jobportalens adresse",
    }
}

#[cfg(test)]
mod tests {
    use jobfeed_sources::discover::{Found, RobotsInfo, StructuredData};
    use url::Url;

    use super::*;

    /// A site whose robots.txt closes the start page and that uses
    /// Teamtailor without showing the account name, with the English that
    /// discover writes for it.
    fn closed_site() -> DiscoveryReport {
        let start = Url::parse("https://firma.example.dk/").unwrap();
        DiscoveryReport {
            start_url: start.clone(),
            career_page: None,
            ats: vec![Found {
                system: AtsSystem::Teamtailor,
                tenant: None,
                site: None,
                base_url: None,
                evidence: Vec::new(),
            }],
            feeds: Vec::new(),
            sitemaps: Vec::new(),
            structured_data: StructuredData {
                pages_with_jobposting: Vec::new(),
                count: 0,
            },
            robots: RobotsInfo {
                file: RobotsFile::Rules,
                allowed: false,
                crawl_delay: None,
                sitemaps: Vec::new(),
                denied: vec![start],
            },
            pages_read: Vec::new(),
            not_found: [
                "the start page could not be read",
                "the Teamtailor account name",
                "no job feed",
                "no schema.org JobPosting data",
                "no sitemap",
            ]
            .map(str::to_owned)
            .to_vec(),
            advice: ["Ask the web team", "Teamtailor is used"]
                .map(str::to_owned)
                .to_vec(),
        }
    }

    #[test]
    fn danish_follows_the_findings_and_english_is_discovers_own() {
        let mut report = closed_site();
        let da = conclusions(Lang::Da, &report);
        assert_eq!(da.not_found[1], "kontonavnet hos Teamtailor");
        assert_eq!(
            da.advice[1],
            "Teamtailor bruges, men kontonavnet kunne ikke ses: det er første del af adressen \
             <navn>.teamtailor.com."
        );
        assert!(da.advice[0].starts_with("Bed webteamet"), "{:?}", da.advice);
        assert_eq!(conclusions(Lang::En, &report).advice, report.advice);

        // A conclusion this module does not know: English rather than less.
        report.advice.push("Something new.".to_owned());
        assert_eq!(conclusions(Lang::Da, &report).advice, report.advice);
    }
}
