"""Storing one archived HTML response exactly as a crawl stores a fetched page: the adapter between a WARC
import and the project's page path.

A crawl reads a response with Scrapy (charset from the HTTP header, then <meta>, then detection), repairs
a wrong Arabic charset (crawler.encoding.guard_encoding), takes rel=canonical when it names an article of
the outlet, and runs the page through the item pipelines (clean → curate → store, raw bytes kept for
reclean). WarcPageStore does the same steps with the same code: `store` is the one place to change
when the page path changes.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import scrapy
import sqlite_utils

from corpus.warc_read import WarcResponse
from crawler.encoding import guard_encoding, header_charset, meta_charset
from crawler.items import PageItem
from crawler.registry import Outlet


class WarcPageItem(PageItem):
    """A PageItem that also says where in which archive the page was read (pages.warc_*)."""

    warc_file = scrapy.Field()
    warc_record_id = scrapy.Field()
    warc_offset = scrapy.Field()


def crawl_reading(response: WarcResponse) -> tuple[str, str | None, str | None, dict]:
    """(encoding, encoding_fix, rel=canonical href, headers) as the crawler reads the same response."""
    from scrapy.http import HtmlResponse

    from crawler.discovery import decoded_headers

    page = HtmlResponse(url=response.url, status=response.status or 200, headers=list(response.headers),
                        body=response.body)
    encoding = page.encoding
    verdict = guard_encoding(response.body, encoding, header_label=header_charset(page.headers.get(b"Content-Type")),
                             meta_label=meta_charset(response.body))
    if verdict.fix is not None:
        page = page.replace(encoding=verdict.encoding)
    canonical = None
    if response.status == 200:
        canonical = page.xpath("//link[@rel='canonical']/@href").get()
    return verdict.encoding, verdict.fix, canonical, decoded_headers(page.headers)


def warc_page_item(response: WarcResponse, outlet_name: str, outlet: Outlet | None) -> WarcPageItem:
    """The page as the pipelines get it from the spider (crawler.spiders.outlet page_item), from the archive."""
    encoding, fix, href, headers = crawl_reading(response)
    canonical = None
    if href:
        candidate = urljoin(response.url, href.strip())
        if outlet is not None and not outlet.needs_base_url:
            canonical = candidate if outlet.is_article_url(candidate) else None
        else:  # --outlet NAME without a registry entry: any canonical on the page's own host
            canonical = candidate if urlsplit(candidate).netloc == urlsplit(response.url).netloc else None
    return WarcPageItem(
        url=response.url, final_url=response.url, canonical_url=canonical or response.url, status=response.status,
        headers=headers, body=response.body, encoding=encoding,
        encoding_fix=fix, outlet=outlet_name, fetched_at=response.date, discovered_from=None, lastmod=None,
        error=None, warc_file=response.file, warc_record_id=response.record_id, warc_offset=response.offset,
    )


def already_stored(db: sqlite_utils.Database, page_id: str, fetched_at: str, good: bool) -> bool:
    """Does corpus.db hold this page at least as well already? A good page is never replaced by a failed
    fetch, and neither by an older or equal capture of itself (one indexed lookup by id)."""
    row = db.execute("SELECT fetched_at, status, error FROM pages WHERE id = ?", [page_id]).fetchone()
    if row is None:
        return False
    stored_at, status, error = row
    stored_good = error is None and status is not None and 200 <= status < 300
    if stored_good and not good:
        return True
    if stored_good == good or not good:
        return bool(stored_at) and stored_at >= fetched_at
    return False


class WarcPageStore:
    """The crawl's page path for archived pages, with one `crawls` row for the import (opened lazily: an
    import that stores nothing records no run)."""

    def __init__(self, db_path: str | Path):
        self.db_path = db_path
        self.runner = None
        self.crawl_id: int | None = None

    def store(self, item: WarcPageItem, cleaning: dict) -> str:
        """new, updated, unchanged, failed (the store's outcome), or error (logged by the runner)."""
        if self.runner is None:
            self._open()
        outcome = self.runner.process(item, cleaning)
        return "error" if outcome in ("dropped", "error") else outcome

    def _open(self) -> None:
        from corpus.distributed import PipelineRunner
        from corpus.runs import record_owner
        from corpus.store import open_db, start_crawl

        db = open_db(self.db_path)
        self.crawl_id = start_crawl(db, [])
        record_owner(db, self.crawl_id)
        db.close()
        self.runner = PipelineRunner(self.db_path, self.crawl_id)

    def close(self, stats: dict, outlets: list[str], interrupted: bool = False) -> None:
        if self.runner is None:
            return
        import json

        from corpus.store import finish_crawl, open_db

        self.runner.close("shutdown" if interrupted else "finished")
        db = open_db(self.db_path)
        db["crawls"].update(self.crawl_id, {"outlets": json.dumps(sorted(outlets))})
        finish_crawl(db, self.crawl_id, stats, status="interrupted" if interrupted else "finished")
        db.close()
