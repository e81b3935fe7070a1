"""`corpus crawl`: crawl registry outlets into the corpus database."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from corpus.cli import cli
from corpus.cli.options import announce_new_database, check_writer_target, new_db_path_option, registry_option
from crawler.stats import bounds_phrase

if TYPE_CHECKING:
    from corpus.cli.progress import CrawlStatusLine

# A run's stats as the crawl returns them (crawler.stats.run_summary): JSON.
Stats = dict[str, Any]

# Scrapy logs every failed download once more at ERROR; the summary, --json and the pages table already
# give each failure with its reason, so without --verbose these lines are dropped (an unreachable outlet
# is then one summary line, not a screenful).
DOWNLOAD_FAILURE_LOGGERS = (
    "scrapy.downloadermiddlewares.retry",
    "scrapy.downloadermiddlewares.robotstxt",
    "scrapy.core.scraper",
)
DOWNLOAD_FAILURE_PREFIXES = ("Gave up retrying", "Error downloading")


def quiet_download_failures() -> None:
    import logging

    def keep(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DOWNLOAD_FAILURE_PREFIXES)

    for name in DOWNLOAD_FAILURE_LOGGERS:
        logging.getLogger(name).addFilter(keep)


def crawl_progress() -> CrawlStatusLine | None:
    """A live status line on a terminal (stderr); None under cron or in a pipe, where only lines are wanted."""
    import sys

    from corpus.cli.progress import CrawlStatusLine

    return CrawlStatusLine(sys.stderr) if sys.stderr.isatty() else None


def parse_pairs(values: Iterable[str], option: str) -> dict[str, str]:
    """("a=1", "b=2") -> {"a": "1", "b": "2"}, with a usage error naming the option for a malformed pair."""
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint=option)
        pairs[key.strip()] = rest.strip()
    return pairs


def setting_value(text: str) -> Any:
    """A --set value: JSON when it parses (0, 1.5, true, [429]), else the string itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def scrapy_and_curation_settings(
    db_path: str | Path, config_file: Path | None, overrides: Iterable[str]
) -> dict[str, Any]:
    """The Scrapy settings of a run, with the curation thresholds (config file, then --set NAME=VALUE where
    NAME is a curation setting) as CORPUS_CURATION."""
    from corpus.config import ConfigError, is_curation_setting, load_overrides

    overrides = list(overrides)
    curation_sets = [text for text in overrides if is_curation_setting(text.partition("=")[0])]
    scrapy_sets = [text for text in overrides if text not in curation_sets]
    settings = {key: setting_value(value) for key, value in parse_pairs(scrapy_sets, "--set").items()}
    try:
        curation, _ = load_overrides(db_path, config_file, curation_sets)
    except ConfigError as exc:
        raise click.ClickException(str(exc))
    if curation:
        settings["CORPUS_CURATION"] = {**dict(setting_value_dict(settings.get("CORPUS_CURATION"))), **curation}
    return settings


def setting_value_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def outlet_line(summary: Stats) -> str:
    """One outlet's result in one line: what was stored, what failed and why."""
    a = summary["articles"]
    stored = a["new"] + a["updated"] + a["unchanged"]
    line = (
        f"{summary['outlet']}: {a['found']} article URLs found, {stored} stored "
        f"({a['new']} new, {a['updated']} updated, {a['unchanged']} unchanged)"
    )
    if a["failed"]:
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(summary["failures"].items(), key=lambda kv: -kv[1]))
        line += f", {a['failed']} failed ({reasons})"
    for reason, n in summary["skipped"].items():
        line += f", {n} skipped ({reason})"
    if summary["encoding_fixes"]:
        line += f"; {summary['encoding_fixes']} encoding fix(es)"
    line += bounds_phrase(summary)  # which bound ended or trimmed the run, if any
    if not summary["ok"] and not summary.get("responses") and summary.get("requests"):
        reasons = ", ".join(
            f"{reason.removeprefix('discovery:')} {n}" for reason, n in sorted(summary.get("errors", {}).items())
        )
        return f"{summary['outlet']}: unreachable: none of {summary['requests']} requests got an answer ({reasons or 'no reason given'})  [NOT OK]"
    if summary.get("problem"):
        line += "  [NOT OK: extraction yield collapsed]"
    elif summary.get("errors", {}).get("store"):
        reasons = ", ".join(f"{name} {n}" for name, n in sorted((summary.get("store_failures") or {}).items()))
        line += f"  [NOT OK: {summary['errors']['store']} page(s) could not be stored ({reasons})]"
    elif not summary["ok"]:
        line += (
            f"  [NOT OK: finish reason {summary['finish_reason']}, {summary['requests']} requests, "
            f"{summary['discovery']['errors']} entry/listing pages failed]"
        )
    return line


def print_summary(stats: Stats, echo: Callable[[str], object] = click.echo, resume: bool = False) -> None:
    for name, summary in stats["outlets"].items():
        if resume and name not in stats.get("resumed", ()):
            echo(
                f"{name}: no stopped crawl to resume (none, or it was killed): crawled afresh, skipping stored articles"
            )
        echo(outlet_line(summary))
    totals = stats["totals"]["articles"]
    if len(stats["outlets"]) > 1:
        echo(
            f"total: {totals.get('new', 0)} new, {totals.get('updated', 0)} updated, "
            f"{totals.get('unchanged', 0)} unchanged, {totals.get('failed', 0)} failed "
            f"in {stats['totals']['requests']} requests (crawl #{stats['crawl_id']})"
        )


@cli.command("crawl")
@click.argument("outlets", nargs=-1)
@new_db_path_option
@click.option(
    "--base-url",
    "base_urls",
    multiple=True,
    metavar="NAME=URL",
    help="Where an outlet is served (required for demo outlets; NAME may be the demo site, e.g. sada).",
)
@click.option(
    "--all", "all_outlets", is_flag=True, help="Every real outlet in the registry (and demo ones given --base-url)."
)
@click.option(
    "--url", "urls", multiple=True, metavar="URL", help="Fetch only these article URLs (one outlet; repeatable)."
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Skip sitemap/feed entries dated before this day.")
@click.option(
    "--max-articles",
    type=click.IntRange(min=1),
    help="At most this many article pages fetched per outlet (default: setting CORPUS_MAX_ARTICLES, 5000).",
)
@registry_option
@click.option(
    "--refetch",
    "--refresh",
    "refetch",
    is_flag=True,
    help="Fetch articles already stored again, and sitemaps/feeds unconditionally (default: only new or changed ones).",
)
@click.option(
    "--resume", is_flag=True, help="Continue the crawl of these outlets that Ctrl-C stopped, where it left off."
)
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="Crawl through Redis (redis://HOST:PORT/N): processes on any machines share the queue; "
    "pages go to Redis for `corpus ingest` instead of the database.",
)
@click.option(
    "--warc",
    "warc_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also archive every response (and its request) as .warc.gz files in this directory.",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="SETTING=VALUE",
    help="Scrapy setting override, e.g. --set DOWNLOAD_DELAY=2, or a curation threshold, "
    "e.g. --set min_words=20 (repeatable).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Curation settings TOML file (default: <db name>.toml next to the database, if any).",
)
@click.option("--verbose", "-v", is_flag=True, help="Log Scrapy's progress (INFO) instead of warnings only.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's stats as JSON instead of the summary.")
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="When another command is writing the database: wait for it, or exit 1 at once (cron).",
)
def crawl_command(
    outlets: tuple[str, ...],
    db_path: str,
    base_urls: tuple[str, ...],
    all_outlets: bool,
    urls: tuple[str, ...],
    since: datetime | None,
    max_articles: int | None,
    registry: Path | None,
    refetch: bool,
    resume: bool,
    redis_url: str | None,
    warc_dir: Path | None,
    overrides: tuple[str, ...],
    verbose: bool,
    as_json: bool,
    wait: bool,
    config_file: Path | None,
) -> None:
    """Crawl OUTLET... (names from `corpus outlets`) into the corpus database.

    Articles are found in the outlets' sitemaps, feeds and section pages, cleaned,
    curated and stored; failed fetches (404, 5xx, timeouts) are recorded as failed
    pages. Crawling again fetches only articles that are new (or whose sitemap/feed
    date is newer than the stored copy; --refetch fetches everything again), so it
    adds nothing for unchanged ones. Ctrl-C stops a crawl gracefully; --resume
    continues it. Exits non-zero when an outlet could not be crawled at all, or
    when most of its article pages gave no article text (a changed template).

    \b
    Example:
        corpus crawl rt_arabic bbc_arabic --db corpus.db
        corpus crawl demo_sada --base-url sada=http://127.0.0.1:8101
        corpus crawl rt_arabic --url https://arabic.rt.com/world/1567890-x/
        corpus crawl rt_arabic --warc archive/    # then: corpus import-warc archive/
        corpus crawl rt_arabic --redis redis://127.0.0.1:6379/0   # then: corpus ingest --redis ...
    """
    from corpus.demo.registry import registry_files
    from corpus.locking import AlreadyRunning
    from corpus.registry import RegistryError, load_registry
    from crawler.runner import CrawlError, CrawlOptions, run_crawl

    bases = parse_pairs(base_urls, "--base-url")
    files = registry_files(registry)
    try:
        names = list(outlets)
        if all_outlets:
            known = load_registry(files)
            given = set(bases) | {f"demo_{k}" for k in bases}
            names += [n for n, o in known.items() if not o.demo or n in given]
        options = CrawlOptions(
            urls=tuple(urls),
            since=since.date() if since else None,
            max_articles=max_articles,
            registry=files,
            refetch=refetch,
            resume=resume,
            log_level="INFO" if verbose else "ERROR",
            redis_url=redis_url,
            wait=wait,
            progress=crawl_progress(),
        )
        if not verbose:
            quiet_download_failures()
        settings = scrapy_and_curation_settings(db_path, config_file, overrides)
        if warc_dir:
            settings["CORPUS_WARC_DIR"] = str(warc_dir.resolve())
        created = False if redis_url else check_writer_target(db_path)
        try:
            if redis_url:  # the requests go to Redis; `corpus ingest` stores the pages
                from crawler.distributed import run_redis_crawl

                stats = run_redis_crawl(names, db_path, bases, settings, options=options)
            else:
                stats = run_crawl(names, db_path, bases, settings, options=options)
        finally:
            if created:
                announce_new_database(db_path)
    except (CrawlError, RegistryError, AlreadyRunning) as exc:
        raise click.ClickException(str(exc))
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    elif redis_url:
        from crawler.distributed import redis_outlet_line

        for summary in stats["outlets"].values():
            click.echo(redis_outlet_line(summary, stats["redis"]["items"]))
    else:
        print_summary(stats, resume=resume)
    if stats.get("status") == "interrupted":
        raise click.ClickException("crawl interrupted; run the same command with --resume to continue it")
    if stats.get("problems"):
        raise click.ClickException("\n".join(stats["problems"]))
    if not stats["ok"]:
        raise click.ClickException("some outlets could not be crawled (see above)")
