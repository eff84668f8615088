//! The generic sources against the fixture sites: feeds with conditional
//! GET, career pages and HTML lists with detail follow and the detail
//! cache, sitemaps with an index, and board changes seen on the next crawl.

use crate::support::{board, crawl, fetcher, ip, member, url};
use jobfeed_parse::{Kind, ListRecipe, XmlMapping};
use jobfeed_sources::config::{
    CareerPageSource, Definition, FeedSource, HtmlListSource, SitemapSource, SourceKind,
};
use jobfeed_sources::crawl::DetailCache;
use jobfeed_testsites::server::serve;
use jobfeed_testsites::sites::{career_page, feeds, html_list, sitemap};

#[tokio::test]
async fn every_feed_format_is_read_and_a_second_crawl_gets_304() {
    let ads = board(1, 4);
    let site = serve(ip(1, 1), feeds::router(ads.clone(), "Gudenå Software ApS"))
        .await
        .unwrap();
    let fetcher = fetcher();
    let cases = [
        ("/jobs.rss", Kind::Auto, None),
        ("/jobs-latin1.rss", Kind::Rss, None),
        ("/jobs.atom", Kind::Atom, None),
        ("/feed.json", Kind::Auto, None),
        ("/jobs.xml", Kind::Xml, Some("indeed")),
    ];
    for (path, format, mapping) in cases {
        let source = FeedSource {
            url: url(site.url(path)),
            format,
            mapping: mapping.map(|name| XmlMapping::builtin(name).unwrap()),
            mapping_definition: mapping.map(|name| Definition::Builtin(name.to_owned())),
        };
        let member = member("feed", SourceKind::Feed(source));
        let first = crawl(&fetcher, &member, None, &DetailCache::default())
            .await
            .unwrap();
        assert_eq!(first.postings.len(), 4, "{path}: {:?}", first.warnings);
        assert!(first.postings.iter().all(|p| !p.title.is_empty()), "{path}");
        assert!(first.validators.is_some(), "{path}");
        let second = crawl(
            &fetcher,
            &member,
            first.validators.clone(),
            &DetailCache::default(),
        )
        .await
        .unwrap();
        assert!(second.not_modified, "{path}");
        assert!(second.postings.is_empty(), "{path}");
        assert_eq!(second.http_status, Some(304), "{path}");
    }
    let latin1 = site
        .log
        .entries()
        .into_iter()
        .find(|e| e.path == "/jobs-latin1.rss");
    assert_eq!(latin1.map(|e| e.status), Some(200));
    assert_eq!(site.log.paths_with_status(304).len(), 5);
}

#[tokio::test]
async fn career_page_refetches_only_new_and_changed_detail_pages() {
    let ads = board(2, 5);
    let site = serve(
        ip(1, 2),
        career_page::router(ads.clone(), "Kattegat Vindteknik A/S"),
    )
    .await
    .unwrap();
    let fetcher = fetcher();
    let source = CareerPageSource {
        url: url(site.url("/karriere")),
        follow: true,
        link_selector: None,
        max_details: 50,
    };
    let member = member("career", SourceKind::CareerPage(source));

    let first = crawl(&fetcher, &member, None, &DetailCache::default())
        .await
        .unwrap();
    assert_eq!(first.postings.len(), 5, "{:?}", first.warnings);
    assert!(
        first
            .postings
            .iter()
            .all(|p| p.description.is_some() && p.date_posted.is_some())
    );
    assert_eq!(site.log.count("/karriere/stilling/"), 5);
    assert_eq!(first.details.len(), 5);

    // One ad changes its title, one is new: only those two pages are read.
    let all = ads.ads();
    assert!(ads.change(&all[1].id, |ad| ad.title =
        "Senior Rust-udvikler".to_owned()));
    let mut new_ad = all[0].clone();
    new_ad.id = "999001".to_owned();
    new_ad.title = "Lagerchef".to_owned();
    ads.add(new_ad);
    site.log.clear();
    let second = crawl(&fetcher, &member, None, &first.details)
        .await
        .unwrap();
    let detail_paths: Vec<String> = site
        .log
        .entries()
        .into_iter()
        .map(|e| e.path)
        .filter(|p| p.starts_with("/karriere/stilling/"))
        .collect();
    assert_eq!(
        detail_paths,
        vec![
            format!("/karriere/stilling/{}", all[1].id),
            "/karriere/stilling/999001".to_owned()
        ]
    );
    assert_eq!(second.postings.len(), 6);
    assert!(
        second
            .postings
            .iter()
            .any(|p| p.title == "Senior Rust-udvikler")
    );
    assert!(second.postings.iter().any(|p| p.title == "Lagerchef"));

    // A removed ad is gone on the next crawl, without any detail request.
    assert!(ads.remove(&all[3].id));
    site.log.clear();
    let third = crawl(&fetcher, &member, None, &second.details)
        .await
        .unwrap();
    assert_eq!(third.postings.len(), 5);
    assert!(
        third
            .postings
            .iter()
            .all(|p| p.title != all[3].title || p.url != first.postings[3].url)
    );
    assert_eq!(site.log.count("/karriere/stilling/"), 0);
}

#[tokio::test]
async fn html_list_pages_and_follows_details() {
    let ads = board(3, 7);
    let site = serve(
        ip(1, 3),
        html_list::router(ads.clone(), "Herning Metalindustri A/S", 4),
    )
    .await
    .unwrap();
    let fetcher = fetcher();
    let source = HtmlListSource {
        url: url(site.url("/ledige-stillinger")),
        recipe: ListRecipe::from_toml_str(html_list::RECIPE, "fixture recipe").unwrap(),
        recipe_definition: Definition::Toml(html_list::RECIPE.to_owned()),
        follow_details: true,
        max_pages: 5,
        max_details: 50,
    };
    let member = member("list", SourceKind::HtmlList(source));
    let result = crawl(&fetcher, &member, None, &DetailCache::default())
        .await
        .unwrap();
    assert_eq!(result.postings.len(), 7, "{:?}", result.warnings);
    // The list has no descriptions: they come from the detail pages.
    assert!(result.postings.iter().all(|p| p.description.is_some()));
    assert_eq!(site.log.count("/ledige-stillinger?"), 1);
    assert_eq!(site.log.count("/ledige-stillinger/"), 7);
    assert!(
        result
            .postings
            .iter()
            .all(|p| p.url.as_ref().is_some_and(|u| u.query().is_none()))
    );

    // Unchanged: the two list pages again, no detail page.
    site.log.clear();
    let again = crawl(&fetcher, &member, None, &result.details)
        .await
        .unwrap();
    assert_eq!(again.postings.len(), 7);
    assert_eq!(site.log.count("/ledige-stillinger/"), 0);
    let ids: Vec<_> = result.postings.iter().map(|p| &p.id).collect();
    assert_eq!(
        ids,
        again.postings.iter().map(|p| &p.id).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn sitemap_index_leads_to_job_pages() {
    let ads = board(4, 4);
    let site = serve(ip(1, 4), sitemap::router(ads.clone(), "Djurs Logistik A/S"))
        .await
        .unwrap();
    let fetcher = fetcher();
    let source = SitemapSource {
        url: url(site.url("/sitemap.xml")),
        job_pattern: r"/job/\d+".to_owned(),
        max_details: 50,
    };
    let member = member("sitemap", SourceKind::Sitemap(source));
    let first = crawl(&fetcher, &member, None, &DetailCache::default())
        .await
        .unwrap();
    assert_eq!(first.postings.len(), 4, "{:?}", first.warnings);
    assert_eq!(site.log.count("/job/"), 4);

    let changed = ads.ads()[2].id.clone();
    ads.change(&changed, |ad| ad.title = "Disponent, nathold".to_owned());
    site.log.clear();
    let second = crawl(&fetcher, &member, None, &first.details)
        .await
        .unwrap();
    assert_eq!(second.postings.len(), 4);
    let detail_requests: Vec<String> = site
        .log
        .entries()
        .into_iter()
        .map(|e| e.path)
        .filter(|p| p.starts_with("/job/"))
        .collect();
    assert_eq!(detail_requests.len(), 1, "{detail_requests:?}");
    assert!(detail_requests[0].starts_with(&format!("/job/{changed}-")));
    assert!(
        second
            .postings
            .iter()
            .any(|p| p.title == "Disponent, nathold")
    );

    // With the validators of the last crawl the index answers 304.
    let third = crawl(
        &fetcher,
        &member,
        second.validators.clone(),
        &second.details,
    )
    .await
    .unwrap();
    assert!(third.not_modified);
    assert_eq!(third.details.len(), 4);
}
