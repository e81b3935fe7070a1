"""Options shared by every `corpus` subcommand, written once."""
from __future__ import annotations

import functools

import click

from corpus.store import DEFAULT_DB, open_db


def db_option(fn):
    """`--db PATH` (default corpus.db in the current directory); passes an open, migrated Database as `db`."""

    @click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="SQLite corpus database (created if missing).",
    )
    @functools.wraps(fn)
    def wrapper(*args, db_path, **kwargs):
        try:
            db = open_db(db_path)
        except Exception as exc:  # a clear one-line error, not a traceback
            raise click.ClickException(f"{db_path}: cannot open database: {exc}")
        return fn(*args, db=db, **kwargs)

    return wrapper


def outlet_filter_options(fn):
    """Filters shared by export, search and stats."""
    fn = click.option("--outlet", "outlets", multiple=True, help="Only these outlets (repeatable).")(fn)
    fn = click.option("--since", help="Published on or after this date (YYYY-MM-DD).")(fn)
    fn = click.option("--until", help="Published on or before this date (YYYY-MM-DD).")(fn)
    fn = click.option("--lang", help="Only this language code, e.g. ar.")(fn)
    return fn
