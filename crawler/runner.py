"""Run crawls in-process: the library behind `corpus crawl` and `corpus demo`.

    from crawler.runner import run_crawl
    stats = run_crawl(["rt_arabic", "bbc_arabic"], "corpus.db")

One CrawlerProcess per call, one crawler per outlet (each with its own politeness and stats), one
`crawls` row for the whole run. Twisted's reactor runs once per process, so call this once per
process (tests run crawls in a subprocess: `python -m corpus crawl ...`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Mapping

from corpus.config import settings_from_scrapy
from corpus.errors import CorpusError
from corpus.registry import Outlet, RegistryFiles, load_registry, registry_paths
from corpus.runs import record_owner, record_settings, writer_lock
from corpus.store import finish_crawl, open_db, start_crawl
from corpus.workers import WorkerPool, default_workers
from crawler.stats import outlet_summary, run_summary, yield_collapse

SETTINGS_MODULE = "crawler.settings"
DEMO_PREFIX = "demo_"
# The demo sites are on this machine: no need to be gentle, and a demo should take seconds.
LOCAL_SERVER_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
}


class CrawlError(CorpusError, ValueError):
    """A crawl that cannot start (unknown outlet, missing base URL): the message is one line for the user."""


@dataclass(frozen=True)
class CrawlOptions:
    """What to crawl beyond the outlet list; every field optional."""

    urls: tuple[str, ...] = ()  # fetch only these article URLs (no discovery); needs exactly one outlet
    since: date | None = None  # skip sitemap/feed entries dated before this day
    max_articles: int | None = None  # per outlet
    registry: RegistryFiles = None  # the registry file(s); default the bundled production outlets
    refetch: bool = False  # fetch articles already stored again (default: only new or changed ones)
    resume: bool = False  # continue the crawl of these outlets that was stopped (Ctrl-C) where it left off
    log_level: str = "INFO"
    settings: Mapping[str, object] = field(default_factory=dict)  # Scrapy setting overrides
    # redis://HOST:PORT/N: crawl through Redis (crawler.distributed.run_redis_crawl and redis_settings: shared request queue and
    # URL fingerprints, pages pushed to a Redis list for `corpus ingest` instead of stored; no db lock)
    redis_url: str | None = None
    # Another writer holds the database's lock: wait for it (interactive) or raise AlreadyRunning (cron).
    wait: bool = True
    announce: Callable[[str], None] | None = None  # told once, after a few seconds, whom we wait for
    # Called about once a second with the run's stats so far (a terminal's status line); .close() at the end.
    progress: Callable[[dict], None] | None = None


def resolve_outlets(
    outlet_names, base_urls: Mapping[str, str] | None, registry: Mapping[str, Outlet]
) -> dict[str, str | None]:
    """{outlet name: base URL or None}, checked: known outlets, base URLs for demo outlets.

    base_urls keys are outlet names, or demo site names ("sada" for demo_sada, as DemoServer.base_urls has them)."""
    names = list(dict.fromkeys(outlet_names))
    if not names:
        raise CrawlError("no outlets given (list them with `corpus outlets`)")
    unknown = [n for n in names if n not in registry]
    if unknown:
        from corpus.outlet_names import unknown_message

        raise CrawlError(unknown_message(unknown[0], registry) + " (list them with `corpus outlets`)")
    bases = {}
    for key, url in (base_urls or {}).items():
        name = key if key in registry else DEMO_PREFIX + key
        if name not in registry:
            raise CrawlError(f"--base-url {key}=...: no outlet {key!r} (or {DEMO_PREFIX + key!r})")
        try:
            registry[name].with_base_url(url)
        except ValueError as exc:
            raise CrawlError(str(exc)) from None
        bases[name] = url
    missing = [n for n in names if registry[n].demo and n not in bases]
    if missing:
        raise CrawlError(
            f"demo outlet {', '.join(missing)} needs --base-url NAME=http://127.0.0.1:PORT "
            f"(or run `corpus demo`, which starts the demo sites)"
        )
    return {name: bases.get(name) for name in names}


def check_urls(urls, outlets: Mapping[str, str | None], registry: Mapping[str, Outlet]) -> None:
    """--url needs exactly one outlet, and URLs on that outlet's site."""
    if len(outlets) != 1:
        raise CrawlError("--url needs exactly one outlet (the one the URLs belong to)")
    ((name, base_url),) = outlets.items()
    outlet = registry[name].with_base_url(base_url) if base_url else registry[name]
    foreign = [url for url in urls if not outlet.owns(url)]
    if foreign:
        raise CrawlError(f"--url {foreign[0]} is not on {name}'s site ({', '.join(outlet.domains)})")


def scrapy_settings(db_path: str | Path, crawl_id: int, options: CrawlOptions, overrides: Mapping | None = None):
    """crawler.settings loaded explicitly (works from any directory), then the run's own values on top."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    settings.set("LOG_LEVEL", options.log_level, priority="cmdline")
    settings.update({**dict(options.settings), **dict(overrides or {})}, priority="cmdline")
    settings.set("CORPUS_DB", str(db_path), priority="cmdline")
    settings.set("CORPUS_CRAWL_ID", crawl_id, priority="cmdline")
    return settings


def run_pool(settings) -> WorkerPool:
    """One process pool for every outlet of the run (CORPUS_WORKERS; 0: one per core), its processes
    started before the reactor; handed to the pipelines as CORPUS_POOL."""
    pool = WorkerPool(settings.getint("CORPUS_WORKERS") or default_workers()).warm_up()
    settings.set("CORPUS_POOL", pool, priority="cmdline")
    return pool


def spider_arguments(name: str, base_url: str | None, options: CrawlOptions) -> dict:
    return {
        "name": name,
        "base_url": base_url,
        "urls": list(options.urls) or None,
        "since": options.since.isoformat() if options.since else None,
        "max_articles": options.max_articles,
        "registry": os.pathsep.join(map(str, registry_paths(options.registry))) or None,  # the spider splits it
        "refetch": "1" if options.refetch else None,
    }


# ---------------------------------------------------------------------- interrupted crawls (Scrapy JOBDIR)

INTERRUPTED_MARK = "interrupted"  # written into an outlet's job directory after a graceful stop


def jobs_dir(db_path: str | Path, outlet_names) -> Path:
    """Where the crawl of these outlets into this db keeps its pending requests: <db>.jobs/<hash of names>,
    one subdirectory per outlet (crawler.spiders.outlet sets JOBDIR there)."""
    key = hashlib.sha1(",".join(sorted(outlet_names)).encode("utf-8")).hexdigest()[:12]
    return Path(f"{db_path}.jobs") / key


def prepare_jobs_dir(root: Path, outlet_names, resume: bool) -> list[str]:
    """Keep what a resumed crawl can continue, drop the rest; returns the outlets that resume. Only a job
    directory marked after a graceful stop is trusted: one left by a killed crawl has a seen-requests file
    listing requests that were never answered (they would be skipped for good), so that outlet starts
    afresh (stored articles are still skipped)."""
    resumed = []
    for name in outlet_names:
        job = root / name
        mark = job / INTERRUPTED_MARK
        if resume and mark.exists():
            mark.unlink()
            resumed.append(name)
        else:
            shutil.rmtree(job, ignore_errors=True)
    return resumed


def settle_jobs_dir(root: Path, summaries: Mapping[str, dict]) -> None:
    """After the run: mark the outlets stopped gracefully (resumable); remove the finished ones' state."""
    for name, summary in summaries.items():
        job = root / name
        if summary["finish_reason"] in ("shutdown", "cancelled") and job.is_dir():
            (job / INTERRUPTED_MARK).write_text("stopped gracefully; resume with `corpus crawl --resume`\n")
        else:
            shutil.rmtree(job, ignore_errors=True)
    for folder in (root, root.parent):  # leave no empty <db>.jobs behind
        try:
            folder.rmdir()
        except OSError:
            pass


def outlet_crawlers(config, outlets: Mapping[str, str | None], options: CrawlOptions):
    """One CrawlerProcess with one OutletSpider crawler per outlet (each its own politeness and stats)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.outlet import OutletSpider

    process = CrawlerProcess(config)
    crawlers = {}
    for name, base_url in outlets.items():
        crawler = process.create_crawler(OutletSpider)
        process.crawl(crawler, **spider_arguments(name, base_url, options))
        crawlers[name] = crawler
    return process, crawlers


def crawlers_summary(crawlers: Mapping, summarize) -> dict:
    """run_summary over each crawler's stats, read even when the run was interrupted."""
    return run_summary(
        {name: summarize(name, dict(c.stats.get_stats()) if c.stats else {}) for name, c in crawlers.items()}
    )


def run_crawl(
    outlet_names,
    db_path: str | Path,
    base_urls: Mapping[str, str] | None = None,
    settings: Mapping | None = None,
    *,
    options: CrawlOptions | None = None,
) -> dict:
    """Crawl the outlets into db_path in this process; returns the run's stats (crawler.stats.run_summary
    plus "crawl_id"). Holds the database's lock file for the whole run (waits for it, or AlreadyRunning if
    taken and options.wait is False)."""
    options = options or CrawlOptions()
    registry = load_registry(options.registry)
    outlets = resolve_outlets(outlet_names, base_urls, registry)
    if options.urls:
        check_urls(options.urls, outlets, registry)
    job_root = jobs_dir(db_path, outlets)
    job_settings = {} if options.urls else {"CORPUS_JOBS_DIR": str(job_root)}  # --url runs are too short to resume
    resumed: list[str] = []
    with writer_lock(db_path, "crawl", wait=options.wait, announce=options.announce):
        db = open_db(db_path)
        crawl_id = start_crawl(db, list(outlets))
        record_owner(db, crawl_id)
        scrapy_config = scrapy_settings(db_path, crawl_id, options, {**dict(settings or {}), **job_settings})
        record_settings(db, crawl_id, settings_from_scrapy(scrapy_config.get("CORPUS_CURATION")))
        db.close()  # the pipelines open their own connection; do not hold one idle through the crawl
        if job_settings:
            resumed = prepare_jobs_dir(job_root, outlets, options.resume)
        pool = run_pool(scrapy_config)
        process, crawlers = outlet_crawlers(scrapy_config, outlets, options)
        started = time.monotonic()
        ticker = start_progress(crawlers, options.progress)
        try:
            process.start()
        finally:
            pool.close()
            stop_progress(ticker, options.progress)
            stats = crawlers_summary(crawlers, outlet_summary)
            stats["crawl_id"] = crawl_id
            stats["resumed"] = resumed  # outlets continued from a stopped crawl's queue (--resume)
            stats["duration_s"] = round(time.monotonic() - started, 3)
            judge_yield(
                stats, scrapy_config.getfloat("CORPUS_MIN_YIELD"), scrapy_config.getint("CORPUS_YIELD_MIN_PAGES")
            )
            if job_settings:
                settle_jobs_dir(job_root, stats["outlets"])
            stats["status"] = run_status(stats)
            db = open_db(db_path)
            finish_crawl(db, crawl_id, stats, status=stats["status"])
            db.close()
    return stats


PROGRESS_EVERY_S = 1.0


def start_progress(crawlers: Mapping, progress):
    """A reactor timer handing progress the running stats every PROGRESS_EVERY_S (None without progress)."""
    if progress is None:
        return None
    from twisted.internet.task import LoopingCall

    ticker = LoopingCall(lambda: progress(crawlers_summary(crawlers, outlet_summary)))
    ticker.start(PROGRESS_EVERY_S, now=False)
    return ticker


def stop_progress(ticker, progress) -> None:
    if ticker is not None and ticker.running:
        ticker.stop()
    if progress is not None and hasattr(progress, "close"):
        progress.close()


def judge_yield(stats: dict, min_yield: float, min_pages: int) -> None:
    """Mark outlets whose extraction yield collapsed as not ok, with the one-line reason in stats["problems"]
    (a changed template must fail the run loudly, not fill the corpus with nothing)."""
    problems = []
    for summary in stats["outlets"].values():
        problem = yield_collapse(summary, min_yield, min_pages)
        if problem:
            summary["ok"] = False
            summary["problem"] = problem
            problems.append(problem)
    stats["problems"] = problems
    stats["ok"] = stats["ok"] and not problems


def run_status(stats: dict) -> str:
    """crawls.status of a run: interrupted (Ctrl-C), yield_collapsed (pages fetched but no text: the
    reason is in stats["problems"]), failed (an outlet could not be crawled), finished."""
    reasons = {s["finish_reason"] for s in stats["outlets"].values()}
    if reasons & {"shutdown", "cancelled"}:
        return "interrupted"
    if stats.get("problems"):
        return "yield_collapsed"
    return "finished" if stats["ok"] else "failed"
