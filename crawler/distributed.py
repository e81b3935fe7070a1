"""Distributed crawling through Redis: many crawler processes, one writer of corpus.db.

    corpus crawl rt_arabic --redis redis://queue-host:6379/0      # on any number of machines, any number of times
    corpus ingest --redis redis://queue-host:6379/0 --db corpus.db # once, where corpus.db lives

The crawlers share the outlet's request queue and URL fingerprints in Redis (crawler.redis_queue: every
entry point and every article is fetched by one process only) and push the raw pages onto a Redis list
instead of cleaning and storing them; `corpus ingest` pops that list and sends each page through the
library's page path (corpus.pages.process_page: decode → clean → curate → store) into corpus.db, exactly
as a plain crawl's pipeline does. Storing is idempotent, so a page ingested twice adds no rows.

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
from collections import Counter
from pathlib import Path
from typing import Callable, Mapping

from corpus.pages import Page, PageOptions, prepare_page, store_prepared
from corpus.reclean import reclean_pending, registry_overrides
from corpus.redis_results import ResultWriter
from corpus.registry import RegistryFiles, load_registry
from corpus.runs import record_owner, record_settings, writer_lock
from corpus.store import finish_crawl, open_db, start_crawl
from corpus.workers import WorkerPool
from crawler.redis_queue import (
    DEFAULT_PREFIX,
    connect,
    items_key,
    outlet_keys,
    page_from_payload,
    processing_key,
    safe_url,
)
from crawler.runner import (
    CrawlError,
    CrawlOptions,
    check_urls,
    crawlers_summary,
    outlet_crawlers,
    resolve_outlets,
    scrapy_settings,
)
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


def run_redis_crawl(
    outlet_names,
    db_path: str | Path,
    base_urls: Mapping[str, str] | None = None,
    settings: Mapping | None = None,
    *,
    options: CrawlOptions,
) -> dict:
    """crawler.runner.run_crawl with options.redis_url: no database lock, no crawls row (`corpus ingest`
    records one), pages to Redis. Returns run_summary's stats, each outlet's with a "redis" part."""
    registry = load_registry(options.registry)
    outlets = resolve_outlets(outlet_names, base_urls, registry)
    if options.urls:
        check_urls(options.urls, outlets, registry)
    if options.refetch:
        raise CrawlError(
            "--refetch cannot be used with --redis: Redis remembers every article fetched; to fetch "
            "them all again delete the outlet's key first (redis-cli -u URL del corpus:OUTLET:seen)"
        )
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
            stats["redis"]["requests_left"] = {
                name: server.zcard(outlet_keys(prefix, name)["requests"]) for name in outlets
            }
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
    line = (
        f"{summary['outlet']}: {summary['articles']['found']} article URLs found, {r['pages_queued']} pages "
        f"queued on {items} for `corpus ingest` ({summary['requests']} requests by this process; "
        f"{r['filtered']['articles']} article and {r['filtered']['discovery']} discovery URLs already "
        f"taken by other processes or earlier runs)"
    )
    skipped = summary.get("skipped") or {}
    for reason, n in skipped.items():
        line += f", {n} skipped ({reason})"
    if not summary["ok"]:
        line += f"  [NOT OK: finish reason {summary['finish_reason']}]"
    return line


# ---------------------------------------------------------------------- ingesting


class IngestStats:
    """Per-outlet counters of the page path's outcomes, in the crawl's stats keys (outlet_summary reads them)."""

    def __init__(self):
        self.by_outlet: dict[str, Counter] = {}

    def count(self, outlet: str, keys) -> None:
        counter = self.by_outlet.setdefault(outlet, Counter())
        counter.update(f"corpus/{key}" for key in keys)

    def summaries(self) -> dict[str, dict]:
        out = {}
        for name, raw in self.by_outlet.items():
            summary = outlet_summary(name, {**raw, "finish_reason": "finished"})
            summary["ok"] = not summary["errors"].get("store")
            summary["pages"] = sum(summary["articles"][k] for k in ("new", "updated", "unchanged", "failed"))
            out[name] = summary
        return out


def ingest(
    redis_url: str,
    db_path: str | Path,
    *,
    follow: bool = False,
    prefix: str = DEFAULT_PREFIX,
    poll: float = 1.0,
    should_stop: Callable[[], bool] = lambda: False,
    wait: bool = True,
    workers: int = 1,
    curation=None,
    registry: RegistryFiles = None,
) -> dict:
    """Pop the pages --redis crawls pushed and store them into db_path through the page path (corpus.pages);
    between them, the results `corpus work` pushed (corpus.redis_results).

    Until the list is empty (follow: until should_stop() or SIGINT/SIGTERM). Holds the database's lock
    (one writer). A page is taken with RPOPLPUSH onto PREFIX:items:processing and removed from there once
    stored, so a killed ingest loses nothing: the next one stores what was left there first (idempotent).
    With workers > 1 the CPU half of the page path runs in a process pool. One `crawls` row per ingest
    that stored anything. The registry files give each outlet's time zone (default: the bundled registry). Returns {"pages", "bad", "outlets": {name: summary}, "crawl_id", "ok", "totals",
    "redis"}; ok is False when a page could not be stored."""
    server = check_redis(redis_url)
    items, processing = items_key(prefix), processing_key(prefix)
    stop = {"now": False}

    def on_signal(signum, frame):  # finish the page in hand, then stop
        stop["now"] = True

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)} if follow else {}
    counters = IngestStats()
    run = {"crawl_id": None, "pages": 0, "bad": 0}
    db = results = None
    from corpus.config import settings_from_scrapy

    settings = settings_from_scrapy(curation)  # the curator's thresholds (config file, --set)

    def payloads():
        """(raw, page, options) of each page to store, popped from Redis; bad payloads set aside."""
        leftover = server.lrange(processing, 0, -1)  # a previous ingest died while storing these
        while not stop["now"] and not should_stop():
            if leftover:
                raw = leftover.pop()
            else:
                raw = server.rpoplpush(items, processing)
                if raw is None and results.drain():  # no crawled page waiting: the workers' results
                    continue
                if raw is None and follow:
                    raw = server.brpoplpush(items, processing, timeout=max(1, round(poll)))
                if raw is None:
                    if follow:
                        continue
                    return
            try:
                item, cleaning = page_from_payload(raw)
            except ValueError as exc:
                run["bad"] += 1
                logger.warning("%s: not a page, moved to %s:bad (%s)", items, items, exc)
                server.lpush(f"{items}:bad", raw)
                server.lrem(processing, 1, raw)
                continue
            if run["crawl_id"] is None:
                run["crawl_id"] = start_crawl(db, [])
                record_owner(db, run["crawl_id"])
                record_settings(db, run["crawl_id"], settings)
            cleaning = dict(cleaning or {"name": item["outlet"]})
            yield (
                raw,
                Page.from_item(item),
                PageOptions(
                    cleaning=cleaning,
                    settings=settings,
                    crawl_id=run["crawl_id"],
                    timezone=outlet_timezone(item["outlet"], registry),
                ),
            )

    def store(prepared_payload) -> None:
        raw, prepared, options = prepared_payload
        try:
            outcome = store_prepared(db, prepared, options)
        except Exception as exc:  # noqa: BLE001 - left on the processing list; the run says it failed
            counters.count(prepared.page.outlet, ["errors/store", f"store_failures/{type(exc).__name__}"])
            logger.error("could not store %s: %s", prepared.page.final_url or prepared.page.url, exc)
            return
        counters.count(prepared.page.outlet, outcome.stat_keys())
        run["pages"] += 1
        server.lrem(processing, 1, raw)

    try:
        with writer_lock(db_path, "ingest", wait=wait):
            db = open_db(db_path)
            results = ResultWriter(server, db, prefix)
            with WorkerPool(workers) as pool:
                for prepared in pool.map(prepare_payload, payloads()):
                    store(prepared)
            interrupted = stop["now"] or should_stop()
            stats = ingest_stats(counters, run, redis_url)
            if not interrupted:
                stats["boilerplate_recleaned"] = strip_learned_boilerplate(db, settings, registry)
            stats["jobs"] = results.summaries()  # reclean/import-text --redis, cleaned by `corpus work`
            stats["results"] = {"stored": results.stored, "bad": results.bad}
            stats["ok"] = stats["ok"] and not any(job["error"] for job in stats["jobs"])
            if run["crawl_id"] is not None:
                db["crawls"].update(run["crawl_id"], {"outlets": json.dumps(sorted(stats["outlets"]))})
                finish_crawl(db, run["crawl_id"], stats, status="interrupted" if interrupted else "finished")
    finally:
        if db is not None:
            db.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return stats


def strip_learned_boilerplate(db, settings, registry: RegistryFiles = None) -> int:
    """Re-clean the documents stored before a line of theirs became learned boilerplate (every outlet's,
    with the cleaning options of the registry files); how many. A failure is logged: they stay queued."""
    try:
        return reclean_pending(db, settings, overrides=registry_overrides(registry)).total
    except Exception:  # noqa: BLE001 - what was ingested is stored; the run must still be recorded
        logger.exception("could not re-clean the documents holding learned boilerplate")
        return 0


def outlet_timezone(name: str, registry: RegistryFiles = None) -> str | None:
    """The registry's zone of an outlet (published gets its offset as in a plain crawl); None if unknown."""
    try:
        outlet = load_registry(registry).get(name)
    except Exception:  # noqa: BLE001 - no registry here: times stay as printed
        return None
    return getattr(outlet, "timezone", None)


def prepare_payload(payload):
    """The CPU half of one popped page (in a worker process when there are several)."""
    raw, page, options = payload
    return raw, prepare_page(page, options), options


def ingest_stats(counters: IngestStats, run: dict, redis_url: str) -> dict:
    stats = run_summary(counters.summaries())
    stats.update(
        ok=all(s["ok"] for s in stats["outlets"].values()),
        pages=run["pages"],
        bad=run["bad"],
        crawl_id=run["crawl_id"],
        redis=safe_url(redis_url),
        source="redis ingest",
    )
    return stats


def ingest_line(summary: dict) -> str:
    a = summary["articles"]
    line = (
        f"{summary['outlet']}: {summary['pages']} pages ingested ({a['new']} new, {a['updated']} updated, "
        f"{a['unchanged']} unchanged, {a['failed']} failed"
    )
    if summary["failures"]:
        line += ": " + ", ".join(f"{reason} {n}" for reason, n in sorted(summary["failures"].items()))
    return line + ")"
