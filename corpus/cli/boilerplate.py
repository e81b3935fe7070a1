"""`corpus boilerplate`: what was learned as an outlet's boilerplate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.options import curation_options, curation_settings, db_option

if TYPE_CHECKING:
    from sqlite_utils import Database


@cli.command("boilerplate")
@click.argument("outlet")
@click.option(
    "--min-pages",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Show lines seen on at least this many pages.",
)
@click.option(
    "--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Show at most this many lines (0: all)."
)
@curation_options
@db_option
def boilerplate_command(
    db: Database, outlet: str, min_pages: int, limit: int, config_file: Path | None, sets: tuple[str, ...]
) -> None:
    """List the lines learned as OUTLET's boilerplate: pages seen on, active?

    A short line seen on at least boilerplate_min_pages distinct pages of one
    outlet is active: it is removed from that outlet's documents (audit rule
    learned_boilerplate). The documents stored before it became active are
    re-cleaned at the end of the crawl, import or ingest that activated it.

    \b
    Example:
        corpus boilerplate demo_manara --db corpus.db
        corpus boilerplate demo_sada --min-pages 1 --limit 0
    """
    from corpus.curate.boilerplate import learned_lines
    from corpus.runs import database_path

    settings = curation_settings(database_path(db), config_file, sets)
    lines = learned_lines(db, outlet, settings, min_pages)
    if not lines:
        click.echo(f"{outlet}: nothing learned yet (no short line on {min_pages}+ of its pages)")
        return
    shown = lines if not limit else lines[:limit]
    click.echo(f"{'pages':>6}  active  line")
    for entry in shown:
        click.echo(f"{entry['pages']:>6}  {'yes' if entry['active'] else 'no ':<6}  {entry['line']}")
    active = sum(1 for entry in lines if entry["active"])
    click.echo(
        f"{outlet}: {len(lines)} line(s) counted, {active} active (threshold {settings.boilerplate_min_pages} pages)"
    )
