"""`corpus stats`: what is in the database, as tables on stdout (or JSON)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.options import db_option, outlet_filter_options
from corpus.cli.search import document_filter, selection_options
from corpus.stats import collect_stats, render_stats

if TYPE_CHECKING:
    from sqlite_utils import Database


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as one JSON object.")
@outlet_filter_options
@selection_options(default_statuses=("all",), keep_duplicates=True)
@db_option
def stats_command(
    db: Database,
    as_json: bool,
    outlets: tuple[str, ...],
    since: str | None,
    until: str | None,
    lang: str | None,
    statuses: tuple[str, ...],
    keep_duplicates: bool,
) -> None:
    """Documents per outlet and status, words, duplicates, removals per rule, last crawls.

    Counts every document unless filtered ("words" counts status ok only).

    \b
    Example:
        corpus stats
        corpus stats --outlet demo_sada --since 2024-01-01 --json
    """
    stats = collect_stats(db, document_filter(outlets, since, until, lang, statuses, keep_duplicates))
    if as_json:
        click.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_stats(stats))
