//! The fetcher against real HTTP servers on loopback. Every behaviour is
//! checked from the server's own request log: what reached it, when, and
//! with which headers.

mod support;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::header::{
    CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LAST_MODIFIED, LOCATION, RETRY_AFTER,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use futures_util::future::join_all;
use jobfeed_fetch::{FetchConfig, FetchError, FetchRequest, Fetcher, HeaderValue, SizeLimit};
use support::{Server, config, gaps};

/// Allowed slack between the client's spacing and the server's arrival times.
const SLACK: Duration = Duration::from_millis(30);

fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config).expect("valid test config")
}

fn robots(body: &'static str) -> Router {
    Router::new().route("/robots.txt", get(move || async move { body }))
}

fn ok_page() -> Router {
    Router::new().route("/{*path}", get(|| async { "<html>ok</html>" }))
}

/// Counts calls and answers with the response for that call number (0-based).
fn sequence(answers: fn(usize) -> Response) -> axum::routing::MethodRouter {
    let calls = Arc::new(AtomicUsize::new(0));
    get(move || {
        let n = calls.fetch_add(1, Ordering::SeqCst);
        async move { answers(n) }
    })
}

/// A handler that takes `pause` and records the most requests it ever had in flight.
fn slow(pause: Duration, max_in_flight: &Arc<AtomicUsize>) -> axum::routing::MethodRouter {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::clone(max_in_flight);
    get(move || {
        let (in_flight, max_in_flight) = (Arc::clone(&in_flight), Arc::clone(&max_in_flight));
        async move {
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            max_in_flight.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(pause).await;
            in_flight.fetch_sub(1, Ordering::SeqCst);
            "<html>slow</html>"
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_host_lanes_keep_concurrency_and_delay_while_hosts_interleave() {
    let pause = Duration::from_millis(100);
    let (max_a, max_b) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let a = Server::start(
        "127.0.0.2",
        Router::new().route("/page/{n}", slow(pause, &max_a)),
    )
    .await;
    let b = Server::start(
        "127.0.0.3",
        Router::new().route("/page/{n}", slow(pause, &max_b)),
    )
    .await;
    let delay = Duration::from_millis(200);
    let fetcher = fetcher(FetchConfig {
        per_host_delay: delay,
        ..config()
    });

    let started = Instant::now();
    let requests =
        (0..3).flat_map(|n| [a.url(&format!("/page/{n}")), b.url(&format!("/page/{n}"))]);
    let results = join_all(requests.map(|url| fetcher.fetch(FetchRequest::get(url)))).await;
    let took = started.elapsed();

    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(
        max_a.load(Ordering::SeqCst),
        1,
        "host A had parallel requests"
    );
    assert_eq!(
        max_b.load(Ordering::SeqCst),
        1,
        "host B had parallel requests"
    );
    for server in [&a, &b] {
        let hits = server.hits();
        assert_eq!(hits.len(), 4, "robots.txt + 3 pages");
        for gap in gaps(&hits) {
            assert!(gap + SLACK >= delay, "starts on one host {gap:?} apart");
        }
    }
    // Each host needs ~0.9 s alone (3 × (200 ms delay + 100 ms handler)), so
    // one host after the other would take ~1.8 s.
    assert!(
        took < Duration::from_millis(1400),
        "hosts did not run in parallel: {took:?}"
    );
}

#[tokio::test]
async fn per_host_concurrency_limit_is_a_semaphore() {
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let route = slow(Duration::from_millis(150), &max_in_flight);
    let server = Server::start("127.0.0.4", Router::new().route("/p/{n}", route)).await;
    let config = FetchConfig {
        per_host_concurrency: 2,
        per_host_delay: Duration::ZERO,
        ..config()
    };
    let fetcher = fetcher(config);
    let urls = (0..6).map(|n| server.url(&format!("/p/{n}")));
    let results = join_all(urls.map(|url| fetcher.fetch(FetchRequest::get(url)))).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(max_in_flight.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn robots_disallow_is_obeyed_and_cached() {
    let router = robots("User-agent: *\nDisallow: /private\n").merge(ok_page());
    let server = Server::start("127.0.0.5", router).await;
    let fetcher = fetcher(config());

    let denied = fetcher
        .fetch(FetchRequest::get(server.url("/private/jobs")))
        .await
        .unwrap_err();
    assert!(
        matches!(denied, FetchError::RobotsDenied { .. }),
        "{denied}"
    );
    assert_eq!(denied.kind(), "robots_denied");
    fetcher
        .fetch(FetchRequest::get(server.url("/public/jobs")))
        .await
        .unwrap();
    fetcher
        .fetch(FetchRequest::get(server.url("/public/more")))
        .await
        .unwrap();

    assert!(
        server.hits_to("/private").is_empty(),
        "a disallowed request reached the server"
    );
    assert_eq!(
        server.hits_to("/robots.txt").len(),
        1,
        "robots.txt is cached per origin"
    );
    assert_eq!(server.hits_to("/public").len(), 2);
}

#[tokio::test]
async fn robots_with_bom_before_first_line() {
    let body = "\u{feff}User-agent: *\nAllow: /ApplicationInit.aspx?\nDisallow: /*SkipAdvertisement=True\nDisallow: /\n";
    let server = Server::start("127.0.0.6", robots(body).merge(ok_page())).await;
    let fetcher = fetcher(config());

    fetcher
        .fetch(FetchRequest::get(server.url("/ApplicationInit.aspx?cid=5")))
        .await
        .unwrap();
    let err = fetcher
        .fetch(FetchRequest::get(server.url("/Jobs/All")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "robots_denied");
    assert!(server.hits_to("/Jobs").is_empty());
    assert_eq!(server.hits_to("/ApplicationInit.aspx").len(), 1);
}

#[tokio::test]
async fn robots_404_html_allows_everything() {
    // The body would disallow all, but a 404 means "no robots.txt".
    let missing = || async {
        (
            StatusCode::NOT_FOUND,
            "<html>User-agent: *\nDisallow: /\n</html>",
        )
    };
    let router = Router::new()
        .route("/robots.txt", get(missing))
        .merge(ok_page());
    let server = Server::start("127.0.0.7", router).await;
    let response = fetcher(config())
        .fetch(FetchRequest::get(server.url("/jobs")))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(server.hits_to("/jobs").len(), 1);
}

#[tokio::test]
async fn unreachable_robots_disallows_for_now() {
    let broken = || async { StatusCode::SERVICE_UNAVAILABLE };
    let router = Router::new()
        .route("/robots.txt", get(broken))
        .merge(ok_page());
    let server = Server::start("127.0.0.8", router).await;
    let err = fetcher(config())
        .fetch(FetchRequest::get(server.url("/jobs")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "robots_unreachable");
    assert!(err.is_transient());
    assert!(server.hits_to("/jobs").is_empty());
}

#[tokio::test]
async fn crawl_delay_longer_than_configured_is_honoured() {
    let server = Server::start(
        "127.0.0.9",
        robots("User-agent: *\nCrawl-delay: 1\n").merge(ok_page()),
    )
    .await;
    let fetcher = fetcher(config());
    fetcher
        .fetch(FetchRequest::get(server.url("/a")))
        .await
        .unwrap();
    fetcher
        .fetch(FetchRequest::get(server.url("/b")))
        .await
        .unwrap();
    let pages: Vec<_> = server
        .hits()
        .into_iter()
        .filter(|h| h.target != "/robots.txt")
        .collect();
    let gap = gaps(&pages)[0];
    assert!(
        gap + SLACK >= Duration::from_secs(1),
        "pages only {gap:?} apart"
    );
}

#[tokio::test]
async fn conditional_get_turns_304_into_not_modified() {
    let page = |headers: HeaderMap| async move {
        let validators = [
            (ETAG, "\"v1\""),
            (LAST_MODIFIED, "Wed, 21 Oct 2015 07:28:00 GMT"),
        ];
        if headers.get(IF_NONE_MATCH).is_some_and(|v| v == "\"v1\"") {
            (StatusCode::NOT_MODIFIED, validators, "").into_response()
        } else {
            (validators, "<rss>jobs</rss>").into_response()
        }
    };
    let server = Server::start("127.0.0.10", Router::new().route("/feed.xml", get(page))).await;
    let fetcher = fetcher(config());

    let first = fetcher
        .fetch(FetchRequest::get(server.url("/feed.xml")))
        .await
        .unwrap();
    assert!(!first.not_modified);
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    let again =
        FetchRequest::get(server.url("/feed.xml")).with_validators(first.validators.clone());
    let second = fetcher.fetch(again).await.unwrap();
    assert!(second.not_modified);
    assert_eq!(second.status, 304);
    assert!(second.body.is_empty());
    assert_eq!(second.validators, first.validators);

    let sent = &server.hits_to("/feed.xml")[1].headers;
    assert_eq!(sent.get(IF_NONE_MATCH).unwrap(), "\"v1\"");
    assert_eq!(
        sent.get("if-modified-since").unwrap(),
        "Wed, 21 Oct 2015 07:28:00 GMT"
    );
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliCompress(
        &mut &data[..],
        &mut out,
        &brotli::enc::BrotliEncoderParams::default(),
    )
    .unwrap();
    out
}

const LATIN1_PAGE: &[u8] = b"<html><body>Udvikler til K\xf8benhavn</body></html>";

#[tokio::test]
async fn gzip_and_brotli_bodies_are_decoded() {
    let router = Router::new()
        .route(
            "/gz",
            get(|| async {
                (
                    [
                        (CONTENT_ENCODING, "gzip"),
                        (CONTENT_TYPE, "text/html; charset=ISO-8859-1"),
                    ],
                    gzip(LATIN1_PAGE),
                )
            }),
        )
        .route(
            "/br",
            get(|| async {
                (
                    [(CONTENT_ENCODING, "br"), (CONTENT_TYPE, "text/html")],
                    brotli(LATIN1_PAGE),
                )
            }),
        );
    let server = Server::start("127.0.0.11", router).await;
    let fetcher = fetcher(config());

    let gz = fetcher
        .fetch(FetchRequest::get(server.url("/gz")))
        .await
        .unwrap();
    assert_eq!(&gz.body[..], LATIN1_PAGE);
    assert_eq!(gz.content_type.as_deref(), Some("text/html"));
    assert_eq!(gz.charset.as_deref(), Some("iso-8859-1"));
    assert!(
        gz.headers.get(CONTENT_ENCODING).is_none(),
        "the body is no longer encoded"
    );
    let br = fetcher
        .fetch(FetchRequest::get(server.url("/br")))
        .await
        .unwrap();
    assert_eq!(&br.body[..], LATIN1_PAGE);

    let accept = server.hits_to("/gz")[0]
        .headers
        .get("accept-encoding")
        .cloned()
        .unwrap();
    assert_eq!(accept, "gzip, deflate, br");
}

#[tokio::test]
async fn gzip_bomb_stops_at_the_decompressed_cap() {
    let bomb = gzip(&vec![0u8; 20 << 20]);
    assert!(bomb.len() < 100 << 10);
    let router = Router::new().route(
        "/bomb",
        get(move || async move { ([(CONTENT_ENCODING, "gzip")], bomb) }),
    );
    let server = Server::start("127.0.0.12", router).await;
    let config = FetchConfig {
        max_decompressed_bytes: 1 << 20,
        ..config()
    };
    let err = fetcher(config)
        .fetch(FetchRequest::get(server.url("/bomb")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { what: SizeLimit::Decompressed, limit, .. } if limit == 1 << 20),
        "{err}"
    );
}

static CHUNK: [u8; 64 * 1024] = [b'x'; 64 * 1024];

fn endless() -> Body {
    Body::from_stream(futures_util::stream::repeat_with(|| {
        Ok::<_, std::io::Error>(Bytes::from_static(&CHUNK))
    }))
}

#[tokio::test]
async fn body_cap_applies_with_and_without_content_length() {
    let router = Router::new()
        .route("/big", get(|| async { vec![b'x'; 2 << 20] }))
        .route("/endless", get(|| async { endless() }));
    let server = Server::start("127.0.0.13", router).await;
    let fetcher = fetcher(FetchConfig {
        max_body_bytes: 1 << 20,
        ..config()
    });
    for path in ["/big", "/endless"] {
        let err = fetcher
            .fetch(FetchRequest::get(server.url(path)))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                FetchError::TooLarge {
                    what: SizeLimit::Body,
                    ..
                }
            ),
            "{path}: {err}"
        );
    }
}

#[tokio::test]
async fn stalled_body_ends_at_the_total_timeout() {
    let stalled = || async {
        let start = futures_util::stream::once(async {
            Ok::<_, std::io::Error>(Bytes::from_static(b"<html>"))
        });
        Body::from_stream(start.chain(futures_util::stream::pending()))
    };
    let server = Server::start("127.0.0.14", Router::new().route("/stalled", get(stalled))).await;
    let fetcher = fetcher(FetchConfig {
        total_timeout: Duration::from_millis(800),
        ..config()
    });
    let started = Instant::now();
    let err = fetcher
        .fetch(FetchRequest::get(server.url("/stalled")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "timeout", "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        server.hits_to("/stalled").len(),
        1,
        "a timeout is not retried"
    );
}

fn redirect_to(location: String) -> Response {
    (StatusCode::FOUND, [(LOCATION, location)]).into_response()
}

#[tokio::test]
async fn redirect_loop_is_detected() {
    let router = Router::new()
        .route("/a", get(|| async { redirect_to("/b".into()) }))
        .route("/b", get(|| async { redirect_to("/a".into()) }));
    let server = Server::start("127.0.0.15", router).await;
    let err = fetcher(config())
        .fetch(FetchRequest::get(server.url("/a")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RedirectLoop { .. }), "{err}");
    assert_eq!(server.hits_to("/a").len(), 1);
    assert_eq!(server.hits_to("/b").len(), 1);
}

#[tokio::test]
async fn redirect_cap_is_kept() {
    let hop = |axum::extract::Path(n): axum::extract::Path<u32>| async move {
        redirect_to(format!("/r/{}", n + 1))
    };
    let server = Server::start("127.0.0.16", Router::new().route("/r/{n}", get(hop))).await;
    let err = fetcher(FetchConfig {
        max_redirects: 3,
        ..config()
    })
    .fetch(FetchRequest::get(server.url("/r/0")))
    .await
    .unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 3, .. }),
        "{err}"
    );
    assert_eq!(
        server.hits_to("/r/").len(),
        4,
        "the first request and three redirects"
    );
}

#[tokio::test]
async fn redirects_are_followed_and_counted() {
    let router = Router::new()
        .route(
            "/old",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(LOCATION, "/new")]) }),
        )
        .route("/new", get(|| async { "<html>new</html>" }));
    let server = Server::start("127.0.0.17", router).await;
    let response = fetcher(config())
        .fetch(FetchRequest::get(server.url("/old")))
        .await
        .unwrap();
    assert_eq!(response.final_url, server.url("/new"));
    assert_eq!((response.redirects, response.attempts), (1, 2));
}

#[tokio::test]
async fn redirect_to_a_non_allowed_private_address_is_refused() {
    let target = Server::start("127.0.0.3", ok_page()).await;
    let location = target.url("/secret").to_string();
    let router = Router::new().route("/go", get(move || async move { redirect_to(location) }));
    let origin = Server::start("127.0.0.2", router).await;
    let config = FetchConfig {
        allow_networks: vec!["127.0.0.2/32".parse().unwrap()],
        ..config()
    };

    let err = fetcher(config)
        .fetch(FetchRequest::get(origin.url("/go")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::SsrfRefused { .. }), "{err}");
    assert_eq!(origin.hits_to("/go").len(), 1);
    assert!(target.hits().is_empty(), "the refused host was contacted");
}

#[tokio::test]
async fn default_config_refuses_loopback_literals_and_names() {
    let server = Server::start("127.0.0.1", ok_page()).await;
    let config = FetchConfig {
        contact_url: config().contact_url,
        ..FetchConfig::default()
    };
    let fetcher = fetcher(config);
    let port = server.addr.port();
    for url in [
        format!("http://127.0.0.1:{port}/jobs"),
        format!("http://localhost:{port}/jobs"),
    ] {
        let err = fetcher
            .fetch(FetchRequest::get(url.parse().unwrap()))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), "ssrf_refused", "{url}: {err}");
    }
    assert!(
        server.hits().is_empty(),
        "a refused request reached the server"
    );
}

#[tokio::test]
async fn allow_listed_names_resolve_through_the_guard() {
    let server = Server::start("127.0.0.1", ok_page()).await;
    let url = format!("http://localhost:{}/jobs", server.addr.port());
    let config = FetchConfig {
        allow_networks: vec!["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()],
        ..config()
    };
    let response = fetcher(config)
        .fetch(FetchRequest::get(url.parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(&response.body[..], b"<html>ok</html>");
    assert_eq!(server.hits_to("/jobs").len(), 1);
}

#[tokio::test]
async fn retry_after_is_waited_for_then_success() {
    let answers = |n| {
        if n == 0 {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(RETRY_AFTER, "1")],
                "slow down",
            )
                .into_response()
        } else {
            "<html>jobs</html>".into_response()
        }
    };
    let server = Server::start(
        "127.0.0.18",
        Router::new().route("/jobs", sequence(answers)),
    )
    .await;
    let response = fetcher(config())
        .fetch(FetchRequest::get(server.url("/jobs")))
        .await
        .unwrap();
    assert_eq!(response.attempts, 2);
    let gap = gaps(&server.hits_to("/jobs"))[0];
    assert!(
        gap + SLACK >= Duration::from_secs(1),
        "retried after only {gap:?}"
    );
}

#[tokio::test]
async fn long_retry_after_is_rate_limited_and_pauses_the_host() {
    let limited = || async { (StatusCode::TOO_MANY_REQUESTS, [(RETRY_AFTER, "3600")]) };
    let server = Server::start(
        "127.0.0.19",
        Router::new()
            .route("/a", get(limited))
            .route("/b", get(limited)),
    )
    .await;
    let fetcher = fetcher(config());
    for path in ["/a", "/b"] {
        let err = fetcher
            .fetch(FetchRequest::get(server.url(path)))
            .await
            .unwrap_err();
        let FetchError::RateLimited {
            retry_after: Some(wait),
            ..
        } = err
        else {
            panic!("{err}")
        };
        assert!(wait > Duration::from_secs(3500));
    }
    assert_eq!(server.hits_to("/a").len(), 1);
    assert!(
        server.hits_to("/b").is_empty(),
        "a paused host was contacted"
    );
}

#[tokio::test]
async fn server_errors_back_off_then_succeed() {
    let answers = |n| {
        if n < 2 {
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        } else {
            "<html>jobs</html>".into_response()
        }
    };
    let server = Server::start(
        "127.0.0.20",
        Router::new().route("/jobs", sequence(answers)),
    )
    .await;
    let response = fetcher(config())
        .fetch(FetchRequest::get(server.url("/jobs")))
        .await
        .unwrap();
    assert_eq!(response.attempts, 3);
    // backoff_base 100 ms: the first pause is 50–100 ms, the second 100–200 ms.
    let gaps = gaps(&server.hits_to("/jobs"));
    assert!(gaps[0] + SLACK >= Duration::from_millis(50), "{gaps:?}");
    assert!(gaps[1] + SLACK >= Duration::from_millis(100), "{gaps:?}");
}

#[tokio::test]
async fn persistent_server_errors_end_as_http_status() {
    let server = Server::start(
        "127.0.0.21",
        Router::new().route("/jobs", get(|| async { StatusCode::BAD_GATEWAY })),
    )
    .await;
    let config = FetchConfig {
        max_attempts: 2,
        backoff_base: Duration::from_millis(20),
        ..config()
    };
    let err = fetcher(config)
        .fetch(FetchRequest::get(server.url("/jobs")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::HttpStatus { status: 502, .. }),
        "{err}"
    );
    assert_eq!(server.hits_to("/jobs").len(), 2);
}

#[tokio::test]
async fn bot_challenge_page_is_an_error_not_an_empty_board() {
    let challenge = || async {
        let page = "<html><head><title>Checking</title></head><body>Checking search engine crawler\u{2026}</body></html>";
        (StatusCode::FORBIDDEN, [(CONTENT_TYPE, "text/html")], page)
    };
    let server = Server::start("127.0.0.22", Router::new().route("/jobs", get(challenge))).await;
    let err = fetcher(config())
        .fetch(FetchRequest::get(server.url("/jobs")))
        .await
        .unwrap_err();
    let FetchError::BotChallenge {
        status, ref marker, ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!(
        (status, marker.as_str()),
        (403, "checking search engine crawler")
    );
    assert_eq!(err.kind(), "bot_challenge");
    assert_eq!(
        server.hits_to("/jobs").len(),
        1,
        "a challenge is not retried"
    );
}

#[tokio::test]
async fn plain_error_status_keeps_a_snippet() {
    let missing = || async { (StatusCode::BAD_REQUEST, "{\"code\": \"UnknownCustomer\"}") };
    let server = Server::start("127.0.0.23", Router::new().route("/api", get(missing))).await;
    let err = fetcher(config())
        .fetch(FetchRequest::get(server.url("/api")))
        .await
        .unwrap_err();
    let FetchError::HttpStatus {
        status, snippet, ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!(status, 400);
    assert!(snippet.contains("UnknownCustomer"), "{snippet}");
}

#[tokio::test]
async fn post_json_with_headers_and_honest_user_agent() {
    let echo = |headers: HeaderMap, body: String| async move {
        let kind = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        format!("{kind} {body}")
    };
    let server = Server::start("127.0.0.24", Router::new().route("/api/search", post(echo))).await;
    let request = FetchRequest::post_json(
        server.url("/api/search"),
        serde_json::json!({"skip": 0, "take": 20}),
    )
    .with_header(
        axum::http::header::REFERER,
        HeaderValue::from_static("https://jobs.example.dk/"),
    );
    let response = fetcher(config()).fetch(request).await.unwrap();
    assert_eq!(
        &response.body[..],
        br#"application/json {"skip":0,"take":20}"#
    );

    let hit = &server.hits_to("/api/search")[0];
    assert_eq!(hit.method, "POST");
    assert_eq!(
        hit.headers.get("referer").unwrap(),
        "https://jobs.example.dk/"
    );
    let agent = hit.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(
        agent.starts_with("jobfeed/") && agent.contains("(+https://example.org/jobfeed-bot)"),
        "{agent}"
    );
}

#[tokio::test]
async fn fetcher_refuses_a_config_without_contact() {
    let err = Fetcher::new(FetchConfig::default()).unwrap_err();
    assert_eq!(err.kind(), "config");
}

#[test]
fn fetch_future_is_send_for_spawned_workers() {
    fn assert_send<T: Send>(_: &T) {}
    let fetcher = fetcher(config());
    let url = "http://127.0.0.1:9/".parse().unwrap();
    let future = fetcher.fetch(FetchRequest::get(url));
    assert_send(&future);
}
