"""Run crawls in-process: the library behind `corpus crawl` and `corpus demo`.

    from corpus.crawl import run_crawl
    stats = run_crawl(["rt_arabic", "bbc_arabic"], "corpus.db")

One CrawlerProcess per call, one crawler per outlet (each with its own politeness and stats), one
`crawls` row for the whole run. Twisted's reactor runs once per process, so call this once per
process (tests run crawls in a subprocess: `python -m corpus crawl ...`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Mapping

from corpus.locking import exclusive_lock, lock_path_for
from corpus.store import finish_crawl, open_db, start_crawl
from crawler.registry import Outlet, load_registry
from crawler.stats import outlet_summary, run_summary

SETTINGS_MODULE = "crawler.settings"
DEMO_PREFIX = "demo_"
# The demo sites are on this machine: no need to be gentle, and a demo should take seconds.
LOCAL_SERVER_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
}


class CrawlError(ValueError):
    """A crawl that cannot start (unknown outlet, missing base URL): the message is one line for the user."""


@dataclass(frozen=True)
class CrawlOptions:
    """What to crawl beyond the outlet list; every field optional."""

    urls: tuple[str, ...] = ()  # fetch only these article URLs (no discovery); needs exactly one outlet
    since: date | None = None  # skip sitemap/feed entries dated before this day
    max_articles: int | None = None  # per outlet
    registry: str | Path | None = None  # another outlets.toml
    refetch: bool = False  # fetch articles already stored again (default: only new or changed ones)
    log_level: str = "INFO"
    settings: Mapping[str, object] = field(default_factory=dict)  # Scrapy setting overrides


def resolve_outlets(outlet_names, base_urls: Mapping[str, str] | None, registry: Mapping[str, Outlet]) -> dict[str, str | None]:
    """{outlet name: base URL or None}, checked: known outlets, base URLs for demo outlets.

    base_urls keys are outlet names, or demo site names ("sada" for demo_sada, as DemoServer.base_urls has them)."""
    names = list(dict.fromkeys(outlet_names))
    if not names:
        raise CrawlError("no outlets given (list them with `corpus outlets`)")
    unknown = [n for n in names if n not in registry]
    if unknown:
        raise CrawlError(f"unknown outlet{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                         f"known: {', '.join(sorted(registry))}")
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
        raise CrawlError(f"demo outlet {', '.join(missing)} needs --base-url NAME=http://127.0.0.1:PORT "
                         f"(or run `corpus demo`, which starts the demo sites)")
    return {name: bases.get(name) for name in names}


def check_urls(urls, outlets: Mapping[str, str | None], registry: Mapping[str, Outlet]) -> None:
    """--url needs exactly one outlet, and URLs on that outlet's site."""
    if len(outlets) != 1:
        raise CrawlError("--url needs exactly one outlet (the one the URLs belong to)")
    (name, base_url), = outlets.items()
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


def spider_arguments(name: str, base_url: str | None, options: CrawlOptions) -> dict:
    return {
        "name": name,
        "base_url": base_url,
        "urls": list(options.urls) or None,
        "since": options.since.isoformat() if options.since else None,
        "max_articles": options.max_articles,
        "registry": str(options.registry) if options.registry else None,
        "refetch": "1" if options.refetch else None,
    }


def run_crawl(outlet_names, db_path: str | Path, base_urls: Mapping[str, str] | None = None,
              settings: Mapping | None = None, *, options: CrawlOptions | None = None) -> dict:
    """Crawl the outlets into db_path in this process; returns the run's stats (crawler.stats.run_summary
    plus "crawl_id"). Holds the database's lock file for the whole run (AlreadyRunning if taken)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.outlet import OutletSpider

    options = options or CrawlOptions()
    registry = load_registry(options.registry)
    outlets = resolve_outlets(outlet_names, base_urls, registry)
    if options.urls:
        check_urls(options.urls, outlets, registry)
    with exclusive_lock(lock_path_for(db_path)):
        db = open_db(db_path)
        crawl_id = start_crawl(db, list(outlets))
        db.close()  # the pipelines open their own connection; do not hold one idle through the crawl
        process = CrawlerProcess(scrapy_settings(db_path, crawl_id, options, settings))
        crawlers = {}
        for name, base_url in outlets.items():
            crawler = process.create_crawler(OutletSpider)
            process.crawl(crawler, **spider_arguments(name, base_url, options))
            crawlers[name] = crawler
        try:
            process.start()
        finally:
            stats = run_summary({name: outlet_summary(name, dict(c.stats.get_stats()) if c.stats else {})
                                 for name, c in crawlers.items()})
            stats["crawl_id"] = crawl_id
            db = open_db(db_path)
            finish_crawl(db, crawl_id, stats, status=run_status(stats))
            db.close()
    return stats


def run_status(stats: dict) -> str:
    """crawls.status of a run: interrupted (Ctrl-C), failed (an outlet could not be crawled), finished."""
    reasons = {s["finish_reason"] for s in stats["outlets"].values()}
    if reasons & {"shutdown", "cancelled"}:
        return "interrupted"
    return "finished" if stats["ok"] else "failed"


def demo_outlet_names(server, registry: Mapping[str, Outlet] | None = None) -> list[str]:
    """The registry's demo outlets for the sites this DemoServer serves ("sada" -> "demo_sada")."""
    registry = registry or load_registry()
    return [DEMO_PREFIX + site for site in server.base_urls if registry.get(DEMO_PREFIX + site, None)
            and registry[DEMO_PREFIX + site].demo]


def crawl_demo(db_path: str | Path, server, settings: Mapping | None = None, *,
               options: CrawlOptions | None = None) -> dict:
    """Crawl every demo outlet the running DemoServer serves, in ONE CrawlerProcess run, fast (no delays:
    the sites are local; robots.txt is still obeyed; only warnings logged unless options say otherwise).
    Returns run_crawl's stats. Once per process (the reactor cannot restart)."""
    options = options or CrawlOptions(log_level="WARNING")
    base_urls = {DEMO_PREFIX + site: url for site, url in server.base_urls.items()}
    names = demo_outlet_names(server)
    return run_crawl(names, db_path, {n: base_urls[n] for n in names}, {**LOCAL_SERVER_SETTINGS, **dict(settings or {})},
                     options=options)
