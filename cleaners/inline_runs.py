"""Lines made of inline markup: a <span>/<font>/<b> standing alone between <br> line breaks in a block
container is a line of its own (a headline, a deck, a date, a paragraph), not part of its neighbours.

Old WebForms and <font> layouts print the headline, the deck and the date as spans separated by <br />;
the extractor reads the container's inline runs as one line and glues them ("…الدفاعية13 تموز 2022").
Each such run is wrapped in a <p> of its own (the element itself is kept, so anchors still hold).
"""

from __future__ import annotations

from lxml.html import HtmlElement

__all__ = ["split_inline_runs"]

_INLINE = frozenset(["span", "font", "b", "strong", "em", "i", "small", "big", "u"])
# containers whose <br>-separated runs are lines; a <p>, a heading or a link already is one line
_BLOCK_CONTAINERS = frozenset(["div", "td", "th", "section", "article", "main", "body", "form", "center", "blockquote"])


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


def _runs(parent: HtmlElement) -> list[list[HtmlElement | None]]:
    """The parent's children split into runs at <br> and at block children (which end a line too); bare
    text in a run is marked by a None in it."""
    runs: list[list[HtmlElement | None]] = []
    current: list[HtmlElement | None] = [] if _blank(parent.text) else [None]
    for child in parent:
        if not isinstance(child.tag, str) or child.tag not in _INLINE and child.tag != "a":
            runs.append(current)
            current = [] if _blank(child.tail) else [None]
            continue
        current.append(child)
        if not _blank(child.tail):
            current.append(None)
    runs.append(current)
    return runs


def split_inline_runs(root: HtmlElement) -> int:
    """Wrap each lone inline element between line breaks of a block container in a <p>; returns how
    many were wrapped. Only containers holding a <br> are looked at."""
    parents: dict[HtmlElement, None] = {}  # (in document order, each once)
    for br in root.iter("br"):
        parent = br.getparent()
        if parent is not None and parent.tag in _BLOCK_CONTAINERS:
            parents[parent] = None
    wrapped = 0
    for parent in parents:
        runs = _runs(parent)
        if sum(1 for run in runs if run) < 2:
            continue  # one line in all: nothing is glued
        for run in runs:
            element = run[0] if len(run) == 1 else None
            if element is None or element.tag not in _INLINE or _blank(element.text_content()):
                continue
            line = parent.makeelement("p", {})
            element.addprevious(line)
            line.append(element)  # (its blank tail moves with it)
            wrapped += 1
    return wrapped
