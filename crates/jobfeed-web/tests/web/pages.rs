//! Pages fetched over HTTP from the fixture server: what they say, that
//! hostile posting markup arrives inert, the language switch, sizes and
//! cache headers.

use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::{Client, StatusCode};

use crate::support::{self, ACME, CAMPAIGN, Fixture, HOSTILE_TITLE};

/// The largest page allowed, before images.
const MAX_PAGE_BYTES: usize = 100 * 1024;

/// GETs a page; returns status and body, and checks its size.
async fn get(client: &Client, fixture: &Fixture, path: &str) -> (StatusCode, String) {
    let response = client.get(fixture.url(path)).send().await.expect(path);
    let status = response.status();
    let body = response.text().await.expect("body");
    eprintln!("{path}: {status}, {} bytes", body.len());
    assert!(
        body.len() < MAX_PAGE_BYTES,
        "{path} is {} bytes, more than {MAX_PAGE_BYTES}",
        body.len()
    );
    (status, body)
}

#[tokio::test]
async fn pages_show_the_fixture_in_danish_and_english() {
    let fixture = support::start().await;
    let client = Client::new();

    let (status, home) = get(&client, &fixture, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains(r#"<html lang="da">"#));
    assert!(home.contains("Søg job"), "Danish by default");
    assert!(home.contains("Softwareudvikler til platformteamet"));
    assert!(
        home.contains(r#"<span id="total">6</span>"#),
        "6 postings: {home}"
    );
    assert!(
        home.contains("IT og software"),
        "cluster facet named in Danish"
    );
    assert!(home.contains(r#"name="cluster""#));
    assert!(
        home.contains("ESCO-klassifikationen fra Europa-Kommissionen") && home.contains("ISCO-08"),
        "the data licences are credited on every page"
    );
    assert!(
        home.contains("<svg class=\"chart\""),
        "cluster chart on the landing page"
    );

    // Text search highlights the matched word, and only that is markup.
    let (_, found) = get(&client, &fixture, "/?q=softwareudvikler").await;
    assert!(found.contains("<b>softwareudvikler</b>"), "{found}");
    assert!(!found.contains("Sygeplejerske til akutmodtagelsen"));

    // A facet filter narrows the results and stays ticked.
    let (_, health) = get(&client, &fixture, "/?cluster=health").await;
    assert!(
        health.contains("Sygeplejerske til akutmodtagelsen"),
        "{health}"
    );
    assert!(!health.contains("Lagermedarbejder</a>"));
    assert!(health.contains(r#"value="health" checked"#));

    // Bad parameters are explained, not a crash.
    let (status, bad) = get(&client, &fixture, "/?employment_type=nope").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad.contains("employment_type"), "{bad}");

    // The English switch sets a cookie that later pages follow.
    let response = client.get(fixture.url("/?lang=en")).send().await.unwrap();
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    let english = response.text().await.unwrap();
    assert!(english.contains(r#"<html lang="en">"#) && english.contains("Find jobs"));
    let again = client
        .get(fixture.url("/companies"))
        .header(COOKIE, "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(again.contains("Member companies"), "{again}");
    assert!(
        again.contains(r#"href="/companies?lang=da""#),
        "switch back offered"
    );
}

#[tokio::test]
async fn a_posting_page_is_complete_and_its_markup_inert() {
    let fixture = support::start().await;
    let client = Client::new();
    let id = fixture.posting_id(HOSTILE_TITLE);
    let (status, page) = get(&client, &fixture, &format!("/jobs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(HOSTILE_TITLE));
    assert!(page.contains("Velkommen hos Acme"));
    let description = page
        .split(r#"<div id="description">"#)
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("description block");
    for bad in [
        "<script",
        "onerror",
        "onmouseover",
        "<iframe",
        "<style",
        "javascript:",
        "data-pwned",
        "position:fixed",
    ] {
        assert!(!description.contains(bad), "{bad} in {description}");
    }
    // The only scripts are the page's own.
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    assert!(page.contains("acme-feed"), "source listed");
    assert!(
        page.contains("https://acme.example.dk/job/5"),
        "original link"
    );

    let it_id = fixture.posting_id("Softwareudvikler til platformteamet");
    let (_, it) = get(&client, &fixture, &format!("/jobs/{it_id}")).await;
    assert!(it.contains("IT og software"), "cluster tag");
    assert!(it.contains("fundet “"), "tag evidence in words: {it}");

    let (status, _) = get(&client, &fixture, "/jobs/jf0000000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn companies_and_campaigns_tell_their_story() {
    let fixture = support::start().await;
    let client = Client::new();

    let (_, list) = get(&client, &fixture, "/companies").await;
    assert!(list.contains("Acme A/S") && list.contains("Brudt Stål ApS"));
    assert!(
        list.contains(r#"class="health alarm""#),
        "the failing member: {list}"
    );

    let (status, acme) = get(&client, &fixture, &format!("/companies/{ACME}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(acme.contains("acme-feed"));
    assert!(
        acme.contains(r#"class="bar success""#),
        "crawl chart: {acme}"
    );
    let (_, broken) = get(&client, &fixture, "/companies/broken").await;
    assert_eq!(
        broken.matches(r#"class="bar failed""#).count(),
        3,
        "{broken}"
    );
    let (status, _) = get(&client, &fixture, "/companies/nobody").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, campaigns) = get(&client, &fixture, "/campaigns").await;
    assert!(campaigns.contains("IT-job i Midtjylland"));
    let (_, campaign) = get(&client, &fixture, &format!("/campaigns/{CAMPAIGN}")).await;
    assert!(
        campaign.contains("Softwareudvikler til platformteamet"),
        "{campaign}"
    );
    assert!(!campaign.contains("Sygeplejerske"), "not an IT posting");
    assert!(campaign.contains(&format!("/feeds/{CAMPAIGN}.rss")));
    assert!(campaign.contains("<progress max=\"10\""), "target progress");
    let feed = client
        .get(fixture.url(&format!("/feeds/{CAMPAIGN}.rss")))
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.text()
            .await
            .unwrap()
            .contains("Softwareudvikler til platformteamet")
    );

    // A posting the feed stops listing leaves search and the campaign.
    fixture.delist("IT-supporter").await;
    let (_, campaign) = get(&client, &fixture, &format!("/campaigns/{CAMPAIGN}")).await;
    let left = campaign
        .split(r#"<ul id="left">"#)
        .nth(1)
        .expect("a left list");
    assert!(
        left.split("</ul>").next().unwrap().contains("IT-supporter"),
        "{campaign}"
    );
    let id = fixture.posting_id("IT-supporter");
    let (status, gone) = get(&client, &fixture, &format!("/jobs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        gone.contains("Dette opslag er ikke længere aktivt."),
        "{gone}"
    );
}

/// The self-check form's body.
fn form_body(address: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("url", address)
        .finish()
}

#[tokio::test]
async fn the_self_check_reads_a_career_site() {
    let fixture = support::start().await;
    let client = Client::new();
    let (status, form) = get(&client, &fixture, "/self-check").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains(r#"<label for="url">"#));

    let response = client
        .post(fixture.url("/self-check"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form_body(&fixture.career_site))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let report = response.text().await.unwrap();
    assert!(report.contains("/karriere"), "career page found: {report}");
    assert!(report.contains("Vores robot må hente siden."), "{report}");
    assert!(report.contains("[[sources]]"), "{report}");
    // What was not found, in Danish and, on request, in discover's English.
    assert!(
        report.contains("<li>intet kendt jobsystem (ATS) på de læste sider</li>"),
        "{report}"
    );
    assert!(!report.contains("no known job system"), "{report}");
    let english = client
        .post(fixture.url("/self-check?lang=en"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form_body(&fixture.career_site))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        english.contains("<li>no known job system (ATS) on the pages read</li>"),
        "{english}"
    );

    let response = client
        .post(fixture.url("/self-check"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form_body("ftp://example.dk/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("only http and https")
    );
}

#[tokio::test]
async fn assets_are_cached_for_long() {
    let fixture = support::start().await;
    let response = Client::new()
        .get(fixture.url("/static/jobfeed.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(response.text().await.unwrap().contains(":focus-visible"));
}

#[tokio::test]
async fn coverage_advice_is_in_the_page_language() {
    let fixture = support::start().await;
    let client = Client::new();
    // The part of the page written for people (the report as text below it
    // stays English, like `jobfeed coverage`).
    let shown = |page: &str| {
        page.split("<details>")
            .next()
            .unwrap_or_default()
            .to_owned()
    };

    let (status, da) = get(&client, &fixture, "/companies/broken").await;
    assert_eq!(status, StatusCode::OK);
    let da = shown(&da);
    for sentence in [
        "broken-feed: hentningen af kilden er mislykkedes 3 gange i træk: jeres server kunne \
         ikke svare på",
        "(HTTP 500); vi prøver automatisk igen; sker det igen og igen, så kontakt jeres \
         webhotel. I mellemtiden har vi ingen af kildens opslag, før den virker",
    ] {
        assert!(da.contains(sentence), "Danish advice {sentence:?} in {da}");
    }
    assert!(
        !da.contains("Meanwhile"),
        "English advice on a Danish page: {da}"
    );
    assert!(
        !da.contains("crawls in a row"),
        "English alarm on a Danish page: {da}"
    );

    let (_, en) = get(&client, &fixture, "/companies/broken?lang=en").await;
    let en = shown(&en);
    for sentence in [
        "broken-feed: the source failed 3 crawls in a row: your server failed to answer for",
        "(HTTP 500); we retry automatically; if it keeps happening, ask your web host. \
         Meanwhile, we hold none of the postings of this source until it works",
    ] {
        assert!(en.contains(sentence), "English advice {sentence:?} in {en}");
    }
    assert!(
        !en.contains("I mellemtiden"),
        "Danish advice on an English page"
    );

    let (_, list) = get(&client, &fixture, "/companies").await;
    assert!(
        list.contains("hentningen af kilden er mislykkedes 3 gange i træk"),
        "Danish alarm in the list: {list}"
    );
}
