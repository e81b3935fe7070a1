"""`corpus import-text`: store a folder of extracted .txt files as documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.options import curation_options, curation_settings, wait_option, writer_db_option

if TYPE_CHECKING:
    from sqlite_utils import Database

    from corpus.curate import CurationSettings


@cli.command("import-text")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--outlet", required=True, help="Outlet name the documents are stored under.")
@wait_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes that read, clean and measure the files (default: every core; the database keeps one writer).",
)
@click.option(
    "--from-start",
    is_flag=True,
    help="Import every file even if an interrupted import of this folder left off halfway.",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="Push the files to this Redis for `corpus work` and `corpus ingest` instead of importing here.",
)
@click.option("--prefix", default="corpus", show_default=True, help="Redis key prefix (with --redis).")
@curation_options
@writer_db_option(open_database=True)
def import_text_command(
    db: Database,
    folder: Path,
    outlet: str,
    wait: bool,
    workers: int | None,
    from_start: bool,
    redis_url: str | None,
    prefix: str,
    config_file: Path | None,
    sets: tuple[str, ...],
) -> None:
    """Clean and store every .txt file of FOLDER (the raw seed shape).

    A file named NNN_<16 hex>.txt keeps its id and its number NNN (export in
    that order writes the same file names back); other files get an id from
    their content. Documents are curated like crawled ones (origin "import").
    An import that was interrupted (killed, Ctrl-C) is resumed by the next
    import of the same folder and outlet, after the last file it finished.

    \b
    Example:
        corpus import-text seeds/raw --outlet seeds --db corpus.db
        corpus import-text seeds/raw --outlet seeds --from-start
        corpus import-text seeds/raw --outlet seeds --redis redis://queue-host:6379/0
    """
    from corpus.demo.registry import registry_files
    from corpus.importer import import_text, text_files
    from corpus.reclean import RegistryUnavailable
    from corpus.workers import default_workers

    total = len(text_files(folder))
    if not total:
        click.echo(f"{folder}: no .txt files to import")
        return
    from corpus.locking import AlreadyRunning
    from corpus.runs import database_path, writer_lock

    settings = curation_settings(database_path(db), config_file, sets)
    if redis_url:
        return push_import(folder, outlet, settings, redis_url, prefix, database_path(db))

    from corpus.import_runs import ImportRun, resume_point

    try:
        with writer_lock(database_path(db), "import-text", wait=wait):
            files = text_files(folder)
            resume = None if from_start else resume_point(db, folder, outlet)
            if resume:
                files = resume.remaining(files)
                click.echo(
                    f"{folder}: resuming import run {resume.run_id} after {resume.last_file} "
                    f"({total - len(files):,} of {total:,} files already done)",
                    err=True,
                )
            run = ImportRun(db, folder, outlet, len(files), resume)
            try:
                with click.progressbar(
                    length=len(files), label=f"importing {len(files):,} files", file=sys.stderr
                ) as bar:
                    report = import_text(
                        db,
                        folder,
                        outlet,
                        settings=settings,
                        progress=bar.update,
                        workers=workers or default_workers(),
                        files=files,
                        done=run.file_done,
                        registry=registry_files(),
                    )
            except KeyboardInterrupt:
                run.finish("interrupted")
                raise
            except BaseException:
                run.finish("failed")
                raise
            run.finish()
    except (RegistryUnavailable, AlreadyRunning) as exc:
        raise click.ClickException(str(exc))
    for path, reason in report.failed:
        click.echo(f"{path}: not imported: {reason}", err=True)
    statuses = ", ".join(f"{status} {n}" for status, n in sorted(report.by_status.items()))
    click.echo(
        f"imported {report.imported:,} file(s) from {folder} as {outlet}" + (f" ({statuses})" if statuses else "")
    )
    if report.boilerplate_recleaned:
        click.echo(
            f"re-cleaned {report.boilerplate_recleaned:,} earlier document(s): a line of theirs became "
            f"learned boilerplate (corpus boilerplate {outlet})"
        )
    if report.failed and not report.imported:
        raise click.ClickException(f"{folder}: none of {len(report.failed)} file(s) could be imported")


def push_import(
    folder: Path, outlet: str, settings: CurationSettings, redis_url: str, prefix: str, db_path: str | Path
) -> None:
    """--redis: every file's name and bytes go to Redis; workers clean them, ingest stores them in name order."""
    from corpus.demo.registry import registry_files
    from corpus.import_runs import folder_key
    from corpus.importer import text_files
    from corpus.reclean import RegistryUnavailable, registry_overrides
    from corpus.redis_jobs import connect, import_sources, push_job, safe_url

    try:
        cleaning = registry_overrides(registry_files()).get(outlet)
    except RegistryUnavailable as exc:
        raise click.ClickException(str(exc))
    server = connect(redis_url)
    files = text_files(folder)
    job_id, pushed = push_job(
        server,
        prefix,
        "import",
        import_sources(files, cleaning),
        settings,
        outlet=outlet,
        folder=folder_key(folder),
        files=len(files),
    )
    url = safe_url(redis_url)
    click.echo(
        f"import job {job_id}: {pushed:,} file(s) of {folder} pushed to {url}; clean them with "
        f"`corpus work --redis {url}` (any number, any machine) and store them with "
        f"`corpus ingest --redis {url} --db {db_path}`"
    )
