"""Distributed crawling through Redis: many crawler processes, one writer of corpus.db.

    corpus crawl rt_arabic --redis redis://queue-host:6379/0      # on any number of machines, any number of times
    corpus ingest --redis redis://queue-host:6379/0 --db corpus.db # once, where corpus.db lives

The crawlers share the outlet's request queue and URL fingerprints in Redis (crawler.redis_queue: every
entry point and every article is fetched by one process only) and push the raw pages onto a Redis list
instead of cleaning and storing them; `corpus ingest` pops that list and runs the project's own item
pipelines (crawler.settings ITEM_PIPELINES: clean → curate → store) into corpus.db, exactly as a plain
crawl would have. Storing is idempotent (crawler.pipelines.store_page), so a page ingested twice adds no rows.

What the database no longer decides: a plain crawl skips articles corpus.db already has. A crawler
process reads the --db it is given (read-only; it writes there only the sitemap/feed validators the
spider keeps), so on a machine without the database nothing is skipped that way; instead Redis
remembers every article URL fetched (PREFIX:OUTLET:seen, kept across runs): later runs read the entry
points again but fetch only articles never fetched before, whatever the database holds. That also
means an article that failed (404, timeout) or changed is not fetched again through Redis; delete the
outlet's `seen` key (`redis-cli -u URL del corpus:OUTLET:seen`) to fetch everything again.
"""
from __future__ import annotations

import json
import logging
import signal
import time
from pathlib import Path
from typing import Callable, Mapping

from corpus.crawl import (CrawlError, CrawlOptions, check_urls, crawlers_summary, outlet_crawlers, resolve_outlets,
                          scrapy_settings)
from corpus.runs import record_owner, record_settings, writer_lock
from corpus.store import finish_crawl, open_db, start_crawl
from crawler.redis_queue import (DEFAULT_PREFIX, connect, items_key, outlet_keys, page_from_payload, processing_key,
                                 safe_url)
from crawler.registry import load_registry
from crawler.stats import outlet_summary, run_summary

logger = logging.getLogger(__name__)


def redis_settings(redis_url: str) -> dict:
    """The Scrapy settings a --redis crawl implies: the shared scheduler, and pages to Redis instead of the db."""
    return {
        "CORPUS_REDIS_URL": redis_url,
        "SCHEDULER": "crawler.redis_queue.RedisScheduler",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_PERSIST": True,  # the queue and fingerprints outlive every process: others join, later runs resume
        "ITEM_PIPELINES": {"crawler.redis_queue.RedisPagePipeline": 300},
    }


def check_redis(redis_url: str):
    """A connected client, or CrawlError with one line naming the URL and the reason."""
    try:
        server = connect(redis_url)
        server.ping()
    except Exception as exc:  # noqa: BLE001 - bad URL, refused, auth: all one line for the user
        raise CrawlError(f"{safe_url(redis_url)}: cannot reach Redis ({exc})") from None
    return server


# ---------------------------------------------------------------------- crawling


def run_redis_crawl(outlet_names, db_path: str | Path, base_urls: Mapping[str, str] | None = None,
                    settings: Mapping | None = None, *, options: CrawlOptions) -> dict:
    """corpus.crawl.run_crawl with options.redis_url: no database lock, no crawls row (`corpus ingest`
    records one), pages to Redis. Returns run_summary's stats, each outlet's with a "redis" part."""
    registry = load_registry(options.registry)
    outlets = resolve_outlets(outlet_names, base_urls, registry)
    if options.urls:
        check_urls(options.urls, outlets, registry)
    if options.refetch:
        raise CrawlError("--refetch cannot be used with --redis: Redis remembers every article fetched; to fetch "
                         "them all again delete the outlet's key first (redis-cli -u URL del corpus:OUTLET:seen)")
    server = check_redis(options.redis_url)
    overrides = {**redis_settings(options.redis_url), **dict(settings or {})}
    config = scrapy_settings(db_path, None, options, overrides)
    prefix = config.get("CORPUS_REDIS_PREFIX") or DEFAULT_PREFIX
    process, crawlers = outlet_crawlers(config, outlets, options)
    started = time.monotonic()
    try:
        process.start()
    finally:
        stats = crawlers_summary(crawlers, redis_outlet_summary)
        stats["crawl_id"] = None
        stats["duration_s"] = round(time.monotonic() - started, 3)
        stats["redis"] = {"url": safe_url(options.redis_url), "items": items_key(prefix)}
        try:
            stats["redis"]["pages_waiting"] = server.llen(items_key(prefix))
            stats["redis"]["requests_left"] = {name: server.zcard(outlet_keys(prefix, name)["requests"])
                                               for name in outlets}
        except Exception:  # noqa: BLE001 - only informative
            pass
    return stats


def redis_outlet_summary(name: str, raw: dict) -> dict:
    """outlet_summary plus what went through Redis. ok = the process finished normally: a process that
    found the work taken by others (every URL already seen) did its part."""
    summary = outlet_summary(name, raw)
    summary["ok"] = summary["finish_reason"] == "finished"
    summary["redis"] = {
        "worker": raw.get("corpus/redis/worker"),
        "joined": raw.get("corpus/redis/joined"),
        "pages_queued": raw.get("corpus/redis/pages_queued", 0),
        "requests_enqueued": raw.get("corpus/redis/enqueued", 0),
        "requests_dequeued": raw.get("corpus/redis/dequeued", 0),
        "filtered": {kind: raw.get(f"corpus/redis/filtered/{kind}", 0) for kind in ("discovery", "articles")},
    }
    return summary


def redis_outlet_line(summary: dict, items: str) -> str:
    """One outlet's part of a --redis crawl in one line."""
    r = summary["redis"]
    line = (f"{summary['outlet']}: {summary['articles']['found']} article URLs found, {r['pages_queued']} pages "
            f"queued on {items} for `corpus ingest` ({summary['requests']} requests by this process; "
            f"{r['filtered']['articles']} article and {r['filtered']['discovery']} discovery URLs already "
            f"taken by other processes or earlier runs)")
    skipped = summary.get("skipped") or {}
    for reason, n in skipped.items():
        line += f", {n} skipped ({reason})"
    if not summary["ok"]:
        line += f"  [NOT OK: finish reason {summary['finish_reason']}]"
    return line


# ---------------------------------------------------------------------- ingesting


class _Outlet:
    """What the pipelines ask of spider.outlet, from the page's payload."""

    def __init__(self, name: str, cleaning: dict | None, timezone: str | None = None):
        self.name = name
        self.cleaning = cleaning
        self.timezone = timezone  # the registry's zone: published gets its offset as in a plain crawl

    def cleaning_options(self) -> dict:
        return dict(self.cleaning or {"name": self.name})


def outlet_timezone(name: str) -> str | None:
    try:
        outlet = load_registry().get(name)
    except Exception:  # noqa: BLE001 - no registry here: times stay as printed
        return None
    return getattr(outlet, "timezone", None)


class _Spider:
    name = "outlet"

    def __init__(self):
        self.outlet: _Outlet | None = None


class _OutletStats:
    """A stats collector that keeps one dict per outlet: the one of the page being stored."""

    def __init__(self):
        self.by_outlet: dict[str | None, dict] = {}
        self.current: str | None = None

    def _stats(self) -> dict:
        return self.by_outlet.setdefault(self.current, {})

    def get_value(self, key, default=None, *_, **__):
        return self._stats().get(key, default)

    def get_stats(self, *_, **__) -> dict:
        return self._stats()

    def set_value(self, key, value, *_, **__) -> None:
        self._stats()[key] = value

    def inc_value(self, key, count=1, start=0, *_, **__) -> None:
        stats = self._stats()
        stats[key] = stats.get(key, start) + count

    def max_value(self, key, value, *_, **__) -> None:
        stats = self._stats()
        stats[key] = max(stats.get(key, value), value)

    def min_value(self, key, value, *_, **__) -> None:
        stats = self._stats()
        stats[key] = min(stats.get(key, value), value)


class _Signals:
    def __init__(self):
        self.receivers: list[tuple[Callable, object]] = []

    def connect(self, receiver, signal, **_) -> None:
        self.receivers.append((receiver, signal))

    def send(self, signal, **kwargs) -> None:
        for receiver, wanted in self.receivers:
            if wanted is signal:
                receiver(**kwargs)


class PipelineRunner:
    """The project's item pipelines (crawler.settings ITEM_PIPELINES, in order) outside Scrapy, over a
    stand-in crawler: settings (CORPUS_DB, CORPUS_CRAWL_ID), per-outlet stats, the page's outlet as
    spider.outlet. The same objects a crawl runs, so ingesting a page stores exactly what crawling it would."""

    def __init__(self, db_path: str | Path, crawl_id: int, curation: dict | None = None):
        from scrapy.settings import Settings
        from scrapy.utils.conf import build_component_list
        from scrapy.utils.misc import load_object

        from corpus.crawl import SETTINGS_MODULE

        self.settings = Settings()
        self.settings.setmodule(SETTINGS_MODULE, priority="project")
        self.settings.set("CORPUS_DB", str(db_path), priority="cmdline")
        self.settings.set("CORPUS_CRAWL_ID", crawl_id, priority="cmdline")
        self.settings.set("CORPUS_CURATION", dict(curation or {}), priority="cmdline")
        self.stats = _OutletStats()
        self.spider = _Spider()
        self.signals = _Signals()
        self.pipelines = []
        for path in build_component_list(self.settings.getwithbase("ITEM_PIPELINES")):
            cls = load_object(path)
            self.pipelines.append(cls.from_crawler(self) if hasattr(cls, "from_crawler") else cls())
        for pipeline in self.pipelines:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()

    def process(self, item, cleaning: dict | None) -> str:
        """Run one page through every pipeline; returns the store's outcome (new, updated, unchanged,
        failed) or "error" (logged; a pipeline raised)."""
        from scrapy.exceptions import DropItem

        self.stats.current = item["outlet"]
        self.spider.outlet = _Outlet(item["outlet"], cleaning, outlet_timezone(item["outlet"]))
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
        except DropItem as exc:
            logger.info("dropped %s: %s", item.get("url"), exc)
            return "dropped"
        except Exception:  # noqa: BLE001 - as Scrapy does: log it, lose this page, go on
            logger.exception("could not ingest %s", item.get("final_url") or item.get("url"))
            self.stats.inc_value("corpus/errors/ingest")
            self._rollback()
            return "error"
        return item.get("outcome") or "error"

    def _rollback(self) -> None:
        from crawler.pipelines import SharedDatabase

        shared = getattr(self, SharedDatabase.ATTRIBUTE, None)
        if shared is not None and shared.db.conn.in_transaction:
            shared.db.conn.rollback()

    def curation_settings(self):
        from corpus.config import settings_from_scrapy

        return settings_from_scrapy(self.settings.get("CORPUS_CURATION"))

    def close(self, reason: str = "finished") -> None:
        from scrapy import signals

        self.signals.send(signals.spider_closed, spider=self.spider, reason=reason)
        for pipeline in self.pipelines:
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()

    def summaries(self) -> dict[str, dict]:
        out = {}
        for name, raw in self.stats.by_outlet.items():
            if name is None:
                continue
            summary = outlet_summary(name, {**raw, "finish_reason": "finished"})
            summary["ok"] = True
            summary["pages"] = sum(summary["articles"][k] for k in ("new", "updated", "unchanged", "failed"))
            out[name] = summary
        return out


def ingest(redis_url: str, db_path: str | Path, *, follow: bool = False, prefix: str = DEFAULT_PREFIX,
           poll: float = 1.0, should_stop: Callable[[], bool] = lambda: False, wait: bool = True,
           curation: dict | None = None) -> dict:
    """Pop the pages --redis crawls pushed and store them into db_path through the project's pipelines.

    Until the list is empty (follow: until should_stop() or SIGINT/SIGTERM). Holds the database's lock
    (one writer). A page is taken with RPOPLPUSH onto PREFIX:items:processing and removed from there once
    stored, so a killed ingest loses nothing: the next one stores what was left there first (idempotent).
    One `crawls` row per ingest that stored anything. Returns {"pages", "bad", "outlets": {name: summary},
    "crawl_id", "ok", "totals", "redis"}."""
    server = check_redis(redis_url)
    items, processing = items_key(prefix), processing_key(prefix)
    stop = {"now": False}

    def on_signal(signum, frame):  # finish the page in hand, then stop
        stop["now"] = True

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)} if follow else {}
    runner: PipelineRunner | None = None
    crawl_id = None
    pages = bad = 0
    try:
        with writer_lock(db_path, "ingest", wait=wait):
            db = open_db(db_path)  # creates and migrates it; the pipelines open their own connection
            db.close()
            leftover = server.lrange(processing, 0, -1)  # a previous ingest died while storing these
            while not stop["now"] and not should_stop():
                if leftover:
                    raw = leftover.pop()
                else:
                    raw = server.rpoplpush(items, processing)
                    if raw is None and follow:
                        raw = server.brpoplpush(items, processing, timeout=max(1, round(poll)))
                    if raw is None:
                        if follow:
                            continue
                        break
                try:
                    item, cleaning = page_from_payload(raw)
                except ValueError as exc:
                    bad += 1
                    logger.warning("%s: not a page, moved to %s:bad (%s)", items, items, exc)
                    server.lpush(f"{items}:bad", raw)
                    server.lrem(processing, 1, raw)
                    continue
                if runner is None:
                    db = open_db(db_path)
                    crawl_id = start_crawl(db, [])
                    record_owner(db, crawl_id)
                    runner = PipelineRunner(db_path, crawl_id, curation)
                    record_settings(db, crawl_id, runner.curation_settings())
                    db.close()
                runner.process(item, cleaning)
                pages += 1
                server.lrem(processing, 1, raw)
            interrupted = stop["now"] or should_stop()
            stats = ingest_stats(runner, pages, bad, crawl_id, redis_url)
            if runner is not None:
                runner.close("shutdown" if interrupted else "finished")
                db = open_db(db_path)
                db["crawls"].update(crawl_id, {"outlets": json.dumps(sorted(stats["outlets"]))})
                finish_crawl(db, crawl_id, stats, status="interrupted" if interrupted else "finished")
                db.close()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return stats


def ingest_stats(runner: PipelineRunner | None, pages: int, bad: int, crawl_id, redis_url: str) -> dict:
    stats = run_summary(runner.summaries() if runner else {})
    stats.update(ok=True, pages=pages, bad=bad, crawl_id=crawl_id, redis=safe_url(redis_url), source="redis ingest")
    return stats


def ingest_line(summary: dict) -> str:
    a = summary["articles"]
    line = (f"{summary['outlet']}: {summary['pages']} pages ingested ({a['new']} new, {a['updated']} updated, "
            f"{a['unchanged']} unchanged, {a['failed']} failed")
    if summary["failures"]:
        line += ": " + ", ".join(f"{reason} {n}" for reason, n in sorted(summary["failures"].items()))
    return line + ")"
