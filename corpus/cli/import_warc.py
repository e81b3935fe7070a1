"""`corpus import-warc`: build or extend the corpus from web archives (WARC files)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.crawl import parse_pairs
from corpus.cli.options import new_db_path_option, wait_option

if TYPE_CHECKING:
    from corpus.warc_import import ImportReport

OUTCOME_ORDER = ("new", "updated", "unchanged", "failed", "error")


def summary_lines(report: ImportReport) -> list[str]:
    """What was read and what became of it, in a few lines."""
    kinds = ", ".join(f"{kind} {n:,}" for kind, n in report.records.most_common() if kind != "unreadable")
    lines = [
        f"read {report.files} file(s): {report.records_read:,} records"
        + (f" ({kinds})" if kinds else "")
        + f" in {report.duration_s:.1f} s"
    ]
    outcomes = report.outcomes
    stored = ", ".join(f"{outcomes.get(k, 0):,} {k}" for k in OUTCOME_ORDER if k != "error" or outcomes.get(k))
    line = f"responses: {stored}"
    if report.failures:
        line += " (failed: " + ", ".join(f"{r} {n:,}" for r, n in report.failures.most_common()) + ")"
    skipped = [(k.split(":", 1)[1], n) for k, n in outcomes.most_common() if k.startswith("skipped:")]
    if skipped:
        line += "; skipped: " + ", ".join(f"{reason} {n:,}" for reason, n in skipped)
    lines.append(line)
    if report.outlets:
        lines.append("stored per outlet: " + ", ".join(f"{name} {n:,}" for name, n in report.outlets.most_common()))
    if report.problems:
        lines.append(f"{len(report.problems)} unreadable stretch(es), reported above")
    return lines


@cli.command("import-warc")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--registry",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Another outlets.toml: whose hosts are imported (default: the bundled and demo outlets).",
)
@click.option("--outlet", help="Put every HTML response under this outlet, whatever its host.")
@click.option(
    "--base-url",
    "base_urls",
    multiple=True,
    metavar="NAME=URL",
    help="Where a demo outlet was served when the archive was made, e.g. demo_sada=http://127.0.0.1:8001.",
)
@new_db_path_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON instead of the summary.")
@wait_option
def import_warc_command(
    paths: tuple[str, ...],
    registry: Path | None,
    outlet: str | None,
    base_urls: tuple[str, ...],
    db_path: str,
    as_json: bool,
    wait: bool,
) -> None:
    """Import the HTML pages of web archives: PATH is a .warc or .warc.gz file,
    a directory of them, or - for standard input.

    Each response record of an article page of a registry outlet (by host and
    article pattern; --outlet: every HTML response) is decoded, cleaned,
    curated and stored as a crawled page is, with its archive, record id,
    offset and WARC-Date kept in `pages`. Other records and pages are counted,
    redirects and HTTP errors stored as failed pages. A record cut short is
    reported with its file and offset and the rest is read. Importing the same
    archive again adds nothing. Exits non-zero only when nothing could be read.

    \b
    Example:
        corpus import-warc CC-NEWS-20240101120000-00000.warc.gz --db news.db
        corpus import-warc archives/ --registry my_outlets.toml
        zcat crawl.warc.gz | corpus import-warc - --outlet sada
    """
    from corpus.demo.registry import registry_files
    from corpus.locking import AlreadyRunning
    from corpus.registry import RegistryError, load_registry
    from corpus.runs import writer_lock
    from corpus.warc_import import import_warc
    from corpus.warc_read import WarcInputError, warc_sources

    bases = parse_pairs(base_urls, "--base-url")
    files = registry_files(registry)
    try:
        sources = warc_sources(paths)
        known = load_registry(files)
        unknown = [name for name in bases if name not in known]
        if unknown:
            raise click.ClickException(f"--base-url {unknown[0]}=...: no outlet {unknown[0]!r} in the registry")
        total = None if any(s.name == "-" for s in sources) else sum(s.size or 0 for s in sources)
    except (WarcInputError, RegistryError, OSError) as exc:
        raise click.ClickException(str(exc))

    def problem(line: str) -> None:
        click.echo(line, err=True)

    try:
        with writer_lock(db_path, "import-warc", wait=wait):
            if sys.stderr.isatty():  # a bar only on a terminal: logs and pipes get the summary alone
                with click.progressbar(
                    length=total, label="importing", file=sys.stderr, show_pos=False, item_show_func=lambda text: text
                ) as bar:
                    seen = {"records": 0}

                    def on_record(report: ImportReport) -> None:
                        seen["records"] = report.records_read
                        bar.update(0, f"{bar.pos:,} bytes, {seen['records']:,} records")

                    report = import_warc(
                        paths,
                        db_path,
                        registry=files,
                        outlet=outlet,
                        base_urls=bases,
                        on_bytes=lambda n: bar.update(n, f"{bar.pos + n:,} bytes, {seen['records']:,} records"),
                        on_record=on_record,
                        on_problem=problem,
                    )
            else:
                report = import_warc(paths, db_path, registry=files, outlet=outlet, base_urls=bases, on_problem=problem)
    except (WarcInputError, RegistryError, AlreadyRunning) as exc:
        raise click.ClickException(str(exc))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in summary_lines(report):
            click.echo(line)
    if report.records_read == 0:
        raise click.ClickException(f"nothing could be read from {', '.join(map(str, paths))}")
