"""A self-contained HTML report of corpus.db: the stats tables plus plots embedded as base64 PNG.

Plots use matplotlib's Agg canvas through Figure objects (no pyplot global state, no display).
Matplotlib neither shapes nor orders Arabic (letters come out isolated, left to right), so axes
and legends carry ASCII names only: a non-ASCII outlet or rule name becomes "outlet 1", "rule 2",
... and the page lists what each stands for, where the browser renders the Arabic properly.
"""
from __future__ import annotations

import base64
import html
import io
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import sqlite_utils

from corpus.search import DocumentFilter
from corpus.stats import ALL_DOCUMENTS, CorpusStats, cluster_sizes, collect_stats

TOP_OUTLETS = 10  # more outlets than this are summed as "other" in the per-day plot
TOP_RULES = 20


@dataclass
class AsciiLabels:
    """Stable ASCII stand-ins for names matplotlib cannot draw."""

    kind: str
    stand_ins: dict[str, str] = field(default_factory=dict)

    def __call__(self, name: str) -> str:
        if name and name.isascii():
            return name
        if name not in self.stand_ins:
            self.stand_ins[name] = f"{self.kind} {len(self.stand_ins) + 1}"
        return self.stand_ins[name]


@dataclass
class Plot:
    title: str
    png: bytes


@dataclass
class ReportResult:
    path: Path
    plots: list[str]


REPORT_STEPS = 6  # stats, four plots, the page: what a progress bar counts


def write_report(
    db: sqlite_utils.Database, out: Path, flt: DocumentFilter = ALL_DOCUMENTS, on_step=lambda: None
) -> ReportResult:
    """Collect, plot, write; calls on_step() after each of the REPORT_STEPS steps."""
    outlet_labels, rule_labels = AsciiLabels("outlet"), AsciiLabels("rule")
    stats = collect_stats(db, flt)
    on_step()
    plots = []
    for make_plot in (
        lambda: plot_documents_per_day(documents_per_day(db, flt), outlet_labels),
        lambda: plot_text_lengths(word_counts(db, flt)),
        lambda: plot_removals(stats.removals, rule_labels),
        lambda: plot_cluster_sizes(cluster_sizes(db, flt)),
    ):
        plots.append(make_plot())
        on_step()
    write_atomically(Path(out), render_page(stats, plots, flt, [outlet_labels, rule_labels]))
    on_step()
    return ReportResult(Path(out), [p.title for p in plots])


# --- data ---------------------------------------------------------------------------------------


def documents_per_day(db, flt: DocumentFilter) -> dict[str, dict[date, int]]:
    where, params = flt.where()
    sql = f"""SELECT coalesce(outlet, '?'), substr(published, 1, 10), count(*) FROM documents
              WHERE {where} AND published IS NOT NULL GROUP BY 1, 2"""
    days: dict[str, dict[date, int]] = {}
    for outlet, day, count in db.execute(sql, params):
        try:
            days.setdefault(outlet, {})[date.fromisoformat(day)] = count
        except ValueError:  # a malformed date is not worth failing the report over
            continue
    return days


def word_counts(db, flt: DocumentFilter):
    import numpy as np

    where, params = flt.where()
    cursor = db.execute(f"SELECT word_count FROM documents WHERE {where} AND word_count IS NOT NULL", params)
    return np.fromiter((row[0] for row in cursor), dtype=np.int64)


# --- plots --------------------------------------------------------------------------------------


def new_figure(width=9.0, height=4.0):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def to_png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def no_data(ax, message="no data") -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=14, color="gray")
    ax.set_xticks([])
    ax.set_yticks([])


def whole_numbers(axis) -> None:
    """Counts: no 0.25-document ticks."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def day_axis(ax, days: list[date]) -> None:
    """Ticks on whole days (never "03-01 12:00"), labelled concisely whatever the span."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, DayLocator

    locator = DayLocator() if (days[-1] - days[0]).days <= 14 else AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def plot_documents_per_day(days: dict[str, dict[date, int]], label: AsciiLabels) -> Plot:
    title = "Documents per outlet per day (by published date)"
    fig, ax = new_figure()
    if not days:
        no_data(ax, "no dated documents")
    else:
        ranked = sorted(days, key=lambda o: -sum(days[o].values()))
        series = {o: days[o] for o in ranked[:TOP_OUTLETS]}
        if len(ranked) > TOP_OUTLETS:
            other: dict[date, int] = {}
            for outlet in ranked[TOP_OUTLETS:]:
                for day, n in days[outlet].items():
                    other[day] = other.get(day, 0) + n
            series["other"] = other
        all_days = sorted({d for counts in series.values() for d in counts})
        bottom = [0] * len(all_days)
        for outlet, counts in series.items():  # stacked bars: the day's total stays readable
            heights = [counts.get(d, 0) for d in all_days]
            ax.bar(all_days, heights, bottom=bottom, label=label(outlet) if outlet != "other" else "other", width=0.8)
            bottom = [b + h for b, h in zip(bottom, heights)]
        ax.set_ylabel("documents")
        ax.legend(fontsize="small", ncols=2)
        day_axis(ax, all_days)
        whole_numbers(ax.yaxis)
    ax.set_title(title)
    return Plot(title, to_png(fig))


def plot_text_lengths(counts) -> Plot:
    title = "Text length distribution (words per document)"
    fig, ax = new_figure()
    if len(counts) == 0:
        no_data(ax)
    else:
        import numpy as np

        cap = max(int(np.percentile(counts, 99)), 1)  # a few giant pages would squash the histogram
        ax.hist(np.minimum(counts, cap), bins=40, color="#4477aa")
        ax.set_xlabel(f"words (longer than {cap:,} counted in the last bar)" if counts.max() > cap else "words")
        ax.set_ylabel("documents")
        whole_numbers(ax.yaxis)
        ax.axvline(float(np.median(counts)), color="#cc6677", linestyle="--", label=f"median {int(np.median(counts)):,}")
        ax.legend()
    ax.set_title(title)
    return Plot(title, to_png(fig))


def plot_removals(removals: list[dict], label: AsciiLabels) -> Plot:
    title = "Removals per cleaning rule"
    top = removals[:TOP_RULES]
    fig, ax = new_figure(height=max(3.0, 0.35 * len(top) + 1.2))
    if not top:
        no_data(ax, "no removals recorded")
    else:
        names = [label(r["rule"]) for r in reversed(top)]  # biggest at the top
        ax.barh(names, [r["removals"] for r in reversed(top)], color="#228833")
        ax.set_xlabel("pieces of text removed" + (f" (top {TOP_RULES} rules)" if len(removals) > TOP_RULES else ""))
        whole_numbers(ax.xaxis)
    ax.set_title(title)
    return Plot(title, to_png(fig))


def plot_cluster_sizes(sizes: dict[int, int]) -> Plot:
    title = "Duplicate clusters by size"
    fig, ax = new_figure()
    if not sizes:
        no_data(ax, "no duplicate clusters")
    else:
        ax.bar([str(s) for s in sizes], list(sizes.values()), color="#aa3377")
        ax.set_xlabel("documents in the cluster")
        ax.set_ylabel("clusters")
        whole_numbers(ax.yaxis)
    ax.set_title(title)
    return Plot(title, to_png(fig))


# --- the page -----------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.8em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.5em 0; } img { max-width: 100%; }
.muted { color: #666; }
"""


def render_page(stats: CorpusStats, plots: list[Plot], flt: DocumentFilter, labels: list[AsciiLabels]) -> str:
    stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
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
    for label in labels:
        if label.stand_ins:
            rows = [[stand_in, name] for name, stand_in in label.stand_ins.items()]
            parts.append(f"<h2>Names in the plots ({label.kind}s)</h2>" + table_html(["in the plot", label.kind], rows))
    parts.append(tables_html(stats))
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


def tables_html(stats: CorpusStats) -> str:
    headers = ["outlet", *stats.statuses, "documents", "words (ok)"]
    rows = [[r.outlet, *(r.by_status.get(s, 0) for s in stats.statuses), r.documents, r.words] for r in stats.outlets]
    parts = ["<h2>Documents per outlet and status</h2>", table_html(headers, rows)]
    parts += [
        "<h2>Removals per rule</h2>",
        table_html(["rule", "removals", "documents", "chars"],
                   [[r["rule"], r["removals"], r["documents"], r["chars"]] for r in stats.removals]),
        "<h2>Last crawl per outlet</h2>",
        table_html(["outlet", "started", "finished", "status", "seconds", "newest fetch"],
                   [[c["outlet"], c["started_at"], c["finished_at"], c["status"], c["duration_s"], c["last_fetched_at"]]
                    for c in stats.crawls]),
    ]
    return "\n".join(parts)


def table_html(headers: list[str], rows: list[list]) -> str:
    if not rows:
        return '<p class="muted">none</p>'

    def cell(value):
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
