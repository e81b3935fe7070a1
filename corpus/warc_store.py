"""Storing one archived HTML response exactly as a crawl stores a fetched page: the adapter between a WARC
import and the project's one page path (corpus.pages.process_page: decode with the HTTP header charset,
clean, curate, store with the raw bytes kept for reclean).

What the crawler adds before the page path, done here the same way: rel=canonical is taken when it
names an article of the outlet (so a page archived under two URLs is one document).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import sqlite_utils

from cleaners.decode import content_type_of, decode
from corpus.curate.settings import CurationSettings
from corpus.good_page import is_good_page
from corpus.pages import Page, PageOptions, process_page
from corpus.reclean import reclean_pending
from corpus.warc_read import WarcResponse

if TYPE_CHECKING:
    from corpus.registry import CleaningOptions, Outlet

# <link rel="canonical" href="..."> in either attribute order; only the page's head is searched.
_LINK = re.compile(r"<link\b[^>]*>", re.I)
_REL_CANONICAL = re.compile(r"""\brel\s*=\s*["']?\s*canonical\b""", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
HEAD_BYTES = 65536
logger = logging.getLogger(__name__)


def canonical_href(response: WarcResponse) -> str | None:
    """The rel=canonical href of a good page, read with the page's own charset."""
    if not is_good_page(response.status) or not response.body:
        return None
    text = decode(response.body[:HEAD_BYTES], content_type_of(dict(response.headers))).text
    for tag in _LINK.findall(text):
        if _REL_CANONICAL.search(tag):
            found = _HREF.search(tag)
            if found:
                return next(group for group in found.groups() if group is not None)
    return None


def page_from_response(response: WarcResponse, outlet_name: str, outlet: Outlet | None) -> Page:
    """The page as the crawl hands it to the page path, read from the archive (with where it was read)."""
    canonical = None
    href = canonical_href(response)
    if href:
        candidate = urljoin(response.url, href.strip())
        if outlet is not None and not outlet.needs_base_url:
            canonical = candidate if outlet.is_article_url(candidate) else None
        else:  # --outlet NAME without a registry entry: any canonical on the page's own host
            canonical = candidate if urlsplit(candidate).netloc == urlsplit(response.url).netloc else None
    return Page(
        url=response.url,
        outlet=outlet_name,
        fetched_at=response.date,
        body=response.body,
        headers=dict(response.headers),
        status=response.status,
        final_url=response.url,
        canonical_url=canonical or response.url,
        warc_file=response.file,
        warc_record_id=response.record_id,
        warc_offset=response.offset,
    )


def already_stored(db: sqlite_utils.Database, page_id: str, fetched_at: str, good: bool) -> bool:
    """Does corpus.db hold this page at least as well already? A good page is never replaced by a failed
    fetch, and neither by an older or equal capture of itself (one indexed lookup by id)."""
    row = db.execute("SELECT fetched_at, status, error FROM pages WHERE id = ?", [page_id]).fetchone()
    if row is None:
        return False
    stored_at, status, error = row
    stored_good = is_good_page(status, error)
    if stored_good and not good:
        return True
    if stored_good == good or not good:
        return bool(stored_at) and stored_at >= fetched_at
    return False


class WarcPageStore:
    """The page path for archived pages, with one `crawls` row for the import (opened lazily: an import
    that stores nothing records no run)."""

    def __init__(self, db_path: str | Path, settings: CurationSettings | None = None):
        self.db_path = db_path
        self.settings = settings
        self.db: sqlite_utils.Database | None = None
        self.crawl_id: int | None = None
        self.cleaning: dict[str, CleaningOptions] = {}  # outlet -> its cleaning options, for reclean_pending at the end

    def store(self, page: Page, cleaning: CleaningOptions, timezone: str | None = None) -> tuple[str, str | None]:
        """(outcome, failure reason): new, updated, unchanged, failed, or error (the write itself failed).
        timezone: the outlet's zone (registry), for `published`'s UTC offset as a crawl gives it."""
        if self.db is None:
            self.db = self._open()
        settings: dict[str, Any] = {"settings": self.settings} if self.settings is not None else {}
        self.cleaning[page.outlet] = cleaning
        options = PageOptions(cleaning=cleaning, crawl_id=self.crawl_id, timezone=timezone, **settings)
        try:
            outcome = process_page(self.db, page, options)
        except Exception as exc:  # noqa: BLE001 - one page that cannot be stored must not end the import
            logger.exception("%s: could not be stored", page.url)
            return "error", f"store:{type(exc).__name__}"
        return outcome.outcome, outcome.error

    def _open(self) -> sqlite_utils.Database:
        from corpus.runs import record_owner
        from corpus.store import open_db, start_crawl

        self.db = open_db(self.db_path)
        self.crawl_id = start_crawl(self.db, [])
        record_owner(self.db, self.crawl_id)
        return self.db

    def close(self, stats: dict[str, Any], outlets: list[str], interrupted: bool = False) -> None:
        if self.db is None:
            return
        import json

        from corpus.store import finish_crawl

        assert self.crawl_id is not None  # set with self.db by _open
        if not interrupted:
            stats["boilerplate_recleaned"] = self.strip_learned_boilerplate(self.db)
        self.db.table("crawls").update(self.crawl_id, {"outlets": json.dumps(sorted(outlets))})
        finish_crawl(self.db, self.crawl_id, stats, status="interrupted" if interrupted else "finished")
        self.db.close()
        self.db = None

    def strip_learned_boilerplate(self, db: sqlite_utils.Database) -> int:
        """Re-clean the imported outlets' documents stored before a line of theirs became learned
        boilerplate; how many. A failure is logged: they stay queued for the next run."""
        settings = self.settings or CurationSettings()
        try:
            return sum(
                reclean_pending(db, settings, outlet, {outlet: cleaning}).total
                for outlet, cleaning in sorted(self.cleaning.items())
            )
        except Exception:  # noqa: BLE001 - the import itself is done and must be recorded
            logger.exception("could not re-clean the documents holding learned boilerplate")
            return 0
