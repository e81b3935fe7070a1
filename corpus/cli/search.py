"""`corpus search` (Arabic-aware full-text search) and `corpus serve` (the corpus in Datasette).

Also the document-selection options that search, export, stats and report share beyond the outlet
filters in options.py: --status and --keep-duplicates, and the DocumentFilter built from them.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.options import Command, db_option, outlet_filter_options
from corpus.search import (
    COUNT_AT_MOST,
    QUERY_TIME_LIMIT_S,
    RANK_WINDOW,
    DocumentFilter,
    Hit,
    QueryBoundExceeded,
    count_matches,
    ranked_search,
    time_limit,
)
from corpus.search_index import index_unindexed, rebuild_index, record_fingerprint

if TYPE_CHECKING:
    from sqlite_utils import Database


def selection_options(default_statuses: tuple[str, ...], keep_duplicates: bool = False) -> Callable[[Command], Command]:
    """--status (repeatable, 'all' for any) and --keep-duplicates, with per-command defaults."""

    def decorate(fn: Command) -> Command:
        fn = click.option(
            "--keep-duplicates/--skip-duplicates",
            default=keep_duplicates,
            show_default=True,
            help="Keep documents marked duplicate_of another (default skips them: one per duplicate cluster).",
        )(fn)
        fn = click.option(
            "--status",
            "statuses",
            multiple=True,
            default=default_statuses,
            show_default=True,
            help="Only documents with this status (repeatable); 'all' for any status.",
        )(fn)
        return fn

    return decorate


def document_filter(
    outlets: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    statuses: Iterable[str] = ("ok",),
    keep_duplicates: bool = False,
) -> DocumentFilter:
    """The DocumentFilter for the shared options; bad values become a one-line usage error."""
    chosen = tuple(statuses)
    try:
        return DocumentFilter(tuple(outlets), since, until, lang, () if "all" in chosen else chosen, keep_duplicates)
    except ValueError as exc:
        raise click.UsageError(str(exc))


def database_path(db: Database) -> Path:
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


@cli.command("search")
@click.argument("query", nargs=-1)
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1), help="Show at most N hits.")
@click.option("--raw", is_flag=True, help='Pass FTS5 query syntax through (OR, NOT, NEAR, "phrases", prefix*).')
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit (snippet matches in [brackets]).")
@click.option(
    "--max-count",
    default=COUNT_AT_MOST,
    show_default=True,
    type=click.IntRange(1),
    help='Count matches up to N; beyond that say "more than N" (counting every match of a common word is slow).',
)
@click.option(
    "--rank-all",
    is_flag=True,
    help=f"Rank every match by bm25 (default: the newest {RANK_WINDOW:,} matches; slow for a common word in a large corpus).",
)
@click.option(
    "--time-limit",
    "time_limit_s",
    default=QUERY_TIME_LIMIT_S,
    show_default=True,
    type=click.FloatRange(0),
    help="Stop a query that runs longer than this many seconds (0: no limit).",
)
@click.option("--reindex", is_flag=True, help="Rebuild documents_fts from every title and text, then exit.")
@outlet_filter_options
@selection_options(default_statuses=("ok",))
@db_option
def search_command(
    db: Database,
    query: tuple[str, ...],
    limit: int,
    raw: bool,
    as_json: bool,
    max_count: int,
    rank_all: bool,
    time_limit_s: float,
    reindex: bool,
    outlets: tuple[str, ...],
    since: str | None,
    until: str | None,
    lang: str | None,
    statuses: tuple[str, ...],
    keep_duplicates: bool,
) -> None:
    """Full-text search that ignores diacritics and spelling variants.

    The query is folded like the index: diacritics, tatweel and invisible marks
    are dropped, أ إ آ ٱ → ا, ى → ي, ة → ه. So "اتفاقيه" finds "اتفاقية" and
    "إتفاقية", and "محمد" finds "مُحمّد". All words must occur; end a word with *
    for a prefix search. Hits are ranked by bm25, each with a snippet of the
    original text, matches [bracketed] (highlighted on a terminal). Only the
    newest 2,000 matching documents are ranked (the rest is older; --rank-all
    ranks every match), so a common word answers as fast in a million
    documents as in ten thousand.

    \b
    Example:
        corpus search اتفاقية التعاون --outlet demo_sada --since 2024-01-01 --limit 5
        corpus search --raw 'بيلاروس OR مينسك' --json
    """
    if reindex:
        total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        with click.progressbar(length=total, label="reindexing", file=sys.stderr) as bar, db.conn:
            count = rebuild_index(db, on_batch=lambda done, total: bar.update(done - bar.pos))
            record_fingerprint(db)
        click.echo(f"reindexed {count:,} documents")
        return
    text = " ".join(query)
    if not text.strip():
        raise click.UsageError("give a query, e.g. corpus search اتفاقية")
    flt = document_filter(outlets, since, until, lang, statuses, keep_duplicates)
    try:
        index_unindexed(db)  # rows appended by code that bypassed save_document
    except sqlite3.OperationalError:  # a read-only database: search what is indexed
        pass
    try:
        with time_limit(db, time_limit_s, what=f"query {shorten(text)!r}"):
            ranked = ranked_search(db, text, flt, limit, raw, None if rank_all else RANK_WINDOW)
            total = count_matches(db, text, flt, raw, at_most=max_count)
    except QueryBoundExceeded as exc:  # too long, too many words, too slow: one line, exit 1
        raise click.ClickException(str(exc))
    except ValueError as exc:  # empty after folding
        raise click.UsageError(str(exc))
    except Exception as exc:  # sqlite3.OperationalError: FTS5 syntax error in --raw mode
        raise click.ClickException(f"query {shorten(text)!r}: {exc}")
    hits = ranked.hits
    if as_json:
        for hit in hits:
            record = {k: getattr(hit, k) for k in ("id", "title", "outlet", "published", "url", "score")}
            click.echo(json.dumps({**record, "snippet": hit.snippet_text()}, ensure_ascii=False))
        return
    print_hits(text, total, hits, at_most=max_count, window=RANK_WINDOW if ranked.window_full else None)


def shorten(query: str, at_most: int = 60) -> str:
    """The query as an error line quotes it: a 10,000-word query must not make a 10,000-word line."""
    return query if len(query) <= at_most else query[:at_most] + "…"


def print_hits(query: str, total: int, hits: list[Hit], at_most: int, window: int | None = None) -> None:
    """window: the number of newest matches ranked, when older matches were left unranked."""
    counted = f"more than {at_most:,} documents" if total > at_most else f"{total:,} document(s)"
    among = f" of the newest {window:,} (--rank-all ranks every match)" if window else ""
    click.echo(f"{counted} match {query!r}" + (f", best {len(hits)}{among}:" if hits else "."))
    mark = highlighter()
    for rank, hit in enumerate(hits, 1):
        click.echo(f"\n{rank}. {hit.title or '(untitled)'}")
        click.echo(
            f"   {hit.outlet or '?'} · {(hit.published or '')[:10] or 'undated'} · {hit.id} · bm25 {hit.score:.3g}"
        )
        if hit.url:
            click.echo(f"   {hit.url}")
        click.echo(f"   {hit.snippet_text(mark)}")


def highlighter() -> Callable[[str], str]:
    """Bold colour on a terminal; [brackets] when piped, so matches stay visible in files."""
    if sys.stdout.isatty():
        return lambda s: click.style(s, fg="yellow", bold=True)
    return lambda s: f"[{s}]"


def print_metadata_path(ctx: click.Context) -> None:
    from corpus.datasette import METADATA_PATH

    click.echo(str(METADATA_PATH))
    ctx.exit()


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one)."
)
@click.option(
    "--metadata-path",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _, value: print_metadata_path(ctx) if value else None,
    help="Print the path of the packaged metadata.json and exit (no database needed).",
)
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
@db_option
def serve_command(db: Database, host: str, port: int, datasette_args: tuple[str, ...]) -> None:
    """Browse, facet and search the corpus in Datasette.

    Runs `datasette serve` on the database with the packaged metadata (table
    descriptions, facets by outlet/lang/status, the search box on documents_fts).
    Anything after -- goes to datasette unchanged.

    \b
    Example:
        corpus serve --db corpus.db --port 8002
        corpus serve -- --open
        datasette corpus.db --metadata "$(corpus serve --metadata-path)"
    """
    from datasette.cli import cli as datasette_cli

    from corpus.cli.ports import require_free_port
    from corpus.datasette import METADATA_PATH, PACKAGED_DATABASE, metadata_for, serve_args

    db_file = database_path(db)
    require_free_port(host, port)
    try:
        index_unindexed(db)
    except sqlite3.OperationalError:  # read-only: serve what is indexed
        pass
    db.close()
    with tempfile.TemporaryDirectory() as tmp:
        metadata_file = METADATA_PATH
        if db_file.stem != PACKAGED_DATABASE:  # Datasette finds metadata by database name
            metadata_file = Path(tmp) / "metadata.json"
            metadata_file.write_text(json.dumps(metadata_for(db_file.stem), ensure_ascii=False), encoding="utf-8")
        click.echo(f"serving {db_file} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
        # In-process, so Ctrl-C and SIGTERM reach uvicorn directly and no server is left orphaned.
        datasette_cli.main(
            serve_args(db_file, metadata_file, host, port, datasette_args), prog_name="datasette", standalone_mode=False
        )
