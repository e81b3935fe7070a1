"""The reading room: a Datasette plugin that makes corpus.db readable in Arabic.

Loaded with `--plugins-dir` (corpus serve passes it). What it does, each driven by the database's
"corpus-reading-room" plugin settings in metadata.json, so a curator changes columns there, not here:
- text cells carry dir="auto": the browser lays Arabic right-to-left (punctuation on the correct side)
  and Latin left-to-right, cell by cell;
- machinery columns are left out of the table and row pages (templates read `skip_columns`);
- document ids in removals, duplicate_of and query results link to the document's row page;
- SQL functions `corpus_match(q)` and `corpus_snippet(text, q)` give canned queries the same
  Arabic-aware matching (folding, clitics) and snippets as `corpus search`, so they rank by bm25;
- a "month" facet type: documents per month of a date column (`{"month": "published"}`).
"""

from __future__ import annotations

import re
import sqlite3
import urllib.parse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.app import Datasette
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args, urlsafe_components
from datasette.utils.asgi import Request, Response
from markupsafe import Markup, escape

from corpus.search import fts_match, make_snippet, snippet_terms

PLUGIN = "corpus-reading-room"
CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "reading-room.css"
CSS_URL = "/-/reading-room.css"
DOCUMENT_ID = re.compile(r"[0-9a-f]{16}")
NOTHING = '""'  # an FTS5 expression that matches no row: an empty query finds nothing, without an error
MARK_OPEN, MARK_CLOSE = "[", "]"  # how corpus_snippet marks a match (JSON readers see the brackets)


def settings(datasette: Datasette, database: str | None) -> dict[str, Any]:
    if not database:
        return {}
    config: dict[str, Any] = datasette.plugin_config(PLUGIN, database=database) or {}
    return config


def table_settings(datasette: Datasette, database: str | None, table: str | None) -> dict[str, Any]:
    """The settings of one table, or of the canned queries when table is None."""
    config = settings(datasette, database)
    found: dict[str, Any] = config.get("queries", {}) if table is None else config.get("tables", {}).get(table, {})
    return found


# --- SQL functions ------------------------------------------------------------------------------


def corpus_match(query: object) -> str:
    """The FTS5 MATCH expression `corpus search` uses for a query (folded, clitic forms OR-ed)."""
    try:
        return fts_match(str(query or ""))
    except ValueError:
        return NOTHING


def corpus_snippet(text: str | None, query: object) -> str:
    """About 24 words of the text around the query's first match, matches [bracketed]."""
    if not text:
        return ""
    segments = make_snippet(text, snippet_terms(str(query or "")))
    return "".join(f"{MARK_OPEN}{s}{MARK_CLOSE}" if hit else s for s, hit in segments)


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("corpus_match", 1, corpus_match, deterministic=True)
    conn.create_function("corpus_snippet", 2, corpus_snippet, deterministic=True)


# --- cells --------------------------------------------------------------------------------------


def truncated(text: str, limit: int) -> str:
    return text if not limit or len(text) <= limit else text[:limit] + "…"


def marked(snippet: str) -> Markup:
    """[match] → <mark>match</mark>, everything else escaped."""
    parts = re.split(r"\[([^\[\]]*)\]", snippet)
    return Markup("").join(Markup("<mark>{}</mark>").format(p) if i % 2 else escape(p) for i, p in enumerate(parts))


@hookimpl
def render_cell(value: object, column: str, table: str | None, database: str, datasette: Datasette) -> Markup | None:
    config = table_settings(datasette, database, table)
    if not config or not isinstance(value, str) or not value:
        return None
    if column in config.get("document_links", ()) and DOCUMENT_ID.fullmatch(value):
        href = datasette.urls.row(database, "documents", value)
        return Markup('<a href="{}">{}</a>').format(href, value)
    if column in config.get("marked_columns", ()):
        return Markup('<div dir="auto" class="corpus-text">{}</div>').format(marked(value))
    if column in config.get("text_columns", ()):
        limit = int(datasette.setting("truncate_cells_html") or 0)
        return Markup('<div dir="auto" class="corpus-text">{}</div>').format(truncated(value, limit))
    return None


def with_args(path: str, **args: str) -> str:
    return f"{path}?{urllib.parse.urlencode(args)}"


# --- pages --------------------------------------------------------------------------------------


@hookimpl
def extra_css_urls(database: str | None) -> list[str]:
    return [CSS_URL]


@hookimpl
def register_routes() -> list[tuple[str, Callable[[], Awaitable[Response]]]]:
    async def stylesheet() -> Response:
        return Response(
            CSS_PATH.read_text(encoding="utf-8"),
            content_type="text/css; charset=utf-8",
            headers={"Cache-Control": "max-age=300"},
        )

    return [(r"^/-/reading-room\.css$", stylesheet)]


@hookimpl
def extra_template_vars(
    view_name: str, database: str | None, table: str | None, datasette: Datasette, request: Request | None
) -> Callable[[], Awaitable[dict[str, Any]]]:
    config = table_settings(datasette, database, table) if table else {}
    hidden = list(config.get("hidden_columns", ()))
    skip = hidden + list(config.get("listing_hidden_columns", ())) if view_name == "table" else hidden

    async def variables() -> dict[str, Any]:
        found: dict[str, Any] = {
            "skip_columns": skip,
            "machinery_columns": hidden,
            "text_columns": list(config.get("text_columns", ())),
            "reading_room": bool(config.get("reading_page")) and view_name == "row",
            "ranked_search_url": None,
            "removal_count": None,
        }
        if view_name == "table" and table and config.get("ranked_search"):
            query = request.args.get("_search") if request else None
            if query:
                found["ranked_search_url"] = with_args(datasette.urls.query(database, config["ranked_search"]), q=query)
        if view_name == "table" and table and hidden:  # the filter menus offer no machinery column
            columns = await datasette.get_database(database).table_columns(table)
            found["filter_columns"] = [c for c in columns if c not in hidden]
        if found["reading_room"] and request:
            doc_id = urlsafe_components(request.url_vars.get("pks", ""))[0]
            rows = await datasette.get_database(database).execute(
                "select count(*) from removals where document_id = ?", [doc_id]
            )
            found["removal_count"] = rows.first()[0]
            found["removals_url"] = with_args(datasette.urls.table(database, "removals"), document_id=doc_id)
        return found

    return variables


# --- the month facet ----------------------------------------------------------------------------


class MonthFacet(Facet):
    """Rows per month (YYYY-MM) of an ISO 8601 date column, newest month first; a click filters
    with `column__startswith=YYYY-MM`."""

    type = "month"

    async def suggest(self) -> list[dict[str, Any]]:
        return []

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            sql = f"""select substr({escape_sqlite(column)}, 1, 7) as value, count(*) as count
                      from ({self.sql}) where {escape_sqlite(column)} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
                      group by value order by value desc limit {size + 1}"""
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:  # the facet is skipped, the page stays
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values: list[dict[str, Any]] = []
            for row in rows.rows[:size]:
                selected = args.get(key) == row["value"]
                toggle = (
                    path_with_removed_args(self.request, {key: row["value"]})
                    if selected
                    else path_with_added_args(self.request, {key: row["value"]})
                )
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, toggle),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {"_facet_month": column}),
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [MonthFacet]
