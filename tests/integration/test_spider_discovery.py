"""The outlet spider's callbacks on real responses from the demo server (no reactor: callbacks called directly)."""

from __future__ import annotations

import gzip
import os
import urllib.error
import urllib.request

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response, XmlResponse
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure

from corpus.demo.registry import DEMO_REGISTRY_PATH, registry_files
from corpus.ids import doc_id_for_url
from corpus.registry import load_registry
from crawler.items import PageItem
from crawler.known import changed_since
from crawler.spiders.outlet import (
    OutletSpider,
    SpiderOptions,
    apply_outlet_settings,
    feed_entries,
    iso_stamp,
    next_page_url,
    parse_date,
)

SECTION_PATHS = {
    "sada": "/news/world/",
    "manara": "/section/world",
    "qafila": "/section.php?cat=world",
    "mawja": "/category/world/",
}
NEXT_PATHS = {
    "sada": "/news/world/?page=2",
    "manara": "/section/world?page=2",
    "qafila": "/section.php?cat=world&page=2",
    "mawja": "/category/world/page/2/",
}


# The spider's -a registry=: the production outlets and the demo ones (what `corpus crawl` hands it).
REGISTRY_ARGUMENT = os.pathsep.join(map(str, registry_files()))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, request: Request | None = None) -> Response:
    """A real answer of the demo server as the Scrapy response class Scrapy would build for it."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as answer:
            status, headers, body = answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url=url, status=status, headers=headers, body=body, request=request or Request(url))


def make_spider(server, site: str, **arguments) -> OutletSpider:
    spider = OutletSpider(name=f"demo_{site}", base_url=server.base_urls[site], registry=REGISTRY_ARGUMENT, **arguments)
    spider._set_crawler(get_crawler())
    return spider


@pytest.fixture(scope="module")
def server(module_demo_server):
    for site in SECTION_PATHS:  # a second page of "world" in every layout
        for n in range(3):
            module_demo_server.add_article(
                site,
                {"title": f"خبر إضافي رقم {n} عن الطقس", "section": "world"},
                body="توقعت الأرصاد الجوية أمطارا غزيرة على المناطق الساحلية خلال الأيام المقبلة.",
            )
    return module_demo_server


def stat(spider, key):
    return spider.crawler.stats.get_value(f"corpus/{key}")


# ---------------------------------------------------------------------- sitemaps and feeds


@pytest.mark.parametrize("site", ["sada", "qafila"])
def test_sitemap_yields_every_article_with_its_lastmod(server, site):
    spider = make_spider(server, site)
    requests = list(spider.parse_sitemap(fetch(server.base_urls[site] + "/sitemap.xml")))
    assert {r.url for r in requests} == {a.url for a in server.articles(site)}
    assert all(
        r.meta["lastmod"] and r.callback == spider.parse_article and r.meta["discovered_from"].endswith("/sitemap.xml")
        for r in requests
    )
    assert stat(spider, "articles_found") == len(requests)


def test_sitemap_index_follows_owned_child_sitemaps_only_and_gzip_is_read(server):
    spider = make_spider(server, "sada")
    base = server.base_urls["sada"]
    index = (
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-2024.xml</loc><lastmod>2024-05-01</lastmod></sitemap>"
        f"<sitemap><loc>{base}/sitemap-2019.xml</loc><lastmod>2019-01-01</lastmod></sitemap>"
        "<sitemap><loc>https://elsewhere.example/sitemap.xml</loc></sitemap></sitemapindex>"
    ).encode()
    response = XmlResponse(
        url=base + "/sitemap_index.xml.gz", body=gzip.compress(index), headers={"Content-Type": "application/x-gzip"}
    )
    assert [r.url for r in spider.parse_sitemap(response)] == [f"{base}/sitemap-2024.xml", f"{base}/sitemap-2019.xml"]
    recent = make_spider(server, "sada", since="2023-01-01")
    assert [r.url for r in recent.parse_sitemap(response)] == [f"{base}/sitemap-2024.xml"]


def test_a_sitemap_url_answering_html_is_a_discovery_error_not_a_crash(server):
    spider = make_spider(server, "sada")
    base = server.base_urls["sada"]
    assert list(spider.parse_sitemap(fetch(base + "/"))) == []
    assert list(spider.parse_sitemap(XmlResponse(url=base + "/s.xml", body=b"<urlset><url><loc>"))) == []
    assert stat(spider, "discovery_errors") == 1  # the truncated urlset is read as far as it goes


def test_urlset_entries_that_are_not_articles_or_not_owned_are_skipped(server):
    spider = make_spider(server, "sada")
    base = server.base_urls["sada"]
    body = (
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/news/world/</loc></url>'
        f"<url><loc>{base}/tags/x/</loc></url><url><loc>http://other.example/news/world/1-x/</loc></url>"
        f"<url><loc>{base}/news/world/77-x/</loc></url></urlset>"
    ).encode()
    requests = list(spider.parse_sitemap(XmlResponse(url=base + "/sitemap.xml", body=body)))
    assert [r.url for r in requests] == [f"{base}/news/world/77-x/"]


@pytest.mark.parametrize("site, path", [("sada", "/rss.xml"), ("mawja", "/feed/")])
def test_feed_yields_its_article_links_with_dates(server, site, path):
    spider = make_spider(server, site)
    requests = list(spider.parse_feed(fetch(server.base_urls[site] + path)))
    newest = [a.url for a in server.articles(site)][:10]
    assert [r.url for r in requests] == newest
    assert all(r.meta["lastmod"].startswith("20") for r in requests)


def test_atom_and_rdf_feeds_are_read():
    atom = XmlResponse(
        url="https://x.com/atom",
        body=(
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="https://x.com/a/1"/>'
            b'<updated>2024-05-24T10:00:00Z</updated></entry><entry><link href="/a/2"/></entry></feed>'
        ),
    )
    assert feed_entries(atom) == [("https://x.com/a/1", "2024-05-24T10:00:00+00:00"), ("/a/2", None)]
    rdf = XmlResponse(
        url="https://x.com/rdf",
        body=(
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
            b'xmlns:dc="http://purl.org/dc/elements/1.1/"><item><link>https://x.com/a/3</link>'
            b"<dc:date>2024-05-24</dc:date></item></rdf:RDF>"
        ),
    )
    assert feed_entries(rdf) == [("https://x.com/a/3", "2024-05-24T00:00:00+00:00")]
    assert feed_entries(XmlResponse(url="https://x.com/bad", body=b"<html>not a feed")) == []


def test_feed_and_sitemap_dates():
    assert iso_stamp("Fri, 24 May 2024 13:05:00 GMT") == "2024-05-24T13:05:00+00:00"
    assert iso_stamp("2024-05-24T13:05:00+03:00") == "2024-05-24T13:05:00+03:00"
    assert iso_stamp("yesterday") is None and iso_stamp(None) is None
    assert str(parse_date("2024-05-24")) == "2024-05-24"


# ---------------------------------------------------------------------- section pages


@pytest.mark.parametrize("site", list(SECTION_PATHS))
def test_section_page_yields_only_article_links_and_the_next_page(server, site):
    spider = make_spider(server, site)
    url = server.base_urls[site] + SECTION_PATHS[site]
    response = fetch(url, Request(url, meta={"section_url": url, "page": 1}))
    requests = list(spider.parse_section(response))
    articles = [r for r in requests if r.callback == spider.parse_article]
    pages = [r for r in requests if r.callback == spider.parse_section]
    assert articles and all(spider.outlet.is_article_url(r.url) for r in articles)
    world = {a.url for a in server.articles(site) if a.section == "world"}
    assert world & {r.url for r in articles}
    assert [r.url for r in pages] == [server.base_urls[site] + NEXT_PATHS[site]]
    assert pages[0].meta == {"section_url": url, "page": 2, "kind": "section"}


def test_section_pages_stop_at_max_pages(server):
    spider = make_spider(server, "sada")
    url = server.base_urls["sada"] + "/news/world/"
    response = fetch(url, Request(url, meta={"section_url": url, "page": spider.outlet.max_pages}))
    assert not [r for r in spider.parse_section(response) if r.callback == spider.parse_section]


def test_next_page_is_not_an_article_link(server):
    """Article pages link the next ARTICLE with rel=next: that is not a listing page to follow."""
    spider = make_spider(server, "manara")
    article = server.articles("manara")[3]
    assert next_page_url(fetch(article.url), spider.outlet) is None


# ---------------------------------------------------------------------- articles


def test_article_urls_are_scheduled_once_in_any_spelling_and_up_to_the_limit(server):
    spider = make_spider(server, "sada", max_articles="2")
    base = server.base_urls["sada"]
    assert spider.article_request(f"{base}/news/world/1-a/", "x")
    assert spider.article_request(f"{base}/news/world/1-a?utm_source=fb", "x") is None
    assert spider.article_request(f"{base}/news/world/2-b/", "x")
    assert spider.article_request(f"{base}/news/world/3-c/", "x") is None
    assert stat(spider, "articles_found") == 2 and stat(spider, "articles_over_limit") == 1


def test_stored_articles_are_skipped_unless_their_date_is_newer(server):
    spider = make_spider(server, "sada")
    base = server.base_urls["sada"]
    stored = f"{base}/news/world/10-stored/"
    spider.stored = {doc_id_for_url(stored): "2024-05-01T12:00:00+00:00"}
    assert spider.article_request(stored, "sitemap", lastmod="2024-04-30T00:00:00+00:00") is None
    assert stat(spider, "articles_skipped/already_stored") == 1
    spider.seen_articles.clear()
    assert spider.article_request(stored, "feed", lastmod=None) is None  # no date: assume unchanged
    spider.seen_articles.clear()
    assert spider.article_request(stored, "sitemap", lastmod="2024-05-02") is not None  # changed since
    assert spider.article_request(f"{base}/news/world/11-new/", "sitemap") is not None


def test_changed_since():
    assert changed_since("2024-05-02", "2024-05-01T23:00:00+00:00")
    assert not changed_since("2024-05-01T10:00:00Z", "2024-05-01T12:00:00+00:00")
    assert not changed_since(None, "2024-05-01T12:00:00+00:00") and not changed_since("garbage", "2024-05-01")


def test_article_page_becomes_a_raw_item_with_its_canonical_url(server):
    spider = make_spider(server, "manara")
    article = server.articles("manara")[0]
    request = Request(article.url, meta={"discovered_from": "feed", "lastmod": "2024-05-24"})
    (item,) = spider.parse_article(fetch(article.url, request))
    assert isinstance(item, PageItem)
    assert item["url"] == item["final_url"] == item["canonical_url"] == article.url
    assert item["status"] == 200 and item["outlet"] == "demo_manara" and item["error"] is None
    assert item["body"].startswith(b"<") and item["encoding"] == "utf-8"
    assert item["headers"]["Content-Type"].startswith("text/html")
    assert (item["discovered_from"], item["lastmod"]) == ("feed", "2024-05-24") and item["fetched_at"]
    assert "body" not in repr(item) and len(repr(item)) < 200


def test_redirected_article_keeps_the_requested_url(server):
    spider = make_spider(server, "sada")
    article = server.articles("sada")[0]
    old = f"{server.base_urls['sada']}/news/{article.id}"
    request = Request(article.url, meta={"redirect_urls": [old]})
    (item,) = spider.parse_article(fetch(article.url, request))
    assert (item["url"], item["final_url"], item["canonical_url"]) == (old, article.url, article.url)


def test_canonical_link_is_ignored_unless_it_is_an_article_of_the_outlet(server):
    spider = make_spider(server, "sada")
    base = server.base_urls["sada"]
    url = f"{base}/news/world/5-x/"
    for canonical, expected in [
        (f"{base}/", url),
        ("https://other.example/news/world/5-x/", url),
        (f"{base}/news/world/5-x-final/", f"{base}/news/world/5-x-final/"),
    ]:
        body = f'<html><head><link rel="canonical" href="{canonical}"></head><body>نص</body></html>'.encode()
        response = HtmlResponse(
            url=url, body=body, headers={"Content-Type": "text/html; charset=utf-8"}, request=Request(url)
        )
        (item,) = spider.parse_article(response)
        assert item["canonical_url"] == expected


def test_redirect_off_the_article_is_a_named_failure(server):
    spider = make_spider(server, "sada")
    base = server.base_urls["sada"]
    to_home = fetch(base + "/", Request(base + "/", meta={"redirect_urls": [f"{base}/news/world/6-gone/"]}))
    assert next(spider.parse_article(to_home))["error"] == "redirected_to_non_article"
    offsite = HtmlResponse(
        url="https://elsewhere.example/",
        body=b"<html></html>",
        request=Request("https://elsewhere.example/", meta={"redirect_urls": [f"{base}/news/world/6-x/"]}),
    )
    assert next(spider.parse_article(offsite))["error"] == "redirected_offsite"


def test_failed_article_fetches_become_items_with_their_reason(server):
    spider = make_spider(server, "sada")
    url = server.base_urls["sada"] + "/news/world/8999-deleted-report/"
    not_found = fetch(url)
    assert not_found.status == 404
    failure = Failure(HttpError(not_found, "Ignoring non-200 response"))
    failure.request = not_found.request
    (item,) = spider.article_failed(failure)
    assert item["status"] == 404 and item["final_url"] == url and item["body"]

    timeout = Failure(TwistedTimeoutError("took too long"))
    timeout.request = Request(url)
    (item,) = spider.article_failed(timeout)
    assert item["status"] is None and item["error"] == "timeout" and item["body"] is None

    robots = Failure(IgnoreRequest("Forbidden by robots.txt"))
    robots.request = Request(url)
    (item,) = spider.article_failed(robots)  # recorded with its reason, not only counted
    assert item["status"] is None and item["error"] == "robots_txt" and item["url"] == url


# ---------------------------------------------------------------------- arguments and settings


def test_spider_arguments():
    options = SpiderOptions.parse(
        "rt_arabic", urls="https://a/1, https://a/2", since="2024-05-01", max_articles="5", refetch="1"
    )
    assert options.urls == ("https://a/1", "https://a/2") and str(options.since) == "2024-05-01" and options.refetch
    assert not SpiderOptions.parse("rt_arabic").refetch
    assert options.max_articles == 5
    with pytest.raises(ValueError, match="-a name=OUTLET"):
        SpiderOptions.parse(None)
    with pytest.raises(ValueError, match="unknown outlet 'nope'; known: .*rt_arabic"):
        OutletSpider(name="nope")
    with pytest.raises(ValueError, match="needs a base URL"):
        OutletSpider(name="demo_sada", registry=REGISTRY_ARGUMENT)
    with pytest.raises(ValueError, match="unknown outlet 'demo_sada'"):  # the bundled registry has no demo outlets
        OutletSpider(name="demo_sada")
    assert SpiderOptions.parse("demo_sada", registry=REGISTRY_ARGUMENT).registry == tuple(map(str, registry_files()))
    assert SpiderOptions.parse("demo_sada", registry=str(DEMO_REGISTRY_PATH)).registry == (str(DEMO_REGISTRY_PATH),)
    assert OutletSpider(name="rt_arabic").name == "outlet"  # `name` picks the outlet, not the spider


def test_outlet_politeness_and_user_agent_at_spider_priority():
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("CORPUS_CONTACT_URL", "https://example.org/contact", priority="cmdline")
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")  # a test/command-line override wins
    apply_outlet_settings(settings, load_registry()["rt_arabic"])
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 4
    assert settings.getfloat("DOWNLOAD_DELAY") == 0
    assert settings.get("USER_AGENT") == "arabic-news-corpus/0.1 (+https://example.org/contact)"
    explicit = Settings({"USER_AGENT": "mine/1.0"}, priority="cmdline")
    apply_outlet_settings(explicit, load_registry()["rt_arabic"])
    assert explicit.get("USER_AGENT") == "mine/1.0"


def test_polite_defaults():
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert not settings.getbool("HTTPCACHE_ENABLED")
    assert 429 in settings.getlist("RETRY_HTTP_CODES")
    assert settings.get("USER_AGENT").startswith("arabic-news-corpus/0.1 (+http")
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 50 * 1024 * 1024
