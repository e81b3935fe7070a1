"""`corpus ingest`: store the pages `corpus crawl --redis` processes pushed to Redis."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from corpus.cli import cli
from corpus.cli.options import (
    announce_new_database,
    check_writer_target,
    curation_options,
    new_db_path_option,
    wait_option,
)


@cli.command("ingest")
@click.option(
    "--redis",
    "redis_url",
    required=True,
    metavar="URL",
    help="The Redis the crawlers push to (redis://HOST:PORT/N), as given to `corpus crawl --redis`.",
)
@new_db_path_option
@click.option("--follow", is_flag=True, help="Keep waiting for pages when the list is empty (until Ctrl-C).")
@click.option(
    "--prefix",
    default="corpus",
    show_default=True,
    help="Redis key prefix (setting CORPUS_REDIS_PREFIX of the crawls).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the stats as JSON instead of the summary.")
@wait_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that decode, clean and measure pages (the database keeps one writer).",
)
@curation_options
def ingest_command(
    redis_url: str,
    db_path: str,
    follow: bool,
    prefix: str,
    as_json: bool,
    wait: bool,
    workers: int,
    config_file: Path | None,
    sets: tuple[str, ...],
) -> None:
    """Store into the database the pages crawled with --redis and the sources cleaned by `corpus work`.

    Pops the pages off Redis one at a time and runs them through the same
    decode → clean → curate → store page path a plain crawl runs, then exits when the
    list is empty (--follow: keeps waiting until Ctrl-C). Run one ingest per
    Redis: it is the database's only writer (it takes the database's lock).
    Storing is idempotent: a page stored again adds no rows. Sources of
    `corpus reclean --redis` and `corpus import-text --redis` that `corpus work`
    cleaned are curated and stored in the order they were pushed, each once.

    \b
    Example:
        corpus crawl rt_arabic --redis redis://127.0.0.1:6379/0     # on each crawler machine
        corpus ingest --redis redis://127.0.0.1:6379/0 --db corpus.db
        corpus ingest --redis redis://queue-host:6379/0 --follow
    """
    from corpus.config import ConfigError, load_overrides
    from corpus.demo.registry import registry_files
    from corpus.locking import AlreadyRunning
    from crawler.distributed import ingest, ingest_line
    from crawler.runner import CrawlError

    created = check_writer_target(db_path)
    try:
        curation, _ = load_overrides(db_path, config_file, sets)
    except ConfigError as exc:
        raise click.ClickException(str(exc))
    try:
        stats = ingest(
            redis_url,
            db_path,
            follow=follow,
            prefix=prefix,
            wait=wait,
            curation=curation,
            workers=workers,
            registry=registry_files(),
        )
    except (CrawlError, AlreadyRunning) as exc:
        raise click.ClickException(str(exc))
    finally:
        if created:
            announce_new_database(db_path)
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        raise_unless_stored(stats)
        return
    from corpus.redis_results import job_lines

    for summary in stats["outlets"].values():
        click.echo(ingest_line(summary))
    for job in stats["jobs"]:
        for text, to_stderr in job_lines(job):
            click.echo(text, err=to_stderr)
    line = f"{stats['pages']} pages ingested from {stats['redis']} into {db_path}"
    if stats["crawl_id"] is not None:
        line += f" (crawl #{stats['crawl_id']})"
    if stats["results"]["stored"]:
        line += f"; {stats['results']['stored']} cleaned sources stored"
    if stats["bad"]:
        line += f"; {stats['bad']} unreadable entries moved to {prefix}:items:bad"
    if stats["results"]["bad"]:
        line += f"; {stats['results']['bad']} unreadable results moved to {prefix}:results:bad"
    click.echo(line)
    raise_unless_stored(stats)


def raise_unless_stored(stats: dict[str, Any]) -> None:
    """A page that could not be stored fails the run (it stays on Redis for the next ingest)."""
    for job in stats["jobs"]:
        if job["error"]:
            raise click.ClickException(
                f"{job['kind']} job {job['job']}: could not store its results ({job['error']}); "
                "they stay on Redis for the next ingest"
            )
    failed = {name: s["store_failures"] for name, s in stats["outlets"].items() if not s["ok"]}
    if failed:
        reasons = "; ".join(
            f"{name}: {', '.join(f'{e} {n}' for e, n in errors.items())}" for name, errors in failed.items()
        )
        raise click.ClickException(f"pages could not be stored ({reasons}); they stay on Redis for the next ingest")
