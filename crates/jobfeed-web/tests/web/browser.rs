//! End-to-end: headless Chromium driven through WebDriver (chromedriver,
//! fantoccini) against the fixture server, in one browser session: search
//! and filter by a facet, open a posting, check that hostile posting markup
//! did nothing, open a company's coverage, open a campaign and fetch its
//! feed, switch language. Screenshots go to `target/e2e-screenshots/`.
//!
//! Set-up: Debian's `chromium` and `chromium-driver`; when
//! `/usr/bin/chromium` or `/usr/bin/chromedriver` is missing the test runs
//! `apt-get install -y chromium chromium-driver`, and fails with the reason
//! when that is impossible. It never skips.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::{self, ACME, CAMPAIGN, HOSTILE_TITLE};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long a page element may take to appear.
const WAIT: Duration = Duration::from_secs(15);

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Installs Chromium and its driver when missing; panics saying why when
/// that fails.
fn ensure_browser() {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        return;
    }
    let status = Command::new("apt-get")
        .args(["install", "-y", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status();
    match status {
        Ok(s) if s.success() && Path::new(CHROMEDRIVER).is_file() => {}
        other => panic!(
            "the browser tests need {CHROMIUM} and {CHROMEDRIVER}; `apt-get install -y chromium \
             chromium-driver` did not provide them ({other:?}); install them as root \
             (run `apt-get update` first if the package lists are missing)"
        ),
    }
}

/// Starts chromedriver on a free loopback port and waits until it answers.
fn start_driver() -> Driver {
    let port = StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + WAIT;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    driver
}

async fn connect(driver: &Driver) -> Client {
    let mut caps = Capabilities::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000"],
        }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session with headless Chromium")
}

/// Where screenshots go: `target/e2e-screenshots/` of the workspace.
fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let dir = target.join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir
}

async fn shoot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).expect("save screenshot");
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
        .text()
        .await
        .expect("element text")
}

/// Waits until the address contains `part`.
async fn wait_for_url(client: &Client, part: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let url = client.current_url().await.expect("current url");
        if url.as_str().contains(part) {
            return;
        }
        assert!(Instant::now() < deadline, "{url} never contained {part}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_searches_filters_and_reads_the_pages() {
    ensure_browser();
    let fixture = support::start().await;
    let driver = start_driver();
    let client = connect(&driver).await;
    let result = steps(&client, &fixture).await;
    let _ = client.close().await;
    result.expect("browser steps");
}

async fn steps(c: &Client, fixture: &support::Fixture) -> Result<(), fantoccini::error::CmdError> {
    // Search by text.
    c.goto(&fixture.url("/")).await?;
    assert_eq!(text_of(c, "#total").await, "6");
    // The keyboard reaches the skip link first.
    c.find(Locator::Css("body"))
        .await?
        .send_keys("\u{e004}")
        .await?;
    let focused = c.active_element().await?.text().await?;
    assert_eq!(focused, "Spring til indholdet");
    shoot(c, "01-search").await;
    c.find(Locator::Css("#q"))
        .await?
        .send_keys("software")
        .await?;
    c.find(Locator::Css(".searchbar button"))
        .await?
        .click()
        .await?;
    wait_for_url(c, "q=software").await;
    let hits: u32 = text_of(c, "#total").await.parse().expect("a count");
    assert!((1..6).contains(&hits), "{hits} hits for software");

    // Filter by a facet: ticking the box submits the form (script).
    c.goto(&fixture.url("/")).await?;
    c.find(Locator::Css(r#"#facet-cluster input[value="health"]"#))
        .await?
        .click()
        .await?;
    wait_for_url(c, "cluster=health").await;
    assert_eq!(text_of(c, "#total").await, "1");
    let checked = c
        .find(Locator::Css(r#"#facet-cluster input[value="health"]"#))
        .await?
        .prop("checked")
        .await?;
    assert_eq!(checked.as_deref(), Some("true"));
    shoot(c, "02-filtered").await;

    // Open the posting from the results.
    c.find(Locator::Css(".result h3 a")).await?.click().await?;
    assert_eq!(text_of(c, "h1").await, "Sygeplejerske til akutmodtagelsen");
    shoot(c, "03-posting").await;

    // The hostile posting: shown, and nothing in it ran.
    let id = fixture.posting_id(HOSTILE_TITLE);
    c.goto(&fixture.url(&format!("/jobs/{id}"))).await?;
    assert!(
        text_of(c, "#description")
            .await
            .contains("Velkommen hos Acme")
    );
    assert!(c.get_alert_text().await.is_err(), "no alert may be open");
    let pwned = c
        .execute("return document.body.getAttribute('data-pwned');", vec![])
        .await?;
    assert!(pwned.is_null(), "posting markup ran: {pwned}");
    let active = c
        .execute(
            "return document.querySelectorAll('#description script, #description iframe, \
             #description style, #description img, #description [onerror], \
             #description [onmouseover], #description [style]').length;",
            vec![],
        )
        .await?;
    assert_eq!(active, json!(0));
    let visible = c
        .execute("return getComputedStyle(document.body).display;", vec![])
        .await?;
    assert_eq!(
        visible,
        json!("block"),
        "a posting's style must not hide the page"
    );
    shoot(c, "04-hostile-posting").await;

    // A company's coverage, reached from the list.
    c.goto(&fixture.url("/companies")).await?;
    c.find(Locator::LinkText("Acme A/S")).await?.click().await?;
    wait_for_url(c, &format!("/companies/{ACME}")).await;
    // The feed states 7 openings and 6 arrived: a warning, explained.
    assert_eq!(text_of(c, "#company-health").await, "Advarsel");
    assert!(
        text_of(c, "main").await.contains("7"),
        "the stated count is shown"
    );
    c.find(Locator::Css("svg.chart .bar.success")).await?;
    shoot(c, "05-company").await;

    // A campaign and its feed.
    c.goto(&fixture.url("/campaigns")).await?;
    c.find(Locator::LinkText("IT-job i Midtjylland"))
        .await?
        .click()
        .await?;
    wait_for_url(c, &format!("/campaigns/{CAMPAIGN}")).await;
    assert!(
        text_of(c, "#items")
            .await
            .contains("Softwareudvikler til platformteamet")
    );
    shoot(c, "06-campaign").await;
    let rss = c
        .find(Locator::Css("#feed-links a[href$='.rss']"))
        .await?
        .prop("href")
        .await?
        .expect("an RSS link");
    let feed = reqwest::get(&rss).await.expect("fetch the feed");
    assert!(feed.status().is_success(), "{rss}: {}", feed.status());
    assert!(
        feed.text()
            .await
            .expect("feed")
            .contains("Softwareudvikler til platformteamet")
    );

    // Switch to English; the choice sticks on the next page.
    c.find(Locator::Css("#lang-switch")).await?.click().await?;
    wait_for_url(c, "lang=en").await;
    c.goto(&fixture.url("/")).await?;
    let lang = c
        .execute("return document.documentElement.lang;", vec![])
        .await?;
    assert_eq!(lang, json!("en"));
    assert_eq!(text_of(c, "h1").await, "Find jobs");
    shoot(c, "07-english").await;
    Ok(())
}
