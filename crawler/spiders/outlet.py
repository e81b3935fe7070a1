"""The one generic spider: crawls any registry outlet from its sitemaps, feeds and section pages.

    scrapy crawl outlet -a name=rt_arabic
    scrapy crawl outlet -a name=demo_sada -a base_url=http://127.0.0.1:8001
    scrapy crawl outlet -a name=rt_arabic -a urls=https://arabic.rt.com/world/1-x/   (just these articles)

Optional arguments: since=YYYY-MM-DD (skip sitemap/feed entries older than that), max_articles=N,
registry=PATH[:PATH...] (other registry files, merged), refetch=1 (fetch articles already stored again).
`outlet=` is accepted for `name=`: scrapyd's schedule.json reserves `name` (it is the spider's name there).

Incremental by default: an article already stored from a good fetch is not fetched again unless its
sitemap/feed date is newer than that fetch; sitemaps and feeds are asked for conditionally (the
ETag/Last-Modified of the last clean crawl), and a 304 means nothing new there: only the failed
articles found through it are retried. Section pages are always read (they carry no validators).
A crawl can be stopped (Ctrl-C) and resumed: run_crawl gives it a JOBDIR via CORPUS_JOBS_DIR.

Discovery requests (sitemaps, feeds, section pages) are never stored as documents; one that fails is
recorded in `pages` (kind sitemap/feed/section, reason in error) and listed in the run's stats. Every
article URL the spider decides to fetch becomes exactly one PageItem, successful or not (HTTP error,
timeout, size limit, decompression bomb, redirect loop, robots.txt, binary content, redirect off the
outlet). The spider never cleans: the pipelines do that.

Bounded by default (crawler/settings.py): article pages requested per run (CORPUS_MAX_ARTICLES, or
max_articles=), sitemaps requested (CORPUS_MAX_SITEMAPS), sitemap-index depth (CORPUS_SITEMAP_DEPTH) and
a wall-clock budget (CORPUS_OUTLET_BUDGET_S); each bound hit is counted under "corpus/bounds/".
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urldefrag, urljoin

import scrapy
from scrapy import signals
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import sitemap_urls_from_robots

from corpus.ids import canonical_url, doc_id_for_url
from corpus.store import now_iso
from crawler.discovery import (  # noqa: F401 - the helpers were defined here first; tests import them from here
    decoded_headers,
    feed_entries,
    iso_stamp,
    next_page_url,
    parse_date,
    parse_sitemap_xml,
    requested_url,
    same_host,
    sitemap_body,
)
from crawler.known import (
    changed_since,
    discovery_validators,
    failed_articles,
    record_discovery_failure,
    save_discovery_validators,
    stored_articles,
)
from crawler.middlewares import failure_reason, stop_oversized_download
from crawler.page_items import page_item
from crawler.spider_options import SpiderOptions, apply_outlet_settings, resolve_outlet  # noqa: F401 - defined here first; tests import them from here

logger = logging.getLogger(__name__)

ARTICLE_PRIORITY = 10  # fetch articles as soon as they are found, before more discovery pages
FAILED_DISCOVERY_LISTED = 200  # failed sitemaps/feeds/sections listed by URL in the stats (all are counted)
FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


class OutletSpider(scrapy.Spider):
    name = "outlet"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        apply_outlet_settings(crawler.settings, spider.outlet)
        crawler.signals.connect(stop_oversized_download, signal=signals.bytes_received)
        return spider

    def __init__(
        self,
        name=None,
        base_url=None,
        urls=None,
        since=None,
        max_articles=None,
        registry=None,
        refetch=None,
        outlet=None,
        **kwargs,
    ):
        # `name` is the outlet (`-a name=rt_arabic`); the spider itself stays "outlet". scrapyd cannot pass
        # a spider argument called `name`, so `outlet=` says the same thing.
        super().__init__(**kwargs)
        self.options = SpiderOptions.parse(name or outlet, base_url, urls, since, max_articles, registry, refetch)
        self.outlet = resolve_outlet(self.options)
        self.seen_articles: set[str] = set()  # canonical forms of the article URLs already scheduled
        self.stored: dict[str, str] = {}  # document id -> fetched_at of the articles the corpus has (loaded at start)
        self.failed: dict[str, list[str]] = {}  # discovery URL -> article URLs whose last fetch failed
        self.validators: dict[str, dict] = {}  # sitemap/feed URL -> {"etag", "last_modified"} of the last clean crawl
        self.answered_validators: dict[str, dict] = {}  # ... as this crawl's responses gave them (saved at a clean end)
        self.articles_requested = 0  # against the article cap (stored articles skipped do not count)
        self.sitemaps_requested = 0  # against CORPUS_MAX_SITEMAPS
        self.failed_discovery: list[dict] = []  # {"url", "kind", "reason"} of failed sitemaps/feeds/sections

    # ------------------------------------------------------------------ entry points

    async def start(self):
        if not self.options.refetch and not self.options.urls:
            db_path = self.settings.get("CORPUS_DB")
            self.stored = stored_articles(db_path, self.outlet.name)
            self.failed = failed_articles(db_path, self.outlet.name)
            self.validators = discovery_validators(db_path, self.outlet.name)
        if self.options.urls:
            for url in self.options.urls:
                request = self.article_request(url, discovered_from="cli")
                if request:
                    yield request
            return
        for kind, url in self.outlet.entry_points():
            if kind == "section":
                yield Request(
                    url,
                    callback=self.parse_section,
                    errback=self.discovery_failed,
                    meta={"section_url": url, "page": 1, "kind": "section"},
                    dont_filter=True,
                )
            else:
                yield self.conditional_request(
                    url, self.parse_sitemap if kind == "sitemap" else self.parse_feed, entry_point=True, kind=kind
                )

    def conditional_request(
        self, url: str, callback, entry_point: bool = False, kind: str = "sitemap", depth: int = 0
    ) -> Request:
        """A sitemap/feed request carrying the validators of the last clean crawl; a 304 reaches the callback.
        Entry points are never filtered as seen: a resumed crawl asks for them again (their entries may be new)."""
        if kind == "sitemap":
            self.sitemaps_requested += 1
        headers = {}
        known = self.validators.get(url) or {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            headers=headers,
            dont_filter=entry_point,
            meta={"handle_httpstatus_list": [304], "kind": kind, "sitemap_depth": depth},
        )

    def not_modified(self, response: Response) -> bool:
        """Note the validators a sitemap/feed answered with; True for a 304 (nothing new behind it), after
        scheduling again the articles found through it whose last fetch failed."""
        url = requested_url(response)
        if response.status == 304:
            self.count("discovery_not_modified")
            self.answered_validators[url] = self.validators.get(url) or {}
            return True
        etag, last_modified = response.headers.get(b"ETag"), response.headers.get(b"Last-Modified")
        if etag or last_modified:
            self.answered_validators[url] = {
                "etag": etag and etag.decode("latin-1"),
                "last_modified": last_modified and last_modified.decode("latin-1"),
            }
        return False

    def retry_failed_from(self, discovery_url: str):
        for url in self.failed.get(discovery_url, ()):
            request = self.article_request(url, discovered_from=discovery_url)
            if request:
                yield request

    def closed(self, reason):
        """A clean end: remember the sitemaps'/feeds' validators for the next crawl's conditional requests."""
        if reason == "finished" and self.answered_validators and not self.options.urls:
            save_discovery_validators(
                self.settings.get("CORPUS_DB"), self.outlet.name, self.answered_validators, now_iso()
            )

    # ------------------------------------------------------------------ discovery

    def parse_sitemap(self, response: Response):
        """Sitemap indexes are followed; urlset entries that are article URLs are fetched with their lastmod."""
        self.count("sitemaps")
        if self.not_modified(response):
            yield from self.retry_failed_from(requested_url(response))
            return
        depth = request_meta(response).get("sitemap_depth", 0)
        if response.url.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.text, base_url=response.url):
                if self.may_request_sitemap(depth):  # robots.txt only points: its sitemaps keep its depth
                    yield self.conditional_request(url, self.parse_sitemap, depth=depth)
            return
        sitemap = parse_sitemap_xml(sitemap_body(response, max_size=self.settings.getint("DOWNLOAD_MAXSIZE")))
        if sitemap is None:
            self.record_failed_discovery(response, "not_a_sitemap", response.status)
            return
        for entry in sitemap:
            loc = (entry.get("loc") or "").strip()
            lastmod = entry.get("lastmod")
            if not loc or self.too_old(lastmod):
                continue
            loc = urljoin(response.url, loc)
            if sitemap.type == "sitemapindex":
                if (self.outlet.owns(loc) or same_host(loc, response.url)) and self.may_request_sitemap(depth + 1):
                    yield self.conditional_request(loc, self.parse_sitemap, depth=depth + 1)
            elif self.outlet.is_article_url(loc):
                request = self.article_request(loc, discovered_from=response.url, lastmod=lastmod)
                if request:
                    yield request

    def parse_feed(self, response: Response):
        """RSS 2.0, RSS 1.0 (RDF) and Atom: each entry's link, with its date as lastmod."""
        self.count("feeds")
        if self.not_modified(response):
            yield from self.retry_failed_from(requested_url(response))
            return
        entries = feed_entries(response)
        if not entries and not FEED_ROOT.search(response.body[:4096]):
            self.record_failed_discovery(response, "not_a_feed", response.status)
            return
        for link, published in entries:
            url = urljoin(response.url, link)
            if self.outlet.is_article_url(url) and not self.too_old(published):
                request = self.article_request(url, discovered_from=response.url, lastmod=published)
                if request:
                    yield request

    def parse_section(self, response: Response):
        """Article links of a section page, then its next page (up to the outlet's max_pages)."""
        self.count("section_pages")
        if not isinstance(response, TextResponse):
            self.record_failed_discovery(response, "binary", response.status)
            return
        found = 0
        for href in response.css("a::attr(href)").getall():
            url = urldefrag(urljoin(response.url, href.strip())).url
            if self.outlet.is_article_url(url):
                found += 1
                request = self.article_request(url, discovered_from=response.url)
                if request:
                    yield request
        page = response.meta.get("page", 1)
        if page >= self.outlet.max_pages or self.article_cap_reached():
            return
        section_url = response.meta.get("section_url", response.url)
        next_url = next_page_url(response, self.outlet) or (
            self.outlet.page_url(section_url, page + 1) if found else None
        )
        if next_url and next_url != response.url:
            yield Request(
                next_url,
                callback=self.parse_section,
                errback=self.discovery_failed,
                meta={"section_url": section_url, "page": page + 1, "kind": "section"},
            )

    def discovery_failed(self, failure):
        """A sitemap/feed/section page that could not be had: recorded with its reason, never fatal."""
        response = getattr(failure.value, "response", None) if isinstance(failure.value, HttpError) else None
        reason = f"http_{response.status}" if response is not None else failure_reason(failure)
        self.record_failed_discovery(failure.request, reason, response.status if response is not None else None)

    def record_failed_discovery(self, fetched: Request | Response, reason: str, status: int | None = None) -> None:
        """Count it, list it in the stats, log one line, and keep it in `pages` (kind sitemap/feed/section,
        never a document). Not in the database for a --redis crawl: that process does not write one."""
        kind = request_meta(fetched).get("kind") or "sitemap"
        url = fetched.url if isinstance(fetched, Request) else requested_url(fetched)
        self.count("discovery_errors")
        self.count(f"errors/discovery:{reason}")
        if len(self.failed_discovery) < FAILED_DISCOVERY_LISTED:
            self.failed_discovery.append({"url": url, "kind": kind, "reason": reason})
            self.crawler.stats.set_value("corpus/discovery_failed", list(self.failed_discovery))
        logger.warning("%s %s failed: %s", kind, url, reason)
        db_path = self.settings.get("CORPUS_DB")
        if db_path and not self.settings.get("CORPUS_REDIS_URL"):
            record_discovery_failure(
                db_path,
                {
                    "id": doc_id_for_url(url),
                    "url": url,
                    "outlet": self.outlet.name,
                    "kind": kind,
                    "status": status,
                    "error": reason,
                    "fetched_at": now_iso(),
                    "crawl_id": self.settings.getint("CORPUS_CRAWL_ID") or None,
                },
            )

    # ------------------------------------------------------------------ bounds

    def may_request_sitemap(self, depth: int) -> bool:
        """Within the sitemap bounds (depth from the entry point, sitemaps per run) and the article cap?
        A sitemap not requested because of a bound is counted under that bound."""
        if self.article_cap_reached():
            return False
        if depth > self.settings.getint("CORPUS_SITEMAP_DEPTH", 3):
            self.count("bounds/sitemap_depth")
            return False
        limit = self.settings.getint("CORPUS_MAX_SITEMAPS", 0)
        if limit and self.sitemaps_requested >= limit:
            self.count("bounds/max_sitemaps")
            return False
        return True

    def article_cap(self) -> int:
        """Article pages to request this run: max_articles= if given, else CORPUS_MAX_ARTICLES (0: no cap)."""
        if self.options.max_articles is not None:
            return self.options.max_articles
        return self.settings.getint("CORPUS_MAX_ARTICLES", 0)

    def article_cap_reached(self) -> bool:
        cap = self.article_cap()
        return bool(cap) and self.articles_requested >= cap

    # ------------------------------------------------------------------ articles

    def article_request(self, url: str, discovered_from: str, lastmod: str | None = None) -> Request | None:
        """A request for an article URL the first time it is seen (in any spelling), else None."""
        key = canonical_url(url)
        if key in self.seen_articles:
            return None
        stored = self.already_stored(url, lastmod)
        if not stored and self.article_cap_reached():
            self.count("articles_over_limit")
            self.count("bounds/max_articles")
            return None
        self.seen_articles.add(key)
        self.count("articles_found")
        if stored:
            self.count("articles_skipped/already_stored")
            return None
        self.articles_requested += 1
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            priority=ARTICLE_PRIORITY,
            meta={"discovered_from": discovered_from, "lastmod": lastmod},
        )

    def parse_article(self, response: Response):
        item = page_item(self.outlet, response.request, response)
        if not isinstance(response, TextResponse):  # an image, a PDF, a zip... (Scrapy reads text types only)
            item["error"] = "binary"
        elif not self.outlet.owns(response.url):
            item["error"] = "redirected_offsite"
        elif self.outlet.is_article_url(item["url"]) and not self.outlet.is_article_url(response.url):
            item["error"] = "redirected_to_non_article"  # e.g. a deleted article sent to the home page
        yield item

    def article_failed(self, failure):
        """Every failure becomes an item the store records: HTTP errors with their status, the rest with
        their reason (timeout, size_limit, decompression_bomb, redirect_loop, too_many_redirects, robots_txt...)."""
        request = failure.request
        if isinstance(failure.value, HttpError):
            yield page_item(self.outlet, request, failure.value.response)
            return
        item = page_item(self.outlet, request, None)
        item["error"] = failure_reason(failure)
        yield item

    # ------------------------------------------------------------------ helpers

    def already_stored(self, url: str, lastmod: str | None) -> bool:
        """Stored from a good fetch, and not changed since by the sitemap's/feed's word."""
        fetched_at = self.stored.get(doc_id_for_url(url))
        return fetched_at is not None and not changed_since(lastmod, fetched_at)

    def too_old(self, stamp: str | None) -> bool:
        if not self.options.since or not stamp:
            return False
        day = parse_date(stamp)
        return day is not None and day < self.options.since

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"corpus/{key}", n)


def request_meta(fetched: Request | Response) -> dict:
    """The request's meta, also for a response built without one (tests, Redis replays)."""
    if isinstance(fetched, Request):
        return fetched.meta
    request = getattr(fetched, "request", None)
    return request.meta if request is not None else {}
