"""Structural boilerplate signals that carry over to outlets nobody has looked at.

Repeated sibling structure: three or more sibling boxes of one shape (the same sequence of child tags),
each holding a link, are a list of items - teaser cards, most-read entries, a comment thread (name, date,
body, "reply"); a sibling of the same shape with more after it (the first card also showing its excerpt)
is one of them. A table's rows and a list of plain items have no such composite shape and are never
groups. A group is still article text, and stays, when measures say so (`is_article_text`): it sits in
the body extent (inside the located body container, or beside it as its peers), is mostly unlinked text
that does not lead with headline links, and either carries prose of a body-sized share (live-blog
updates, numbered sections, Q&A) or, inside the body container, carries no dates (an interview's short
quotes, a list of demands whose items link a name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from cleaners.dates import is_date_line
from cleaners.document import Removal
from cleaners.dom import short_text_content

__all__ = ["drop_repeated_items", "is_article_text", "repeated_item_groups"]

_ITEM_TAGS = frozenset(["div", "li", "article", "section", "aside", "figure"])
_MIN_ITEMS = 3
_MIN_SHAPE = 2  # child elements an item needs to count as a composite box
_MAX_ITEM_WORDS = 150
_IGNORED_CHILDREN = frozenset(["br", "img", "wbr", "hr"])
_UNREAD_TAGS = frozenset(["script", "style", "noscript", "template"])

_MAX_LINK_SHARE = 0.3  # article items are mostly unlinked text; teaser and most-read lists are not
_HEADLINE_LINK_WORDS = 3  # an item opening with a link this long opens with a headline: a teaser card
_PROSE_WORDS = 20  # unlinked words per item (mean) that make the items prose ...
_PROSE_SENTENCES = 2  # ... or sentences per item (mean)
_BODY_SHARE = 0.5  # a prose group must carry this share of the rest of the body's words
_DATE_LINE_CHARS = 60  # an element this short may be a date line (a comment's or a card's date)
_SENTENCE_END = re.compile(r"[.!?؟](?=\s|$|[\"»”)])")


def _shape(element: HtmlElement) -> tuple[str, ...]:
    return tuple(child.tag for child in element if isinstance(child.tag, str) and child.tag not in _IGNORED_CHILDREN)


def _is_item(element: HtmlElement, protected: Collection[HtmlElement]) -> bool:
    if element.tag not in _ITEM_TAGS or element in protected:
        return False
    if next(element.iter("a"), None) is None or next(element.iter("h1"), None) is not None:
        return False
    return len(element.text_content().split()) <= _MAX_ITEM_WORDS


def _link_mid_sentence(element: HtmlElement) -> bool:
    """A direct child link with unlinked words of the element's own text both before and after it: the
    link sits inside a running sentence (a teaser card's or a comment's links open or close its parts)."""
    for child in element:
        if child.tag != "a":
            continue
        previous = child.getprevious()
        before = (previous.tail if previous is not None else element.text) or ""
        if any(w.isalpha() for w in before.split()) and any(w.isalpha() for w in (child.tail or "").split()):
            return True
    return False


def repeated_item_groups(
    tree: HtmlElement, protected: Collection[HtmlElement] = frozenset()
) -> list[list[HtmlElement]]:
    """Groups of same-shape composite sibling boxes (each group: its items, in document order)."""
    groups = []
    for parent in tree.iter():
        if not isinstance(parent.tag, str) or parent.tag in ("tr", "table", "tbody"):
            continue
        if len(parent) < _MIN_ITEMS and not (parent.tag in _LIST_TAGS and len(parent) and _holds_replies(parent)):
            continue
        by_shape: dict[tuple[Any, ...], list[HtmlElement]] = {}
        for child in parent:
            if not isinstance(child.tag, str) or len(child) < _MIN_SHAPE:
                continue  # (a shape has no more tags than the element has children)
            shape = _shape(child)
            if len(shape) >= _MIN_SHAPE:
                by_shape.setdefault((child.tag, shape), []).append(child)
        for (tag, shape), items in by_shape.items():
            if not all(_is_item(item, protected) for item in items):
                continue
            # an item of the same shape with more after it (the first teaser also shows its excerpt)
            # is one of the list too
            longer = [
                child
                for child_shape, children in by_shape.items()
                if child_shape[0] == tag and len(child_shape[1]) > len(shape) and child_shape[1][: len(shape)] == shape
                for child in children
                if _is_item(child, protected)
            ]
            if len(items) < _MIN_ITEMS and len(items) + len(longer) + _replies(items + longer, tag, shape) < _MIN_ITEMS:
                continue
            groups.append(sorted(items + longer, key=lambda item: parent.index(item)) if longer else items)
    return groups


_LIST_TAGS = frozenset(["ul", "ol"])


def _holds_replies(parent: HtmlElement) -> bool:
    """A list with an item holding a list of its own: a reply tree, whose items count at every depth."""
    return any(grandchild.tag in _LIST_TAGS for child in parent for grandchild in child)


def _replies(items: list[HtmlElement], tag: str, shape: tuple[str, ...]) -> int:
    """Items of the same shape in the lists nested in `items` (the replies of a comment tree)."""
    count = 0
    for item in items:
        for nested in item:
            if nested.tag in _LIST_TAGS:
                count += sum(
                    1 for reply in nested.iter(tag) if reply is not nested and _shape(reply)[: len(shape)] == shape
                )
    return count


# --------------------------------------------------------------------------- article text or boilerplate


@dataclass(frozen=True)
class _ItemMeasure:
    words: int
    link_words: int
    sentences: int  # sentence ends in the unlinked text
    opens_with_headline_link: bool
    dated: bool  # holds an element that is a date line (a comment's or a card's date)


def _chunks(element: HtmlElement, in_link: bool = False) -> Iterator[tuple[str, bool]]:
    """The element's text pieces in reading order, each with whether it sits inside a link."""
    in_link = in_link or element.tag == "a"
    if element.text:
        yield element.text, in_link
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _UNREAD_TAGS:
            yield from _chunks(child, in_link)
        if child.tail:
            yield child.tail, in_link


def _measure(item: HtmlElement) -> _ItemMeasure:
    words = link_words = sentences = opening_link_words = 0
    opening = True  # still reading the item's leading run of link text
    for text, in_link in _chunks(item):
        count = len(text.split())
        if not count:
            continue
        words += count
        if in_link:
            link_words += count
            opening_link_words += count if opening else 0
        else:
            sentences += len(_SENTENCE_END.findall(text))
            opening = False
    return _ItemMeasure(words, link_words, sentences, opening_link_words >= _HEADLINE_LINK_WORDS, _is_dated(item))


def _is_dated(item: HtmlElement) -> bool:
    """The item holds an element that is a whole date line (a comment's or a card's date)."""
    for element in item.iterdescendants():
        text = short_text_content(element, _DATE_LINE_CHARS) if isinstance(element.tag, str) else None
        if text and is_date_line(" ".join(text.split())):
            return True
    return False


def _relation(items: list[HtmlElement], main: HtmlElement | None) -> str:
    """Where the group sits relative to the body container: "inside" it, "beside" it (its siblings), or
    "outside" (the body container inside one of the items is protected: no such group is formed)."""
    parent = items[0].getparent()
    if main is None or parent is None:
        return "outside"
    if main is parent or any(ancestor is main for ancestor in parent.iterancestors()):
        return "inside"
    if main.getparent() is parent:
        return "beside"
    return "outside"


def is_article_text(items: list[HtmlElement], main: HtmlElement | None) -> bool:
    """True when a repeated-item group is part of the article (see the module docstring)."""
    relation = _relation(items, main)
    if relation == "outside" or main is None:
        return False
    measures = [_measure(item) for item in items]
    words = sum(m.words for m in measures)
    link_words = sum(m.link_words for m in measures)
    if not words or link_words > _MAX_LINK_SHARE * words:
        return False
    if 2 * sum(m.opens_with_headline_link for m in measures) >= len(items):
        return False
    unlinked = words - link_words
    prose = unlinked >= _PROSE_WORDS * len(items) or sum(m.sentences for m in measures) >= _PROSE_SENTENCES * len(items)
    if prose and relation == "beside" and main.tag == items[0].tag and not any(m.dated for m in measures):
        return True  # the body container's undated peers (updates, sections): the rest of the body
    rest_of_body = len(main.text_content().split()) - (words if relation == "inside" else 0)
    if prose and unlinked >= _BODY_SHARE * rest_of_body:
        return True
    return relation == "inside" and not any(m.dated for m in measures)


def drop_repeated_items(
    tree: HtmlElement,
    protected: Collection[HtmlElement],
    drop: Callable[[HtmlElement, str, list[Removal]], None],
    removed: list[Removal],
    main: HtmlElement | None = None,
) -> None:
    """Remove every repeated-item group that is not article text (drop(element, rule, removed) records
    each as a Removal); `main` is the located body container, when there is one."""
    for items in repeated_item_groups(tree, protected):
        # paragraphs whose sentences link a word or two are prose wherever they sit, not boxes of parts
        if 2 * sum(_link_mid_sentence(item) for item in items) >= len(items) or is_article_text(items, main):
            continue
        parent = items[0].getparent()
        rule = "dom_repeated:" + "-".join(_shape(items[0]))[:40]
        for item in items:
            if item.getparent() is not None:
                drop(item, rule, removed)
        # the heading the list leaves behind ("آراء القراء") goes with it
        if (
            parent is not None
            and parent not in protected
            and parent.getparent() is not None
            and len(parent.text_content().split()) <= 6
        ):
            drop(parent, rule, removed)
