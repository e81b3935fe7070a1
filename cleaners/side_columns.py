"""Side columns of teaser cards beside the body: a grid puts the story's column between columns of
cards in the very same markup (a card box, a heading, a paragraph-long excerpt), so text density and
tag shapes cannot tell them apart. What does: every card in such a column is headed by a link (a
headline pointing to another page), the story's own headline is a plain h1, and the column is a sibling
of a box holding that headline. Such a column (two or more cards, all link-headed) goes whole, named
"dom_side_column". Subheadings of the body are not links, so the body's own sections never match."""

from __future__ import annotations

from collections.abc import Callable, Collection

from lxml.html import HtmlElement

from cleaners.document import Removal
from cleaners.dom import SUBHEADING_TAGS, visible_text

__all__ = ["drop_side_columns"]

_MIN_CARDS = 2


def _link_headed(card: HtmlElement) -> bool:
    """The card's first heading is wholly the text of a link inside it (a headline to another page)."""
    heading = next(card.iter(*SUBHEADING_TAGS), None)
    if heading is None:
        return False
    text = " ".join(visible_text(heading).split())
    links = " ".join(" ".join(visible_text(a).split()) for a in heading.iter("a"))
    return bool(text) and links == text


def _is_card_column(column: HtmlElement) -> bool:
    cards = [child for child in column if isinstance(child.tag, str)]
    if len(cards) < _MIN_CARDS or next(column.iter("h1"), None) is not None:
        return False
    return all(_link_headed(card) for card in cards)


def drop_side_columns(
    h1: HtmlElement | None,
    protected: Collection[HtmlElement],
    drop: Callable[[HtmlElement, str, list[Removal]], None],
    removed: list[Removal],
) -> None:
    """Remove the columns of link-headed cards beside the boxes holding the headline `h1`."""
    if h1 is None or h1.tag != "h1":
        return
    for box in h1.iterancestors():
        if box.tag in ("body", "html"):
            return
        parent = box.getparent()
        if parent is None:
            return
        for column in [c for c in parent if c is not box and isinstance(c.tag, str)]:
            if column not in protected and _is_card_column(column):
                drop(column, "dom_side_column", removed)
