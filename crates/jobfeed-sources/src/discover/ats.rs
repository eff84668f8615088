//! Recognising an applicant-tracking system from a URL found on a page.
//!
//! [`recognise`] matches a URL against one table of rules ([`RULES`]): each
//! rule names a system, a host pattern, a path prefix and where the tenant
//! sits (a host label, a path segment, a query parameter, or a system-specific
//! extractor for Workday, Emply and SuccessFactors). The first rule that
//! yields a tenant wins; the last rules of each system match its hosts
//! without a tenant (scripts and CDNs), so a system is still named when its
//! account is not visible. [`Recognised`] is the result, and
//! [`display_name`] gives a system's name for people.
//!
//! Recognition never fetches anything: it reads URLs only.

use url::Url;

use crate::config::AtsSystem;

/// What one URL says about an applicant-tracking system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    /// The system.
    pub system: AtsSystem,
    /// The account at the system (alias, slug, board token, company id),
    /// when the URL shows it.
    pub tenant: Option<String>,
    /// A sub-site or section: the Workday site, the SuccessFactors career
    /// host, the Emply list path.
    pub site: Option<String>,
    /// The system's address when it is not the public default (a Workday
    /// tenant host, the EU Lever API).
    pub base_url: Option<Url>,
}

/// Where a rule's host must be.
#[derive(Debug, Clone, Copy)]
enum Host {
    /// Exactly this host.
    Exact(&'static str),
    /// One label in front of this suffix (`{label}.teamtailor.com`); the
    /// label is the tenant for [`Tenant::HostLabel`].
    Label(&'static str),
    /// This host or any host under it.
    Under(&'static str),
}

/// Where a rule finds the tenant.
#[derive(Debug, Clone, Copy)]
enum Tenant {
    /// The rule names the system only.
    Unknown,
    /// The label in front of a [`Host::Label`] suffix.
    HostLabel,
    /// The path segment at this index (0 is the first).
    Segment(usize),
    /// A query parameter.
    Query(&'static str),
    /// A system-specific extractor.
    Custom(fn(&Url) -> Option<Recognised>),
}

/// One recognition rule.
#[derive(Debug, Clone, Copy)]
struct Rule {
    system: AtsSystem,
    host: Host,
    /// The path must start with this (ASCII case-insensitive).
    path: &'static str,
    tenant: Tenant,
    /// Set as [`Recognised::base_url`] when the rule matches.
    base_url: Option<&'static str>,
}

const fn rule(system: AtsSystem, host: Host, path: &'static str, tenant: Tenant) -> Rule {
    Rule {
        system,
        host,
        path,
        tenant,
        base_url: None,
    }
}

use AtsSystem as S;
use Host::{Exact, Label, Under};
use Tenant::{Custom, HostLabel, Query, Segment, Unknown};

/// The recognition table, specific rules before each system's catch-all.
const RULES: &[Rule] = &[
    // HR Manager: the job-portal API carries the alias; the candidate site
    // carries it as `customer=`. A bare `cid=` is a customer number, which
    // the API does not take, so it only names the system.
    rule(
        S::HrManager,
        Under("hr-manager.net"),
        "/jobportal.svc/",
        Segment(1),
    ),
    rule(
        S::HrManager,
        Under("hr-manager.net"),
        "/",
        Query("customer"),
    ),
    rule(S::HrManager, Under("hr-manager.net"), "/", Unknown),
    rule(S::Emply, Label("career.emply.com"), "/", Custom(emply)),
    rule(S::Emply, Label("emply.net"), "/", HostLabel),
    rule(S::Emply, Exact("api.emply.com"), "/v1/", Segment(1)),
    rule(S::Emply, Under("emply.com"), "/", Unknown),
    rule(S::Teamtailor, Label("teamtailor.com"), "/", HostLabel),
    rule(S::Teamtailor, Label("na.teamtailor.com"), "/", HostLabel),
    rule(S::Teamtailor, Under("teamtailor.com"), "/", Unknown),
    rule(S::Teamtailor, Under("teamtailor-cdn.com"), "/", Unknown),
    rule(S::Workday, Under("myworkdayjobs.com"), "/", Custom(workday)),
    rule(
        S::Workday,
        Under("myworkdaysite.com"),
        "/",
        Custom(workday_site),
    ),
    rule(S::Workday, Under("myworkdayjobs.com"), "/", Unknown),
    rule(S::Workday, Under("myworkdaysite.com"), "/", Unknown),
    rule(
        S::Successfactors,
        Under("successfactors.eu"),
        "/career",
        Custom(successfactors),
    ),
    rule(
        S::Successfactors,
        Under("successfactors.com"),
        "/career",
        Custom(successfactors),
    ),
    rule(
        S::Successfactors,
        Under("sapsf.eu"),
        "/career",
        Custom(successfactors),
    ),
    rule(
        S::Successfactors,
        Under("sapsf.com"),
        "/career",
        Custom(successfactors),
    ),
    rule(S::Personio, Label("jobs.personio.de"), "/", HostLabel),
    rule(S::Personio, Label("jobs.personio.com"), "/", HostLabel),
    rule(S::Personio, Under("jobs.personio.de"), "/", Unknown),
    rule(S::Personio, Under("jobs.personio.com"), "/", Unknown),
    rule(S::Jobylon, Exact("feed.jobylon.com"), "/feeds/", Segment(1)),
    rule(S::Jobylon, Under("jobylon.com"), "/", Unknown),
    rule(S::Varbi, Label("varbi.com"), "/", HostLabel),
    rule(
        S::Greenhouse,
        Exact("boards.greenhouse.io"),
        "/embed/",
        Query("for"),
    ),
    rule(
        S::Greenhouse,
        Exact("boards-api.greenhouse.io"),
        "/v1/boards/",
        Segment(2),
    ),
    rule(
        S::Greenhouse,
        Exact("boards.greenhouse.io"),
        "/",
        Segment(0),
    ),
    rule(
        S::Greenhouse,
        Exact("job-boards.greenhouse.io"),
        "/",
        Segment(0),
    ),
    rule(
        S::Greenhouse,
        Exact("job-boards.eu.greenhouse.io"),
        "/",
        Segment(0),
    ),
    rule(S::Greenhouse, Under("greenhouse.io"), "/", Unknown),
    rule(S::Lever, Exact("jobs.lever.co"), "/", Segment(0)),
    rule(S::Lever, Exact("api.lever.co"), "/v0/postings/", Segment(2)),
    Rule {
        base_url: Some("https://api.eu.lever.co"),
        ..rule(S::Lever, Exact("jobs.eu.lever.co"), "/", Segment(0))
    },
    Rule {
        base_url: Some("https://api.eu.lever.co"),
        ..rule(
            S::Lever,
            Exact("api.eu.lever.co"),
            "/v0/postings/",
            Segment(2),
        )
    },
    rule(S::Lever, Under("lever.co"), "/", Unknown),
    rule(S::Ashby, Exact("jobs.ashbyhq.com"), "/", Segment(0)),
    rule(
        S::Ashby,
        Exact("api.ashbyhq.com"),
        "/posting-api/job-board/",
        Segment(2),
    ),
    rule(S::Ashby, Under("ashbyhq.com"), "/", Unknown),
    rule(
        S::Smartrecruiters,
        Exact("jobs.smartrecruiters.com"),
        "/",
        Segment(0),
    ),
    rule(
        S::Smartrecruiters,
        Exact("careers.smartrecruiters.com"),
        "/",
        Segment(0),
    ),
    rule(
        S::Smartrecruiters,
        Exact("api.smartrecruiters.com"),
        "/v1/companies/",
        Segment(2),
    ),
    rule(
        S::Smartrecruiters,
        Under("smartrecruiters.com"),
        "/",
        Unknown,
    ),
    rule(S::Recruitee, Label("recruitee.com"), "/", HostLabel),
    rule(S::Recruitee, Under("recruitee.com"), "/", Unknown),
    rule(
        S::Workable,
        Exact("apply.workable.com"),
        "/api/v1/widget/accounts/",
        Segment(4),
    ),
    rule(S::Workable, Exact("apply.workable.com"), "/", Segment(0)),
    rule(S::Workable, Label("workable.com"), "/", HostLabel),
    rule(S::Workable, Under("workable.com"), "/", Unknown),
];

/// Labels and path segments that are parts of a system's own site, never an
/// account name.
const NOT_TENANTS: &[&str] = &[
    "www", "app", "api", "cdn", "static", "assets", "docs", "support", "help", "status", "blog",
    "embed", "j", "v0", "v1", "login", "auth", "widget", "widgets", "scripts", "apply", "jobs",
    "job", "feed", "feeds", "en", "da", "de", "sv",
];

/// The longest tenant accepted; anything longer is not an account name.
const MAX_TENANT_LEN: usize = 100;

/// Recognises the applicant-tracking system a URL belongs to, with its
/// tenant where the URL shows one. Returns `None` for any other URL.
#[must_use]
pub fn recognise(url: &Url) -> Option<Recognised> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    RULES.iter().find_map(|rule| rule.apply(url, &host))
}

impl Rule {
    /// Returns the recognition when host and path match and the tenant, if
    /// this rule wants one, is present.
    fn apply(&self, url: &Url, host: &str) -> Option<Recognised> {
        let label = self.host.matches(host)?;
        if !starts_with_ignore_case(url.path(), self.path) {
            return None;
        }
        let tenant = match self.tenant {
            Unknown => None,
            HostLabel => Some(label?.to_owned()),
            Segment(index) => Some(segment(url, index)?),
            Query(name) => Some(query(url, name)?),
            Custom(extract) => return extract(url),
        };
        let tenant = match tenant {
            Some(t) => Some(valid_tenant(&t)?),
            None => None,
        };
        Some(Recognised {
            system: self.system,
            tenant,
            site: None,
            base_url: self.base_url.and_then(|b| Url::parse(b).ok()),
        })
    }
}

impl Host {
    /// Returns `Some(label)` when `host` matches; the label is set for
    /// [`Host::Label`] only.
    fn matches(self, host: &str) -> Option<Option<&str>> {
        match self {
            Exact(exact) => (host == exact).then_some(None),
            Under(suffix) => {
                (host == suffix || sub_label_part(host, suffix).is_some()).then_some(None)
            }
            Label(suffix) => {
                let label = sub_label_part(host, suffix)?;
                (!label.contains('.')).then_some(Some(label))
            }
        }
    }
}

/// The part of `host` in front of `.{suffix}`, if `host` is under `suffix`.
fn sub_label_part<'h>(host: &'h str, suffix: &str) -> Option<&'h str> {
    host.strip_suffix(suffix)?
        .strip_suffix('.')
        .filter(|label| !label.is_empty())
}

fn starts_with_ignore_case(path: &str, prefix: &str) -> bool {
    path.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The decoded path segment at `index`, if present and not empty.
fn segment(url: &Url, index: usize) -> Option<String> {
    let raw = url.path_segments()?.nth(index)?;
    let decoded = percent_decode(raw);
    (!decoded.is_empty()).then_some(decoded)
}

/// The first value of query parameter `name` (case-insensitive name).
fn query(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// Decodes `%XX` escapes; invalid UTF-8 is replaced, never an error.
fn percent_decode(raw: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", raw.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Accepts a tenant made of letters, digits, `-`, `_` and `.` that is not a
/// reserved word of the systems' own sites.
fn valid_tenant(tenant: &str) -> Option<String> {
    let ok = !tenant.is_empty()
        && tenant.len() <= MAX_TENANT_LEN
        && tenant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !NOT_TENANTS.iter().any(|n| n.eq_ignore_ascii_case(tenant));
    ok.then(|| tenant.to_owned())
}

/// `{tenant}.career.emply.com[/list-path]`: the list path is the site when
/// it is not an ad or apply page.
fn emply(url: &Url) -> Option<Recognised> {
    let host = url.host_str()?.to_ascii_lowercase();
    let tenant = valid_tenant(sub_label_part(&host, "career.emply.com")?)?;
    let path = url.path().trim_end_matches('/');
    let is_detail = ["/ad/", "/apply/"]
        .iter()
        .any(|marker| path.to_ascii_lowercase().contains(marker));
    let site = (!path.is_empty() && !is_detail).then(|| path.to_owned());
    Some(Recognised {
        system: AtsSystem::Emply,
        tenant: Some(tenant),
        site,
        base_url: None,
    })
}

/// `{tenant}.wdN.myworkdayjobs.com/[locale/]{site}` or the CXS API path
/// `/wday/cxs/{tenant}/{site}/…`. The host is the base URL.
fn workday(url: &Url) -> Option<Recognised> {
    let host = url.host_str()?.to_ascii_lowercase();
    let front = sub_label_part(&host, "myworkdayjobs.com")?;
    let tenant = valid_tenant(front.split('.').next()?)?;
    let segments: Vec<String> = url.path_segments()?.map(percent_decode).collect();
    let site = match segments.as_slice() {
        [wday, cxs, _, site, ..] if wday == "wday" && cxs == "cxs" => Some(site.clone()),
        _ => first_site_segment(&segments),
    };
    Some(Recognised {
        system: AtsSystem::Workday,
        tenant: Some(tenant),
        site: site.and_then(|s| valid_tenant(&s)),
        base_url: Url::parse(&format!("https://{host}")).ok(),
    })
}

/// `wdN.myworkdaysite.com/[locale/]recruiting/{tenant}/{site}`.
fn workday_site(url: &Url) -> Option<Recognised> {
    let host = url.host_str()?.to_ascii_lowercase();
    let segments: Vec<String> = url.path_segments()?.map(percent_decode).collect();
    let at = segments.iter().position(|s| s == "recruiting")?;
    let tenant = valid_tenant(segments.get(at + 1)?)?;
    let site = segments.get(at + 2).and_then(|s| valid_tenant(s));
    Some(Recognised {
        system: AtsSystem::Workday,
        tenant: Some(tenant),
        site,
        base_url: Url::parse(&format!("https://{host}")).ok(),
    })
}

/// The first path segment that is not a locale (`en-US`, `da`).
fn first_site_segment(segments: &[String]) -> Option<String> {
    segments
        .iter()
        .find(|s| !s.is_empty() && !is_locale(s))
        .cloned()
}

fn is_locale(segment: &str) -> bool {
    let mut parts = segment.split('-');
    let lang = parts.next().unwrap_or_default();
    let region = parts.next();
    parts.next().is_none()
        && lang.len() == 2
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
}

/// `career{N}.successfactors.eu/career?company={id}`: the company id is the
/// tenant and the career host the site.
fn successfactors(url: &Url) -> Option<Recognised> {
    let tenant = valid_tenant(&query(url, "company")?)?;
    Some(Recognised {
        system: AtsSystem::Successfactors,
        tenant: Some(tenant),
        site: url.host_str().map(str::to_ascii_lowercase),
        base_url: None,
    })
}

/// The system's name as people know it.
#[must_use]
pub fn display_name(system: AtsSystem) -> &'static str {
    match system {
        S::HrManager => "HR Manager (Talentech)",
        S::Emply => "Emply",
        S::Teamtailor => "Teamtailor",
        S::Workday => "Workday",
        S::Successfactors => "SAP SuccessFactors",
        S::Personio => "Personio",
        S::Jobylon => "Jobylon",
        S::Varbi => "Varbi",
        S::Greenhouse => "Greenhouse",
        S::Lever => "Lever",
        S::Ashby => "Ashby",
        S::Smartrecruiters => "SmartRecruiters",
        S::Recruitee => "Recruitee",
        S::Workable => "Workable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(url: &str) -> Option<Recognised> {
        recognise(&Url::parse(url).unwrap())
    }

    fn tenant(url: &str) -> (AtsSystem, Option<String>) {
        let found = hit(url).unwrap_or_else(|| panic!("{url} not recognised"));
        (found.system, found.tenant)
    }

    #[test]
    fn each_system_yields_its_tenant() {
        let cases = [
            (
                "https://api.hr-manager.net/jobportal.svc/regionh/positionlist/json/?take=50",
                S::HrManager,
                "regionh",
            ),
            (
                "https://candidate.hr-manager.net/vacancies/list.aspx?customer=energinet",
                S::HrManager,
                "energinet",
            ),
            (
                "https://dinex.career.emply.com/ledige-stillinger",
                S::Emply,
                "dinex",
            ),
            (
                "https://aarhus.emply.net/recruitment/vacancies.aspx",
                S::Emply,
                "aarhus",
            ),
            ("https://acme.teamtailor.com/jobs", S::Teamtailor, "acme"),
            ("https://nordlys.jobs.personio.de/", S::Personio, "nordlys"),
            (
                "https://nordlys.jobs.personio.com/job/123",
                S::Personio,
                "nordlys",
            ),
            (
                "https://vestas.wd3.myworkdayjobs.com/en-US/Vestas",
                S::Workday,
                "vestas",
            ),
            (
                "https://career2.successfactors.eu/career?company=grundfosP",
                S::Successfactors,
                "grundfosP",
            ),
            ("https://aau.varbi.com/en/", S::Varbi, "aau"),
            (
                "https://feed.jobylon.com/feeds/0123456789abcdef0123456789abcdef/",
                S::Jobylon,
                "0123456789abcdef0123456789abcdef",
            ),
            (
                "https://boards.greenhouse.io/pandora",
                S::Greenhouse,
                "pandora",
            ),
            (
                "https://boards.greenhouse.io/embed/job_board/js?for=pandora",
                S::Greenhouse,
                "pandora",
            ),
            (
                "https://job-boards.greenhouse.io/pleo/jobs/1",
                S::Greenhouse,
                "pleo",
            ),
            (
                "https://jobs.lever.co/trustpilot/abc",
                S::Lever,
                "trustpilot",
            ),
            ("https://jobs.eu.lever.co/lunar", S::Lever, "lunar"),
            ("https://jobs.ashbyhq.com/corti", S::Ashby, "corti"),
            (
                "https://jobs.smartrecruiters.com/Carlsberg",
                S::Smartrecruiters,
                "Carlsberg",
            ),
            (
                "https://careers.smartrecruiters.com/Carlsberg",
                S::Smartrecruiters,
                "Carlsberg",
            ),
            ("https://acme.recruitee.com/o/backend", S::Recruitee, "acme"),
            ("https://apply.workable.com/vivino/", S::Workable, "vivino"),
            (
                "https://apply.workable.com/api/v1/widget/accounts/vivino?details=true",
                S::Workable,
                "vivino",
            ),
        ];
        for (url, system, expected) in cases {
            assert_eq!(tenant(url), (system, Some(expected.to_owned())), "{url}");
        }
    }

    #[test]
    fn workday_gives_site_and_base_url() {
        let found =
            hit("https://vestas.wd3.myworkdayjobs.com/en-US/Vestas/job/Aarhus/X_R1").unwrap();
        assert_eq!(found.site.as_deref(), Some("Vestas"));
        assert_eq!(
            found.base_url.unwrap().as_str(),
            "https://vestas.wd3.myworkdayjobs.com/"
        );
        let api =
            hit("https://lego.wd103.myworkdayjobs.com/wday/cxs/lego/LEGO_External/jobs").unwrap();
        assert_eq!(
            (api.tenant.as_deref(), api.site.as_deref()),
            (Some("lego"), Some("LEGO_External"))
        );
        let site = hit("https://wd3.myworkdaysite.com/en-US/recruiting/coloplast/Careers").unwrap();
        assert_eq!(
            (site.tenant.as_deref(), site.site.as_deref()),
            (Some("coloplast"), Some("Careers"))
        );
    }

    #[test]
    fn scripts_and_cdns_name_the_system_without_tenant() {
        for (url, system) in [
            (
                "https://scripts.teamtailor-cdn.com/widgets/jobs.js",
                S::Teamtailor,
            ),
            (
                "https://candidate.hr-manager.net/ApplicationInit.aspx?cid=198&ProjectId=1",
                S::HrManager,
            ),
            ("https://emp.jobylon.com/jobs/4069-acme-dev/", S::Jobylon),
            ("https://www.teamtailor.com/", S::Teamtailor),
            ("https://boards.greenhouse.io/", S::Greenhouse),
        ] {
            assert_eq!(tenant(url), (system, None), "{url}");
        }
    }

    #[test]
    fn lever_eu_and_emply_site() {
        let eu = hit("https://jobs.eu.lever.co/lunar").unwrap();
        assert_eq!(eu.base_url.unwrap().as_str(), "https://api.eu.lever.co/");
        let list = hit("https://dinex.career.emply.com/ledige-stillinger/").unwrap();
        assert_eq!(list.site.as_deref(), Some("/ledige-stillinger"));
        let ad = hit("https://dinex.career.emply.com/da/ad/x/wt7hyj").unwrap();
        assert_eq!(ad.site, None);
    }

    #[test]
    fn other_urls_are_not_recognised() {
        for url in [
            "https://www.jobindex.dk/jobsoegning?q=x",
            "https://nordlys.dk/karriere",
            "https://notteamtailor.com/x",
            "https://evilvarbi.com/",
            "mailto:job@nordlys.dk",
            "https://xn--ls8h.varbi.com.evil.dk/",
        ] {
            assert_eq!(hit(url), None, "{url}");
        }
    }

    #[test]
    fn junk_tenants_are_refused_without_panic() {
        assert_eq!(tenant("https://jobs.lever.co/%3Cscript%3E").1, None);
        assert_eq!(tenant("https://jobs.lever.co/embed").1, None);
        assert_eq!(hit("https://www.varbi.com/"), None);
        let long = format!("https://jobs.lever.co/{}", "a".repeat(500));
        assert_eq!(tenant(&long).1, None);
        assert!(!is_locale(""));
        assert!(is_locale("da-DK"));
    }
}
