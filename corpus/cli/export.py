"""`corpus export`: documents out as .txt files (+ manifest.csv), JSON Lines or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.options import db_option, outlet_filter_options
from corpus.cli.search import document_filter, selection_options
from corpus.export import FORMATS, ExportError, ExportOptions, export_documents

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar
    from sqlite_utils import Database


def progress_bar(total: int) -> ProgressBar[int]:
    """On stderr, so stdout stays clean for the summary line."""
    return click.progressbar(length=total, label=f"exporting {total:,} documents", file=sys.stderr)


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="txt",
    show_default=True,
    help="txt: NNN_<id>.txt per document; jsonl: documents.jsonl; parquet: documents.parquet.",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Export folder; an earlier export there is replaced as a whole.",
)
@outlet_filter_options
@selection_options(default_statuses=("ok",))
@db_option
def export_command(
    db: Database,
    fmt: str,
    out_dir: Path,
    outlets: tuple[str, ...],
    since: str | None,
    until: str | None,
    lang: str | None,
    statuses: tuple[str, ...],
    keep_duplicates: bool,
) -> None:
    """Export the corpus, in a stable order, with a manifest.csv.

    Every format writes manifest.csv (file, id, url, outlet, title, published).
    Text files hold documents.text exactly: title line, paragraphs separated by
    one blank line, UTF-8, no trailing newline. Order: seq if the corpus has it,
    else published date, then id. The new export replaces the old one in one
    step; a folder that is not an earlier export is never touched.

    \b
    Example:
        corpus export --format txt --out out/txt
        corpus export --format parquet --out out/parquet --outlet demo_sada --since 2024-01-01
        corpus export --format jsonl --out out/all --status all --keep-duplicates
    """
    options = ExportOptions(fmt, out_dir, document_filter(outlets, since, until, lang, statuses, keep_duplicates))
    try:
        result = export_documents(db, options, progress=progress_bar)
    except ExportError as exc:
        raise click.ClickException(str(exc))
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or out_dir}: cannot write the export: {exc.strerror or exc}")
    click.echo(f"exported {result.documents:,} document(s) as {fmt} to {result.out_dir}")
