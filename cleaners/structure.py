"""Structural boilerplate signals that carry over to outlets nobody has looked at.

Repeated sibling structure: three or more sibling boxes of one shape (the same sequence of child tags),
each holding a link, are a list of items - teaser cards, most-read entries, a comment thread (name, date,
body, "reply") - never the article, whose paragraphs are leaf blocks, not composite boxes. A table's
rows, a list of plain items (an interview's short quotes, a numbered list of demands) and paragraphs
with inline links have no such composite shape and are never touched.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from lxml.html import HtmlElement

from cleaners.document import Removal

__all__ = ["drop_repeated_items"]

_ITEM_TAGS = frozenset(["div", "li", "article", "section", "aside", "figure"])
_MIN_ITEMS = 3
_MIN_SHAPE = 2  # child elements an item needs to count as a composite box
_MAX_ITEM_WORDS = 150
_IGNORED_CHILDREN = frozenset(["br", "img", "wbr", "hr"])


def _shape(element: HtmlElement) -> tuple[str, ...]:
    return tuple(child.tag for child in element if isinstance(child.tag, str) and child.tag not in _IGNORED_CHILDREN)


def _is_item(element: HtmlElement, protected: Collection[HtmlElement]) -> bool:
    if element.tag not in _ITEM_TAGS or element in protected:
        return False
    if next(element.iter("a"), None) is None or next(element.iter("h1"), None) is not None:
        return False
    return len(element.text_content().split()) <= _MAX_ITEM_WORDS


def repeated_item_groups(tree: HtmlElement, protected: Collection[HtmlElement]=frozenset()) -> list[list[HtmlElement]]:
    """Groups of same-shape composite sibling boxes (each group: its items, in document order)."""
    groups = []
    for parent in tree.iter():
        if not isinstance(parent.tag, str) or len(parent) < _MIN_ITEMS or parent.tag in ("tr", "table", "tbody"):
            continue
        by_shape: dict[tuple[Any, ...], list[HtmlElement]] = {}
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            shape = _shape(child)
            if len(shape) >= _MIN_SHAPE:
                by_shape.setdefault((child.tag, shape), []).append(child)
        for items in by_shape.values():
            if len(items) >= _MIN_ITEMS and all(_is_item(item, protected) for item in items):
                groups.append(items)
    return groups


def drop_repeated_items(tree: HtmlElement, protected: Collection[HtmlElement], drop: Callable[[HtmlElement, str, list[Removal]], None], removed: list[Removal]) -> None:
    """Remove every repeated-item group (drop(element, rule, removed) records each as a Removal)."""
    for items in repeated_item_groups(tree, protected):
        parent = items[0].getparent()
        rule = "dom_repeated:" + "-".join(_shape(items[0]))[:40]
        for item in items:
            if item.getparent() is not None:
                drop(item, rule, removed)
        # the heading the list leaves behind ("آراء القراء") goes with it
        if parent is not None and parent not in protected and parent.getparent() is not None and \
                len(parent.text_content().split()) <= 6:
            drop(parent, rule, removed)
