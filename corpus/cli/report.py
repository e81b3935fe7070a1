"""`corpus report`: one self-contained HTML page with the stats and plots."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.options import db_option, outlet_filter_options
from corpus.cli.search import document_filter, selection_options

if TYPE_CHECKING:
    from sqlite_utils import Database


@cli.command("report")
@click.option(
    "--out",
    "out_path",
    default="report.html",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.",
)
@outlet_filter_options
@selection_options(default_statuses=("all",), keep_duplicates=True)
@db_option
def report_command(
    db: Database,
    out_path: Path,
    outlets: tuple[str, ...],
    since: str | None,
    until: str | None,
    lang: str | None,
    statuses: tuple[str, ...],
    keep_duplicates: bool,
) -> None:
    """Write an HTML report: documents per outlet per week and month, words per document, removals, duplicates.

    The page embeds its plots (PNG, base64), so it can be mailed or archived as one file.

    \b
    Example:
        corpus report --out report.html
        corpus report --out sada.html --outlet demo_sada --status ok
    """
    from corpus.report import REPORT_STEPS, write_report

    flt = document_filter(outlets, since, until, lang, statuses, keep_duplicates)
    with click.progressbar(length=REPORT_STEPS, label="building the report", file=sys.stderr) as bar:
        try:
            result = write_report(db, out_path, flt, on_step=lambda: bar.update(1))
        except OSError as exc:
            raise click.ClickException(f"{exc.filename or out_path}: cannot write the report: {exc.strerror or exc}")
    click.echo(f"wrote {result.path} ({len(result.plots)} plots)")
