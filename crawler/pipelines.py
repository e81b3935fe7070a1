"""Item pipelines, one per concern: clean → curate → store. Each is a thin wrapper over a library
function here that tests call directly (clean_page, document_row_for, curate_row, store_page).

Curation and the store share one database connection (SharedDatabase), so a document's curation
writes (boilerplate counts, MinHash signatures), its page and its row commit in ONE transaction:
curation opens it and the store commits it. That holds because every stage is synchronous: Scrapy
runs one item's whole chain before the next item's.
"""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

import cleaners
from scrapy import signals
from cleaners.document import Document
from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from corpus.config import settings_from_scrapy
from corpus.published import with_offset
from corpus.ids import doc_id_for_url
from corpus.store import (document_row, document_transaction, finish_crawl, open_db, save_document, save_page,
                          start_crawl)
from crawler.stats import NO_TEXT_STATUSES, outlet_summary

logger = logging.getLogger(__name__)

# Columns that decide whether a re-fetched document changed (fetched_at/cleaned_at always do).
COMPARED_COLUMNS = ("title", "text", "published", "author", "section", "tags", "source_credit", "outlet_name",
                    "status", "status_reason", "duplicate_of", "cleaner_version")


# ---------------------------------------------------------------------- library functions


def body_text(item) -> str:
    """The page body read with the encoding the spider (and its encoding guard) settled on."""
    return (item.get("body") or b"").decode(item.get("encoding") or "utf-8", errors="replace")


def clean_page(item, cleaning: dict | None) -> tuple[Document | None, str | None]:
    """(document, None) for a page the cleaners made an article of, else (None, the named reason)."""
    if item.get("error"):
        return None, item["error"]
    status = item.get("status")
    if status is None or not 200 <= status < 300 or status == 204:
        return None, f"http_{status}"
    document = cleaners.clean_html(body_text(item), url=item.get("final_url"), outlet=cleaning)
    if document.rejected:
        return None, document.rejected
    return document, None


def reaches_cleaner(item) -> bool:
    """A fetched article page (2xx, not redirected off the outlet) that the cleaners get to read."""
    status = item.get("status")
    return not item.get("error") and status is not None and 200 <= status < 300 and status != 204


def document_id_for(item) -> str:
    return doc_id_for_url(item.get("canonical_url") or item.get("final_url") or item["url"])


def document_row_for(item, document: Document) -> dict:
    """The documents row for a cleaned page: identity from the canonical URL, provenance from the fetch."""
    return document_row(
        document,
        id=document_id_for(item),
        url=item.get("final_url") or item["url"],
        canonical_url=item.get("canonical_url") or item.get("final_url") or item["url"],
        outlet=item["outlet"],
        fetched_at=item["fetched_at"],
        origin="crawl",
        cleaner_version=cleaners.CLEANER_VERSION,
    )


def load_curate():
    """corpus.curate.curate, or None while that package is not there (imported lazily: it is optional here)."""
    try:
        module = importlib.import_module("corpus.curate")
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == "corpus.curate" or "corpus.curate".startswith(exc.name)):
            return None
        raise
    return getattr(module, "curate", None)


def curate_row(curate, db: Database, row: dict, document: Document, settings=None) -> tuple[dict, list]:
    """The row with language/status/duplicates filled, and the extra removals (learned boilerplate)."""
    row, extra_removals = curate(db, row, document, *([settings] if settings is not None else []))
    return row, list(extra_removals or ())


def page_row(item, crawl_id: int | None = None) -> dict:
    """The pages row (save_page compresses the body)."""
    return {
        "id": document_id_for(item),
        "url": item["url"],
        "final_url": item.get("final_url"),
        "outlet": item["outlet"],
        "status": item.get("status"),
        "headers": item.get("headers") or {},
        "body": item.get("body"),
        "encoding": item.get("encoding"),
        "encoding_fix": item.get("encoding_fix"),
        "fetched_at": item["fetched_at"],
        "crawl_id": crawl_id,
        "error": item.get("error"),
        "discovered_from": item.get("discovered_from"),
        "lastmod": item.get("lastmod"),
        "kind": "article",  # failed sitemaps/feeds/sections are pages rows too (the spider records them)
    }


def document_outcome(db: Database, row: dict) -> str:
    """new, updated or unchanged, against the stored row of the same id."""
    try:
        existing = db["documents"].get(row["id"])
    except NotFoundError:
        return "new"
    return "unchanged" if all(existing.get(c) == row.get(c) for c in COMPARED_COLUMNS) else "updated"


def has_good_page(db: Database, page_id: str) -> bool:
    row = db.execute("SELECT status FROM pages WHERE id = ? AND error IS NULL", [page_id]).fetchone()
    return bool(row) and row[0] is not None and 200 <= row[0] < 300


def store_page(db: Database, item, crawl_id: int | None = None) -> str:
    """Save the page (and its document, if it has a row) in one transaction; returns the outcome:
    new, updated, unchanged, failed. Idempotent: the same page stored twice adds no rows.

    A failure (404, timeout, ...) never overwrites a page that was fetched fine before: a transient
    error must not destroy stored HTML."""
    page = page_row(item, crawl_id)
    row = item.get("row")
    with document_transaction(db):
        if row is None:
            if not has_good_page(db, page["id"]):
                save_page(db, page)
            return "failed"
        outcome = document_outcome(db, row)
        save_page(db, page)
        if outcome != "unchanged":
            removals = list(item["document"].removed) + list(item.get("removals") or ())
            save_document(db, row, removals)
        return outcome


# ---------------------------------------------------------------------- shared resources


class SharedDatabase:
    """The crawl's one connection to corpus.db, opened by whichever pipeline asks first."""

    ATTRIBUTE = "_corpus_shared_database"

    def __init__(self, path: str):
        self.path = path
        self.db = open_db(path)

    @classmethod
    def of(cls, crawler) -> "SharedDatabase":
        shared = getattr(crawler, cls.ATTRIBUTE, None)
        if shared is None:
            shared = cls(crawler.settings.get("CORPUS_DB"))
            setattr(crawler, cls.ATTRIBUTE, shared)
        return shared

    def close(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.rollback()
        self.db.close()

    def begin_document(self) -> None:
        if self.db.conn.in_transaction:  # a previous item's transaction left open: never mix two documents
            logger.warning("rolling back a transaction a previous item left open")
            self.db.conn.rollback()
        self.db.conn.execute("BEGIN")


@dataclass
class Counters:
    """crawler.stats with our prefix."""

    stats: object

    def inc(self, key: str) -> None:
        self.stats.inc_value(f"corpus/{key}")


# ---------------------------------------------------------------------- pipelines


class CleanPipeline:
    """page → cleaners.clean_html → item["document"] and item["row"]; failures get item["error"] instead."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        cleaning = self.crawler.spider.outlet.cleaning_options()
        reached_cleaner = reaches_cleaner(item)
        document, error = clean_page(item, cleaning)
        if reached_cleaner:  # the extraction yield: fetched article pages vs pages that gave no text
            self.crawler.stats.inc_value("corpus/yield/pages")
        if document is None:
            item["error"] = error
            if reached_cleaner:
                self.crawler.stats.inc_value(f"corpus/extraction_failures/{error}")
                self.crawler.stats.inc_value(f"corpus/yield/no_text/{error}")
            return item
        item["document"] = document
        item["row"] = document_row_for(item, document)
        # the time as printed, with the outlet's UTC offset (ISO 8601)
        item["row"]["published"] = with_offset(item["row"].get("published"),
                                               getattr(self.crawler.spider.outlet, "timezone", None))
        return item


class CurationPipeline:
    """corpus.curate.curate on the row (language, status, duplicates); skipped with a log line if absent."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.curate = load_curate()
        self.counters = None
        self.shared = None
        # the curator's thresholds (corpus.config: config file and --set), handed down as one setting
        self.settings = settings_from_scrapy(crawler.settings.get("CORPUS_CURATION"))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.counters = Counters(self.crawler.stats)
        if self.curate is None:
            logger.warning("corpus.curate is not available: documents are stored without curation "
                           "(no language, status or duplicate marks)")
            self.crawler.stats.set_value("corpus/curation", "skipped: corpus.curate not available")
            return
        self.shared = SharedDatabase.of(self.crawler)

    def process_item(self, item):
        if self.curate is None or item.get("row") is None:
            return item
        self.shared.begin_document()  # committed by StorePipeline together with the page and the row
        try:
            item["row"], item["removals"] = curate_row(self.curate, self.shared.db, item["row"], item["document"],
                                                      self.settings)
        except Exception:  # noqa: BLE001 - one bad document must not stop the crawl; it is stored uncurated
            self.shared.db.conn.rollback()
            self.counters.inc("errors/curation")
            logger.exception("curation failed for %s; storing it uncurated", item.get("final_url"))
        return item


class StorePipeline:
    """corpus.db: the page (always) and the document (if any), one transaction each; records the crawl."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.shared = None
        self.counters = None
        self.crawl_id = crawler.settings.getint("CORPUS_CRAWL_ID") or None
        self.owns_crawl_record = self.crawl_id is None  # run_crawl records multi-outlet runs itself

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        # connected after the CoreStats extension, so its finish_reason is set when this runs
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        self.shared = SharedDatabase.of(self.crawler)
        self.counters = Counters(self.crawler.stats)
        if self.owns_crawl_record:
            self.crawl_id = start_crawl(self.shared.db, [self.crawler.spider.outlet.name])

    def process_item(self, item):
        try:
            outcome = store_page(self.shared.db, item, self.crawl_id)
        except Exception:  # noqa: BLE001 - a write error loses one page, not the crawl
            self.counters.inc("errors/store")
            logger.exception("could not store %s", item.get("final_url") or item.get("url"))
            return item
        item["outcome"] = outcome
        self.counters.inc(f"articles/{outcome}")
        if item.get("row") is not None:
            self.count_curation_status(item["row"].get("status"))
        if outcome == "failed":
            self.counters.inc(f"failures/{item.get('error') or 'unknown'}")
        return item

    def count_curation_status(self, status: str | None) -> None:
        status = status or "uncurated"
        self.counters.inc(f"curation_status/{status}")
        if status in NO_TEXT_STATUSES:
            self.counters.inc(f"yield/no_text/{status}")

    def spider_closed(self, spider, reason):
        """After Scrapy's own stats are final (finish_reason, elapsed time): record the crawl, close the db."""
        if self.shared is None:
            return
        if self.owns_crawl_record and self.crawl_id is not None:
            summary = outlet_summary(spider.outlet.name, dict(self.crawler.stats.get_stats()))
            finish_crawl(self.shared.db, self.crawl_id, summary, status=crawl_status(summary["finish_reason"] or reason))
        self.shared.close()


def crawl_status(finish_reason: str | None) -> str:
    """crawls.status from Scrapy's finish reason."""
    if finish_reason == "finished":
        return "finished"
    if finish_reason in ("shutdown", "cancelled"):
        return "interrupted"
    return "failed"
