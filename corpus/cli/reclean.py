"""`corpus reclean`: re-derive documents from the stored raw pages with the current rules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.options import curation_options, curation_settings, db_option, wait_option

if TYPE_CHECKING:
    from sqlite_utils import Database

    from corpus.curate import CurationSettings


@cli.command("reclean")
@click.option("--outlet", help="Only this outlet's documents.")
@click.option("--workers", type=click.IntRange(min=1), help="Cleaning processes (default: every core).")
@wait_option
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="Push the sources to this Redis for `corpus work` and `corpus ingest` instead of cleaning here.",
)
@click.option("--prefix", default="corpus", show_default=True, help="Redis key prefix (with --redis).")
@curation_options
@db_option
def reclean_command(
    db: Database,
    outlet: str | None,
    workers: int | None,
    wait: bool,
    redis_url: str | None,
    prefix: str,
    config_file: Path | None,
    sets: tuple[str, ...],
) -> None:
    """Re-clean every stored document from its raw HTML (or imported text).

    Uses the current cleaning rules and the outlet's overrides, then curates
    again (language, quality, duplicates, learned boilerplate). Nothing is
    fetched. Crawls and imports already strip a newly learned outlet line
    from the documents stored before it was learned; a reclean applies changed
    thresholds to everything. The cleaner version is recorded per document and
    in reclean_runs.

    \b
    Example:
        corpus reclean --db corpus.db
        corpus reclean --outlet demo_sada --set min_words=30
        corpus reclean --redis redis://queue-host:6379/0   # workers clean, ingest stores
    """
    from corpus.demo.registry import registry_files
    from corpus.locking import AlreadyRunning
    from corpus.reclean import RegistryUnavailable, count_sources, reclean, registry_overrides
    from corpus.runs import database_path, writer_lock

    settings = curation_settings(database_path(db), config_file, sets)
    if redis_url:
        return push_reclean(db, outlet, settings, redis_url, prefix)
    try:
        with writer_lock(database_path(db), "reclean", wait=wait):
            overrides = registry_overrides(registry_files())
            total = count_sources(db, outlet)
            with click.progressbar(length=total, label=f"re-cleaning {total:,} documents", file=sys.stderr) as bar:
                report = reclean(
                    db, outlet=outlet, settings=settings, workers=workers, overrides=overrides, progress=bar.update
                )
    except (RegistryUnavailable, AlreadyRunning) as exc:
        raise click.ClickException(str(exc))
    for document_id, reason in report.failed:
        click.echo(f"{document_id}: not re-cleaned (stored row kept): {reason}", err=True)
    changes = ", ".join(f"{change} {n}" for change, n in sorted(report.status_changes.items()))
    click.echo(
        f"re-cleaned {report.total:,} document(s) with cleaner {report.cleaner_version}: "
        f"{report.changed:,} text(s) changed"
        + (f"; status {changes}" if changes else "")
        + (f"; {len(report.failed)} failed" if report.failed else "")
    )


def push_reclean(db: Database, outlet: str | None, settings: CurationSettings, redis_url: str, prefix: str) -> None:
    """--redis: the sources go to Redis (read here, nothing written); workers and ingest do the rest."""
    from corpus.demo.registry import registry_files
    from corpus.reclean import RegistryUnavailable, registry_overrides
    from corpus.redis_jobs import connect, push_job, reclean_sources, safe_url

    try:
        overrides = registry_overrides(registry_files())
    except RegistryUnavailable as exc:
        raise click.ClickException(str(exc))
    server = connect(redis_url)
    job_id, pushed = push_job(
        server, prefix, "reclean", reclean_sources(db, outlet, overrides), settings, outlet=outlet
    )
    if not pushed:
        click.echo("nothing to re-clean")
        return
    url = safe_url(redis_url)
    click.echo(
        f"reclean job {job_id}: {pushed:,} source(s) pushed to {url}; clean them with "
        f"`corpus work --redis {url}` (any number, any machine) and store them with "
        f"`corpus ingest --redis {url} --db {database_path_of(db)}`"
    )


def database_path_of(db: Database) -> str:
    from corpus.runs import database_path

    return str(database_path(db))
