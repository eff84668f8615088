//! Company websites for source discovery (`jobfeed discover`): home pages
//! and career pages that link to, embed or script each applicant-tracking
//! system the way Danish member sites do, plus sites with only JSON-LD, with
//! an RSS `<link rel=alternate>` and a sitemap, with a robots.txt that shuts
//! crawlers out, and with nothing at all.
//!
//! Every [`DiscoverySite`] is served by [`router`]: `/` is the home page,
//! most sites have a career page one link away, some a `/robots.txt` and a
//! `/sitemap.xml` (absolute `<loc>`s built from the request's `Host`). The
//! ATS addresses in the pages are the real public hosts; discovery only
//! reads them, so tests never contact them.

use axum::Router;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

/// A fixture company website for discovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiscoverySite {
    /// "Karriere" page with a Teamtailor link and the Teamtailor jobs widget.
    Teamtailor,
    /// "Job og karriere" page with an Emply iframe.
    Emply,
    /// "Ledige stillinger" page loading the HR Manager job-portal list and
    /// linking to ads on `candidate.hr-manager.net`.
    HrManager,
    /// "Karriere" page linking to a Workday career site.
    Workday,
    /// Home page whose "Jobs" link goes straight to Personio.
    Personio,
    /// "Karriere" page linking to a Varbi list.
    Varbi,
    /// "Karriere" page with the Jobylon widget and its feed address.
    Jobylon,
    /// "Careers" page with the Greenhouse embed script.
    Greenhouse,
    /// "Careers" page linking to an EU Lever board.
    Lever,
    /// "Careers" page with the Ashby embed script.
    Ashby,
    /// "Karriere" page linking to SmartRecruiters.
    SmartRecruiters,
    /// "Jobs" page linking to Recruitee.
    Recruitee,
    /// "Careers" page linking to Workable and loading its script.
    Workable,
    /// "Karriere" page linking to a SuccessFactors career site.
    SuccessFactors,
    /// Career page whose jobs are only schema.org `JobPosting` JSON-LD.
    JsonLdOnly,
    /// Home page announcing a job RSS feed, with a robots.txt naming a
    /// sitemap of job pages.
    RssLink,
    /// robots.txt disallows everything (with a `Crawl-delay`).
    RobotsDisallow,
    /// A baker's site: no career page, no feed, no sitemap, no robots.txt.
    Nothing,
}

impl DiscoverySite {
    /// Every discovery site.
    pub const ALL: [Self; 18] = [
        Self::Teamtailor,
        Self::Emply,
        Self::HrManager,
        Self::Workday,
        Self::Personio,
        Self::Varbi,
        Self::Jobylon,
        Self::Greenhouse,
        Self::Lever,
        Self::Ashby,
        Self::SmartRecruiters,
        Self::Recruitee,
        Self::Workable,
        Self::SuccessFactors,
        Self::JsonLdOnly,
        Self::RssLink,
        Self::RobotsDisallow,
        Self::Nothing,
    ];

    /// The path of the site's career page, when it has one of its own.
    #[must_use]
    pub fn career_path(self) -> Option<&'static str> {
        self.spec().career.map(|(path, _)| path)
    }

    fn spec(self) -> Spec {
        match self {
            Self::Teamtailor => Spec::with_career(
                "Nordlys Energi A/S",
                r#"<a href="/karriere">Karriere</a>"#,
                "/karriere",
                r#"<h1>Bliv en del af Nordlys</h1>
<p>Vi søger altid dygtige kolleger.</p>
<a class="btn" href="https://nordlysenergi.teamtailor.com/jobs">Se alle ledige stillinger</a>
<div class="teamtailor-jobs-widget" data-teamtailor-limit="10" data-teamtailor-api-key="x3Ht-public"></div>
<script src="https://scripts.teamtailor-cdn.com/widgets/production/jobs.js" async charset="utf-8"></script>"#,
            ),
            Self::Emply => Spec::with_career(
                "Dinex A/S",
                r#"<a href="/om-dinex/job-og-karriere">Job og karriere</a>"#,
                "/om-dinex/job-og-karriere",
                r#"<h1>Job og karriere</h1>
<iframe src="https://dinex.career.emply.com/ledige-stillinger" width="100%" height="1400" frameborder="0" scrolling="no"></iframe>"#,
            ),
            Self::HrManager => Spec::with_career(
                "Region Østjylland",
                r#"<a href="/job">Ledige stillinger</a>"#,
                "/job",
                r#"<h1>Ledige stillinger</h1>
<div id="hrm-positions"></div>
<script>
  var hrmList = "https://api.hr-manager.net/jobportal.svc/regionostjylland/positionlist/json/?incads=0&take=50";
  fetch(hrmList).then(function (r) { return r.json(); }).then(renderPositions);
</script>
<noscript><a href="https://candidate.hr-manager.net/ApplicationInit.aspx?cid=1137&amp;ProjectId=145612&amp;DepartmentId=19013&amp;MediaId=4">Sygeplejerske til akutmodtagelsen</a></noscript>"#,
            ),
            Self::Workday => Spec::with_career(
                "Vindkraft A/S",
                r#"<a href="/karriere">Karriere</a>"#,
                "/karriere",
                r#"<h1>Karriere i Vindkraft</h1>
<a href="https://vindkraft.wd3.myworkdayjobs.com/da-DK/Vindkraft_Careers">Søg ledige stillinger</a>"#,
            ),
            Self::Personio => Spec::home_only(
                "Fjordsoft ApS",
                r#"<a href="/om-os">Om os</a> <a href="https://fjordsoft.jobs.personio.de/?language=da">Jobs</a>"#,
            ),
            Self::Varbi => Spec::with_career(
                "Nordjysk Universitet",
                r#"<a href="/karriere">Karriere</a>"#,
                "/karriere",
                r#"<h1>Arbejd hos os</h1><a href="https://nju.varbi.com/da/">Se ledige stillinger</a>"#,
            ),
            Self::Jobylon => Spec::with_career(
                "Havnens Rederi A/S",
                r#"<a href="/karriere">Karriere</a>"#,
                "/karriere",
                r#"<h1>Karriere til søs</h1>
<div id="jobylon-jobs-widget"></div>
<script src="https://cdn.jobylon.com/jobs-widget/v1/embed.js"></script>
<script>JobylonWidget.init({"feedUrl":"https:\/\/feed.jobylon.com\/feeds\/7c1b2e4f9a0d4e3b8c6a5f1e2d3c4b5a\/?format=json","lang":"da"});</script>
<a href="https://emp.jobylon.com/jobs/151234-havnens-rederi-styrmand/">Styrmand</a>"#,
            ),
            Self::Greenhouse => Spec::with_career(
                "Kvikpay ApS",
                r#"<a href="/careers">Careers</a>"#,
                "/careers",
                r#"<h1>Join us</h1><div id="grnhse_app"></div>
<script src="https://boards.greenhouse.io/embed/job_board/js?for=kvikpay"></script>"#,
            ),
            Self::Lever => Spec::with_career(
                "Lunarix ApS",
                r#"<a href="/en/careers">Careers</a>"#,
                "/en/careers",
                r#"<h1>Work with us</h1><a href="https://jobs.eu.lever.co/lunarix">View open positions</a>"#,
            ),
            Self::Ashby => Spec::with_career(
                "Cortexa ApS",
                r#"<a href="/careers">Careers</a>"#,
                "/careers",
                r#"<h1>Open roles</h1><div id="ashby_embed"></div>
<script src="https://jobs.ashbyhq.com/cortexa/embed?version=2" defer></script>"#,
            ),
            Self::SmartRecruiters => Spec::with_career(
                "Bryggeriet Nord A/S",
                r#"<a href="/karriere">Karriere</a>"#,
                "/karriere",
                r#"<h1>Karriere</h1><a href="https://careers.smartrecruiters.com/BryggerietNord1">Søg job</a>"#,
            ),
            Self::Recruitee => Spec::with_career(
                "Greenbyte ApS",
                r#"<a href="/jobs">Jobs</a>"#,
                "/jobs",
                r#"<h1>Jobs</h1><a href="https://greenbyte.recruitee.com/">See all open positions</a>"#,
            ),
            Self::Workable => Spec::with_career(
                "Vinify ApS",
                r#"<a href="/careers">Careers</a>"#,
                "/careers",
                r#"<h1>Careers</h1><a href="https://apply.workable.com/vinify/">See our jobs</a>
<script src="https://www.workable.com/assets/embed.js" type="text/javascript" charset="utf-8"></script>"#,
            ),
            Self::SuccessFactors => Spec::with_career(
                "Pumpefabrikken A/S",
                r#"<a href="/karriere">Karriere</a>"#,
                "/karriere",
                r#"<h1>Karriere</h1>
<a href="https://career2.successfactors.eu/career?company=pumpefabP&amp;career_ns=job_listing_summary&amp;navBarLevel=JOB_SEARCH">Ledige stillinger</a>"#,
            ),
            Self::JsonLdOnly => Spec::with_career(
                "Smedjen A/S",
                r#"<a href="/karriere">Karriere</a>"#,
                "/karriere",
                JSON_LD_CAREER,
            ),
            Self::RssLink => Spec {
                head: r#"<link rel="alternate" type="application/rss+xml" title="Smedjen Vand - Ledige stillinger" href="/job/feed.rss">
<link rel="alternate" type="application/rss+xml" title="Nyheder" href="/nyheder/feed">"#,
                robots: Some("User-agent: *\nAllow: /\nSitemap: {origin}/sitemap.xml\n"),
                sitemap: true,
                ..Spec::home_only("Aarhus Vandværk", r#"<a href="/om-os">Om os</a>"#)
            },
            Self::RobotsDisallow => Spec {
                robots: Some("User-agent: *\nCrawl-delay: 2\nDisallow: /\n"),
                ..Spec::with_career(
                    "Lukket A/S",
                    r#"<a href="/karriere">Karriere</a>"#,
                    "/karriere",
                    r#"<a href="https://lukket.teamtailor.com/">Ledige stillinger</a>"#,
                )
            },
            Self::Nothing => Spec::home_only(
                "Bager Hansen",
                r#"<a href="/om-os">Om os</a> <a href="/kontakt">Kontakt</a> <a href="https://www.facebook.com/bagerhansen">Facebook</a>"#,
            ),
        }
    }
}

/// What a discovery site serves.
#[derive(Debug, Clone, Copy)]
struct Spec {
    company: &'static str,
    head: &'static str,
    nav: &'static str,
    career: Option<(&'static str, &'static str)>,
    /// robots.txt; `{origin}` becomes `http://host:port`.
    robots: Option<&'static str>,
    sitemap: bool,
}

impl Spec {
    const fn home_only(company: &'static str, nav: &'static str) -> Self {
        Self {
            company,
            head: "",
            nav,
            career: None,
            robots: None,
            sitemap: false,
        }
    }

    const fn with_career(
        company: &'static str,
        nav: &'static str,
        path: &'static str,
        body: &'static str,
    ) -> Self {
        Self {
            career: Some((path, body)),
            ..Self::home_only(company, nav)
        }
    }
}

/// A career page whose jobs exist only as JSON-LD (an `@graph` and a bare
/// posting).
const JSON_LD_CAREER: &str = r##"<h1>Ledige stillinger</h1>
<ul><li><a href="/karriere/svejser">Svejser</a></li><li><a href="/karriere/smed">Smed</a></li></ul>
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"Organization","@id":"#org","name":"Smedjen A/S"},
 {"@type":"JobPosting","title":"Svejser","description":"<p>Vi søger en svejser.</p>","datePosted":"2026-09-01",
  "hiringOrganization":{"@id":"#org"},"url":"/karriere/svejser",
  "jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Herning","postalCode":"7400","addressCountry":"DK"}}}]}
</script>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"JobPosting","title":"Smed","description":"Smed til værkstedet","datePosted":"2026-09-03",
 "hiringOrganization":{"@type":"Organization","name":"Smedjen A/S"},"url":"/karriere/smed",
 "jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Herning"}}}
</script>"##;

/// Serves `site`: home page, career page, robots.txt and sitemap as it has
/// them; everything else is 404.
pub fn router(site: DiscoverySite) -> Router {
    let spec = site.spec();
    let home = page(
        spec.company,
        spec.head,
        spec.nav,
        &format!("<h1>Velkommen til {}</h1>", spec.company),
    );
    let mut router = Router::new().route("/", get(move || async move { Html(home) }));
    if let Some((path, body)) = spec.career {
        let career = page(spec.company, "", spec.nav, body);
        router = router.route(path, get(move || async move { Html(career) }));
    }
    if let Some(robots) = spec.robots {
        router = router.route(
            "/robots.txt",
            get(move |headers: HeaderMap| async move {
                text(robots.replace("{origin}", &origin(&headers)))
            }),
        );
    }
    if spec.sitemap {
        router = router.route("/sitemap.xml", get(sitemap));
    }
    router
}

fn page(company: &str, head: &str, nav: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>{company}</title>{head}</head>\n\
         <body><header><nav><a href=\"/\">Forside</a> {nav}</nav></header>\n<main>{body}</main>\n\
         <footer>{company} · <a href=\"/cookies\">Cookies</a></footer></body></html>\n"
    )
}

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// `http://host:port` as the request addressed the site.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

async fn sitemap(headers: HeaderMap) -> Response {
    let origin = origin(&headers);
    let urls: String = [
        "/",
        "/om-os",
        "/job/elektriker-12",
        "/job/montoer-13",
        "/job/vandtekniker-14",
    ]
    .iter()
    .map(|path| format!("<url><loc>{origin}{path}</loc></url>"))
    .collect();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>"
    );
    ([(header::CONTENT_TYPE, "application/xml")], body).into_response()
}
