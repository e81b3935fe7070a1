"""The `corpus` command: a thin click layer over the library.

Each subcommand lives in its own module here and registers itself on `cli`.
"""

from __future__ import annotations

import importlib
import sqlite3
from typing import Any

import click

from corpus.errors import CorpusError


class CorpusGroup(click.Group):
    """The one error boundary: a CorpusError (or a database/file error) becomes one line and exit 1;
    `corpus --debug ...` lets the traceback through instead."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (CorpusError, sqlite3.DatabaseError, OSError) as exc:
            if ctx.meta.get("corpus.debug"):
                raise
            raise click.ClickException(one_line(exc)) from None


def one_line(exc: BaseException) -> str:
    if isinstance(exc, sqlite3.DatabaseError):
        return f"database error: {exc}"
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return " ".join(str(exc).split()) or type(exc).__name__


def remember_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["corpus.debug"] = value
    return value


@click.group(cls=CorpusGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="arabic-news-corpus")
@click.option(
    "--debug",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=remember_debug,
    help="Show the full traceback of an error instead of one line.",
)
def cli() -> None:
    """Crawl Arabic news outlets, clean and curate the text, export a corpus.

    \b
    Example:
        corpus demo
        corpus export --format txt --out out/txt
        corpus --debug stats      # an error shows its traceback
    """


# Command modules, in the order they appear in --help. A module missing here is a bug, not an option.
COMMAND_MODULES = [
    "demo",
    "crawl",
    "ingest",
    "work",
    "import_warc",
    "outlets",
    "schedule",
    "clean",
    "reclean",
    "import_text",
    "boilerplate",
    "search",
    "export",
    "stats",
    "report",
]

for _name in COMMAND_MODULES:
    importlib.import_module(f"corpus.cli.{_name}")
