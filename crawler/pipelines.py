"""The one item pipeline: each fetched page goes through the library's page path (corpus.pages:
decode -> clean -> curate -> store in one write transaction), and its outcome is counted in the stats.

With CORPUS_WORKERS > 1 the CPU half (decode, clean, language, MinHash) runs in a process pool and the
pipeline returns at once (a Deferred on a thread waiting for the pool's future), so Scrapy keeps fetching;
the write half runs back on the reactor thread, the crawl's one writer. A page that cannot be stored
fails the run: it is counted (errors/store), the outlet's summary is not ok, `corpus crawl` exits 1.
When the spider closes, the outlet's documents stored before one of their lines became learned
boilerplate are re-cleaned (corpus.reclean.reclean_pending), so none keeps a line the outlet has learned.
"""
from __future__ import annotations

import logging

from scrapy import signals
from twisted.internet.threads import deferToThread

from corpus.config import settings_from_scrapy
from corpus.pages import Outcome, Page, PageOptions, prepare_page, store_prepared
from corpus.reclean import reclean_pending
from corpus.store import finish_crawl, open_db, start_crawl
from corpus.workers import WorkerPool
from crawler.stats import outlet_summary

logger = logging.getLogger(__name__)


class PagePipeline:
    """PageItem -> corpus.pages (prepare, then store); the crawl's corpus.db connection and crawls row."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db = None
        self.pool: WorkerPool | None = None
        self.crawl_id = crawler.settings.getint("CORPUS_CRAWL_ID") or None
        self.owns_crawl_record = self.crawl_id is None  # run_crawl records multi-outlet runs itself
        # the curator's thresholds (corpus.config: config file and --set), handed down as one setting
        self.curation = settings_from_scrapy(crawler.settings.get("CORPUS_CURATION"))

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        # connected after the CoreStats extension, so its finish_reason is set when this runs
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        self.db = open_db(self.crawler.settings.get("CORPUS_DB"))
        workers = self.crawler.settings.getint("CORPUS_WORKERS", 1)
        self.pool = WorkerPool(workers) if workers > 1 else None
        if self.owns_crawl_record:
            self.crawl_id = start_crawl(self.db, [self.crawler.spider.outlet.name])

    def options(self) -> PageOptions:
        outlet = self.crawler.spider.outlet
        return PageOptions(cleaning=outlet.cleaning_options(), settings=self.curation, crawl_id=self.crawl_id,
                           timezone=getattr(outlet, "timezone", None))

    def process_item(self, item):
        page, options = Page.from_item(item), self.options()
        if self.pool is None:
            return self.store(item, prepare_page(page, options), options)
        future = self.pool.submit(prepare_page, page, options)
        deferred = deferToThread(future.result)
        deferred.addCallback(lambda prepared: self.store(item, prepared, options))
        return deferred

    def store(self, item, prepared, options: PageOptions):
        try:
            outcome = store_prepared(self.db, prepared, options)
        except Exception as exc:  # noqa: BLE001 - counted and named: the run fails, the crawl goes on
            self.count("errors/store")
            self.count(f"store_failures/{type(exc).__name__}")
            logger.error("could not store %s: %s", item.get("final_url") or item.get("url"), exc)
            item["outcome"] = "error"
            return item
        self.count_outcome(outcome)
        item["outcome"] = outcome.outcome
        if outcome.error and not item.get("error"):
            item["error"] = outcome.error
        return item

    def count_outcome(self, outcome: Outcome) -> None:
        for key in outcome.stat_keys():
            self.count(key)

    def count(self, key: str) -> None:
        self.crawler.stats.inc_value(f"corpus/{key}")

    def spider_closed(self, spider, reason):
        """After Scrapy's own stats are final (finish_reason, elapsed time): record the crawl, close the db."""
        if self.pool is not None:
            self.pool.close()
        if self.db is None:
            return
        self.strip_learned_boilerplate()
        if self.owns_crawl_record and self.crawl_id is not None:
            summary = outlet_summary(spider.outlet.name, dict(self.crawler.stats.get_stats()))
            finish_crawl(self.db, self.crawl_id, summary, status=crawl_status(summary["finish_reason"] or reason))
        self.db.close()

    def strip_learned_boilerplate(self) -> None:
        """Re-clean this outlet's documents that hold a line learned as boilerplate after they were stored."""
        outlet = self.crawler.spider.outlet
        try:
            report = reclean_pending(self.db, self.curation, outlet.name, {outlet.name: outlet.cleaning_options()})
        except Exception as exc:  # noqa: BLE001 - counted and named; the documents stay queued for the next run
            self.count("errors/learned_boilerplate")
            logger.error("%s: could not re-clean the documents holding learned boilerplate: %s", outlet.name, exc)
            return
        if report.total:
            self.crawler.stats.inc_value("corpus/boilerplate_recleaned", report.total)


def crawl_status(finish_reason: str | None) -> str:
    """crawls.status from Scrapy's finish reason."""
    if finish_reason == "finished":
        return "finished"
    if finish_reason in ("shutdown", "cancelled"):
        return "interrupted"
    return "failed"
