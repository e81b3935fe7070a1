"""The report's plots: matplotlib Figures (Agg, no pyplot state) rendered to PNG bytes.

Matplotlib neither joins Arabic letters nor lays them right to left: it draws the code points one by
one, isolated, left to right. Every name a plot draws goes through `shaped()`: arabic-reshaper picks
each letter's joined form (presentation forms, which DejaVu Sans, matplotlib's own font, has) and
python-bidi puts the result in visual order, so outlet and rule names read as written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib and numpy load only when a plot is drawn
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

    from corpus.stats import RuleRemovals

TOP_OUTLETS = 10  # more outlets than this are summed as "other" in the time plots
TOP_RULES = 20
PERIOD_DAYS = {"week": 7, "month": 30}


@dataclass
class Plot:
    title: str
    png: bytes
    labels: list[str] = field(default_factory=list)  # the names drawn, shaped: what a test can read back


@lru_cache(maxsize=4096)
def shaped(text: str) -> str:
    """The text as matplotlib must be given it to show it right: Arabic joined and in visual order."""
    if not text or not any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc" for ch in text):
        return text
    import arabic_reshaper
    from bidi import get_display

    visual: str = get_display(arabic_reshaper.reshape(text))
    return visual


def new_figure(width: float = 9.0, height: float = 4.0) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def to_png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def no_data(ax: Axes, message: str = "no data") -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=14, color="gray")
    ax.set_xticks([])
    ax.set_yticks([])


def whole_numbers(axis: Axis) -> None:
    """Counts: no 0.25-document ticks."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def date_axis(ax: Axes, periods: list[date], period: str) -> None:
    """Ticks on period starts, labelled concisely whatever the span."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, DateLocator, MonthLocator, WeekdayLocator

    span = (periods[-1] - periods[0]).days
    locator: DateLocator
    if period == "month" and span <= 400:
        locator = MonthLocator()
    elif period == "week" and span <= 120:
        locator = WeekdayLocator(byweekday=0)  # Mondays: the weeks start there
    else:
        locator = AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def plot_documents_per_period(counts: dict[str, dict[date, int]], period: str, names: dict[str, str]) -> Plot:
    """Stacked bars, one per week or month (its first day), one colour per outlet (the largest
    TOP_OUTLETS; the rest summed as "other"). names: outlet → how its pages name it, if known."""
    title = f"Documents per outlet per {period} (by published date)"
    fig, ax = new_figure()
    labels = []
    if not counts:
        no_data(ax, "no dated documents")
    else:
        ranked = sorted(counts, key=lambda o: (-sum(counts[o].values()), o))
        series = {o: counts[o] for o in ranked[:TOP_OUTLETS]}
        if len(ranked) > TOP_OUTLETS:
            other: dict[date, int] = {}
            for outlet in ranked[TOP_OUTLETS:]:
                for start, n in counts[outlet].items():
                    other[start] = other.get(start, 0) + n
            series["other"] = other
        starts = sorted({d for by_start in series.values() for d in by_start})
        bottom = [0] * len(starts)
        # bars start at the period's first day and fill most of it: weeks and months read as spans
        centres = [s + timedelta(days=PERIOD_DAYS[period] * 0.45) for s in starts]
        for outlet, by_start in series.items():
            heights = [by_start.get(s, 0) for s in starts]
            label = shaped(outlet_label(outlet, names.get(outlet)))
            labels.append(label)
            # matplotlib converts dates itself (its date units); its type stubs accept only numbers and arrays
            ax.bar(centres, heights, bottom=bottom, label=label, width=PERIOD_DAYS[period] * 0.85)  # type: ignore[arg-type]
            bottom = [b + h for b, h in zip(bottom, heights)]
        ax.set_ylabel("documents")
        ax.legend(ncols=2)
        date_axis(ax, starts, period)
        whole_numbers(ax.yaxis)
    ax.set_title(title)
    return Plot(title, to_png(fig), labels)


def outlet_label(outlet: str, name: str | None) -> str:
    """ "demo_sada (صدى)": the slug commands take, and the name readers know."""
    return f"{outlet} ({name})" if name and name != outlet else outlet


def plot_words_per_document(counts: np.ndarray) -> Plot:
    title = "Words per document (distribution)"
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
        median = int(np.median(counts))
        ax.axvline(float(np.median(counts)), color="#cc6677", linestyle="--", label=f"median {median:,}")
        ax.legend()
    ax.set_title(title)
    return Plot(title, to_png(fig))


def plot_removals(removals: list[RuleRemovals]) -> Plot:
    title = "Removals per cleaning rule"
    top = removals[:TOP_RULES]
    fig, ax = new_figure(height=max(3.0, 0.35 * len(top) + 1.2))
    labels = []
    if not top:
        no_data(ax, "no removals recorded")
    else:
        labels = [shaped(r["rule"]) for r in reversed(top)]  # biggest at the top
        ax.barh(range(len(top)), [r["removals"] for r in reversed(top)], color="#228833", tick_label=labels)
        ax.set_xlabel("pieces of text removed" + (f" (top {TOP_RULES} rules)" if len(removals) > TOP_RULES else ""))
        whole_numbers(ax.xaxis)
    ax.set_title(title)
    return Plot(title, to_png(fig), labels)


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
