"""A self-contained HTML report of corpus.db: the stats tables plus plots embedded as base64 PNG.

The plots (corpus/plots.py) draw outlet and rule names in Arabic, joined and right to left; this
module gathers their data with grouped queries (one row per outlet and period, not per document,
except the word counts the histogram needs) and writes the page.
"""

from __future__ import annotations

import base64
import html
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import sqlite_utils
from sqlite_utils import Database

from corpus.plots import (
    Plot,
    plot_cluster_sizes,
    plot_documents_per_period,
    plot_removals,
    plot_words_per_document,
)
from corpus.search import DocumentFilter
from corpus.stats import ALL_DOCUMENTS, CorpusStats, cluster_sizes, collect_stats

if TYPE_CHECKING:
    import numpy as np


@dataclass
class ReportResult:
    path: Path
    plots: list[str]


REPORT_STEPS = 7  # stats, five plots, the page: what a progress bar counts

# The first day of the period a published date falls in, in SQL: weeks start on Monday
# (SQLite's 'weekday 0' is the next Sunday, or the day itself), months on the 1st.
PERIOD_START_SQL = {
    "week": "date(substr(published, 1, 10), 'weekday 0', '-6 days')",
    "month": "substr(published, 1, 7) || '-01'",
}


def write_report(
    db: sqlite_utils.Database,
    out: Path,
    flt: DocumentFilter = ALL_DOCUMENTS,
    on_step: Callable[[], object] = lambda: None,
) -> ReportResult:
    """Collect, plot, write; calls on_step() after each of the REPORT_STEPS steps."""
    stats = collect_stats(db, flt)
    names = outlet_names(db, flt)
    on_step()
    plots: list[Plot] = []
    steps: tuple[Callable[[], Plot], ...] = (
        lambda: plot_documents_per_period(documents_per_period(db, flt, "week"), "week", names),
        lambda: plot_documents_per_period(documents_per_period(db, flt, "month"), "month", names),
        lambda: plot_words_per_document(word_counts(db, flt)),
        lambda: plot_removals(stats.removals),
        lambda: plot_cluster_sizes(cluster_sizes(db, flt)),
    )
    for make_plot in steps:
        plots.append(make_plot())
        on_step()
    write_atomically(Path(out), render_page(stats, plots, flt, names))
    on_step()
    return ReportResult(Path(out), [p.title for p in plots])


# --- data ---------------------------------------------------------------------------------------


def documents_per_period(db: Database, flt: DocumentFilter, period: str) -> dict[str, dict[date, int]]:
    """{outlet: {first day of the week or month: documents}} by published date."""
    where, params = flt.where()
    sql = f"""SELECT coalesce(outlet, '?'), {PERIOD_START_SQL[period]} AS start, count(*) FROM documents
              WHERE {where} AND published IS NOT NULL GROUP BY 1, 2"""
    counts: dict[str, dict[date, int]] = {}
    for outlet, start, count in db.execute(sql, params):
        try:
            counts.setdefault(outlet, {})[date.fromisoformat(start)] = count
        except (TypeError, ValueError):  # a malformed date is not worth failing the report over
            continue
    return counts


def outlet_names(db: Database, flt: DocumentFilter) -> dict[str, str]:
    """outlet → the name its pages give it most often (outlet_name), where they give one."""
    where, params = flt.where()
    sql = f"""SELECT outlet, outlet_name, count(*) AS n FROM documents
              WHERE {where} AND outlet IS NOT NULL AND outlet_name IS NOT NULL AND outlet_name != ''
              GROUP BY 1, 2 ORDER BY n"""
    return {outlet: name for outlet, name, _ in db.execute(sql, params)}  # the most frequent comes last


def word_counts(db: Database, flt: DocumentFilter) -> np.ndarray:
    import numpy as np

    where, params = flt.where()
    cursor = db.execute(f"SELECT word_count FROM documents WHERE {where} AND word_count IS NOT NULL", params)
    return np.fromiter((row[0] for row in cursor), dtype=np.int64)


# --- the page -----------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.8em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.5em 0; } img { max-width: 100%; }
.muted { color: #666; }
"""


def render_page(stats: CorpusStats, plots: list[Plot], flt: DocumentFilter, names: dict[str, str]) -> str:
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Corpus report</title>',
        f"<style>{STYLE}</style></head><body>",
        "<h1>Corpus report</h1>",
        f'<p class="muted">Generated {stamp}. {html.escape(describe_filter(flt))}</p>',
        summary_html(stats),
    ]
    for plot in plots:
        data = base64.b64encode(plot.png).decode("ascii")
        parts.append(
            f'<figure><img alt="{html.escape(plot.title)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(plot.title)}</figcaption></figure>"
        )
    parts.append(tables_html(stats, names))
    parts.append("</body></html>")
    return "\n".join(parts)


def describe_filter(flt: DocumentFilter) -> str:
    bits = []
    if flt.outlets:
        bits.append("outlets " + ", ".join(flt.outlets))
    if flt.since:
        bits.append(f"published since {flt.since}")
    if flt.until:
        bits.append(f"until {flt.until}")
    if flt.lang:
        bits.append(f"lang {flt.lang}")
    if flt.statuses:
        bits.append("status " + ", ".join(flt.statuses))
    if not flt.keep_duplicates:
        bits.append("duplicates left out")
    return ("Documents: " + "; ".join(bits) + ".") if bits else "All documents."


def summary_html(stats: CorpusStats) -> str:
    totals, dup = stats.totals, stats.duplicates
    return (
        f"<p><b>{totals.documents:,}</b> documents from <b>{len(stats.outlets):,}</b> outlets; "
        f"<b>{totals.by_status.get('ok', 0):,}</b> ok with <b>{totals.words:,}</b> words; "
        f"<b>{dup['duplicate_documents']:,}</b> duplicates in <b>{dup['clusters']:,}</b> clusters; "
        f"<b>{sum(r['removals'] for r in stats.removals):,}</b> pieces of boilerplate removed.</p>"
    )


def tables_html(stats: CorpusStats, names: dict[str, str]) -> str:
    headers = ["outlet", "name", *stats.statuses, "documents", "words (ok)"]
    rows = [
        [r.outlet, names.get(r.outlet), *(r.by_status.get(s, 0) for s in stats.statuses), r.documents, r.words]
        for r in stats.outlets
    ]
    parts = ["<h2>Documents per outlet and status</h2>", table_html(headers, rows)]
    parts += [
        "<h2>Removals per rule</h2>",
        table_html(
            ["rule", "removals", "documents", "chars"],
            [[r["rule"], r["removals"], r["documents"], r["chars"]] for r in stats.removals],
        ),
        "<h2>Last crawl per outlet</h2>",
        table_html(
            ["outlet", "started", "finished", "status", "seconds", "newest fetch"],
            [
                [c["outlet"], c["started_at"], c["finished_at"], c["status"], c["duration_s"], c["last_fetched_at"]]
                for c in stats.crawls
            ],
        ),
    ]
    return "\n".join(parts)


def table_html(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return '<p class="muted">none</p>'

    def cell(value: object) -> str:
        if isinstance(value, (int, float)):
            return f'<td class="n">{value:,}</td>'
        return f'<td dir="auto">{html.escape("-" if value is None else str(value))}</td>'

    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename: a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
