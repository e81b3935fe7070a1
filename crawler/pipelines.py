"""The one item pipeline: each fetched page goes through the library's page path (corpus.pages:
decode -> clean -> curate -> store in one write transaction), and its outcome is counted in the stats.

With more than one worker (CORPUS_WORKERS; 0, the default, is one per core) the CPU half (decode,
clean, language, MinHash) runs in a process pool and the pipeline returns at once (a Deferred on a
thread waiting for the pool's future), so Scrapy keeps fetching; the write half runs back on the
reactor thread, the crawl's one writer, in batches of pages per transaction (BATCH_SIZE, or what
arrived within FLUSH_AFTER_S). A page that cannot be stored fails the run: it is counted
(errors/store), the outlet's summary is not ok, `corpus crawl` exits 1.
When the spider closes, the outlet's documents stored before one of their lines became learned
boilerplate are re-cleaned (corpus.reclean.reclean_pending), so none keeps a line the outlet has learned.
"""

from __future__ import annotations

import logging

from scrapy import signals
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from corpus.config import settings_from_scrapy
from corpus.pages import Outcome, Page, PageOptions, prepare_page, store_prepared
from corpus.reclean import reclean_pending
from corpus.search_index import batched_index
from corpus.store import finish_crawl, open_db, start_crawl, write_transaction
from corpus.workers import WorkerPool, default_workers
from crawler.stats import outlet_summary

logger = logging.getLogger(__name__)

BATCH_SIZE = 50  # pages per write transaction (as corpus.workers stores imports)
FLUSH_AFTER_S = 0.5  # a page waits at most this long for its batch: a slow crawl still commits often


class PagePipeline:
    """PageItem -> corpus.pages (prepare, then store); the crawl's corpus.db connection and crawls row."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db = None
        self.pool: WorkerPool | None = None
        self.owns_pool = False
        self.waiting: list = []  # (item, prepared, options, deferred) of the next batch
        self.flush_call = None
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
        self.pool = self.crawler.settings.get("CORPUS_POOL")  # the run's pool, shared by its outlets
        if self.pool is None:
            workers = self.crawler.settings.getint("CORPUS_WORKERS") or default_workers()
            self.pool, self.owns_pool = (WorkerPool(workers), True) if workers > 1 else (None, False)
        if self.pool is not None and self.pool.workers <= 1:
            self.pool = None
        if self.owns_crawl_record:
            self.crawl_id = start_crawl(self.db, [self.crawler.spider.outlet.name])

    def options(self) -> PageOptions:
        outlet = self.crawler.spider.outlet
        return PageOptions(
            cleaning=outlet.cleaning_options(),
            settings=self.curation,
            crawl_id=self.crawl_id,
            timezone=getattr(outlet, "timezone", None),
        )

    def process_item(self, item):
        page, options = Page.from_item(item), self.options()
        if self.pool is None:
            return self.queue(item, prepare_page(page, options), options)
        future = self.pool.submit(prepare_page, page, options)
        deferred = deferToThread(future.result)
        deferred.addCallback(lambda prepared: self.queue(item, prepared, options))
        return deferred

    def queue(self, item, prepared, options: PageOptions) -> Deferred:
        """Hold the page for the next batch: stored with up to BATCH_SIZE others in one transaction, at
        most FLUSH_AFTER_S after it arrived (a commit per page costs the writer more than the page)."""
        deferred: Deferred = Deferred()
        self.waiting.append((item, prepared, options, deferred))
        if len(self.waiting) >= BATCH_SIZE:
            self.flush()
        elif self.flush_call is None:
            from twisted.internet import reactor

            self.flush_call = reactor.callLater(FLUSH_AFTER_S, self.flush)
        return deferred

    def flush(self) -> None:
        if self.flush_call is not None and self.flush_call.active():
            self.flush_call.cancel()
        self.flush_call = None
        batch, self.waiting = self.waiting, []
        if not batch:
            return
        try:
            with write_transaction(self.db), batched_index(self.db):
                outcomes: list[Outcome | Exception] = [
                    store_prepared(self.db, prepared, options) for _, prepared, options, _ in batch
                ]
        except Exception:  # noqa: BLE001 - the batch is rolled back; each page alone shows which one failed
            outcomes = [self.store_alone(prepared, options) for _, prepared, options, _ in batch]
        for (item, *_, deferred), outcome in zip(batch, outcomes):
            deferred.callback(self.counted(item, outcome))

    def store_alone(self, prepared, options: PageOptions) -> Outcome | Exception:
        try:
            return store_prepared(self.db, prepared, options)
        except Exception as exc:  # noqa: BLE001 - counted and named by counted(): the run fails, the crawl goes on
            return exc

    def counted(self, item, outcome: Outcome | Exception):
        if isinstance(outcome, Exception):
            self.count("errors/store")
            self.count(f"store_failures/{type(outcome).__name__}")
            logger.error("could not store %s: %s", item.get("final_url") or item.get("url"), outcome)
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
        self.flush()  # nothing should be waiting (Scrapy waits for every item), but never lose a page
        if self.pool is not None and self.owns_pool:
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
