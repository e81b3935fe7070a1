"""Unlabelled teaser cards: a related block with no label and no telling class name (a CSS-modules build
hashes every class, and may nest each card in the very wrappers that hold the body's paragraphs), so
neither a marker, a class nor a tag shape sets it apart. What does is the card's own shape: its first
text is a block that is wholly one link - a headline of 3-15 words pointing to another page - and a
short unlinked excerpt follows in blocks of its own. Two or more sibling cards of one shape (counted
through wrappers that hold a single element and no text) are a teaser list: each goes, named
"dom_teaser_cards".

A body paragraph that links a word or two mid-sentence is not wholly a link, so it never opens a card.
A list of sources at the end of an article (each item a link running on into its one-line description,
"<li><a>title</a> - what it says</li>") is content: its link and description share one block, so it is
no card either, inside the body container or out of it. A card whose headline is a block of its own is
a teaser wherever it sits. The boxes holding the page's headline are never taken; a body container
found inside a card is not the body (one excerpt outweighed each of the body's lone paragraphs), so the
caller locates the body again when its container went with a card."""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from cleaners.document import Removal
from cleaners.dom import short_visible_text

__all__ = ["drop_teaser_cards"]

_MIN_CARDS = 2
_HEADLINE_WORDS = (3, 15)
_MAX_EXCERPT_WORDS = 80  # a card's excerpt is a sentence or two, not a section of text
_MAX_WRAPPERS = 12
_SKIPPED = frozenset(["img", "picture", "figure", "br", "wbr", "hr", "svg", "source"])


def _card_box(element: HtmlElement) -> tuple[int, HtmlElement]:
    """The element under its chain of single-child, textless wrappers, with the chain's length."""
    depth = 0
    while depth < _MAX_WRAPPERS and len(element) == 1 and not (element.text or "").strip():
        child = element[0]
        if not isinstance(child.tag, str) or (child.tail or "").strip():
            break
        element, depth = child, depth + 1
    return depth, element


def _headline_link(block: HtmlElement) -> bool:
    """The block is wholly one link to another page, of headline length."""
    link = block if block.tag == "a" else next(block.iter("a"), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    if link is None or not href or href.startswith(("#", "javascript:", "mailto:")):
        return False
    text = short_visible_text(block, _HEADLINE_WORDS[1])
    if not text or not _HEADLINE_WORDS[0] <= len(text.split()) <= _HEADLINE_WORDS[1]:
        return False
    return link is block or short_visible_text(link, _HEADLINE_WORDS[1]) == text


def _card_shape(box: HtmlElement) -> tuple[str, ...] | None:
    """The box's child tags when it is a teaser card (a headline-link block, then an unlinked excerpt)."""
    if len(box) < 2 or (box.text or "").strip() or box.tag in ("a", "p", "table", "tr", "ul", "ol"):
        return None
    blocks = [child for child in box if isinstance(child.tag, str) and child.tag not in _SKIPPED]
    if len(blocks) < 2 or any((child.tail or "").strip() for child in box):
        return None
    if not _headline_link(blocks[0]) or any(_has_text(b) for b in _before(box, blocks[0])):
        return None
    excerpt_words = 0
    for block in blocks[1:]:
        if block.tag == "a" or next(block.iter("a"), None) is not None:
            return None  # an excerpt is unlinked text
        text = short_visible_text(block, _MAX_EXCERPT_WORDS - excerpt_words)
        if text is None:
            return None
        excerpt_words += len(text.split())
    if not excerpt_words:
        return None
    return tuple(block.tag for block in blocks)


def _before(box: HtmlElement, block: HtmlElement) -> list[HtmlElement]:
    children = [child for child in box if isinstance(child.tag, str)]
    return children[: children.index(block)]


def _has_text(element: HtmlElement) -> bool:
    return short_visible_text(element, 1) != ""


def drop_teaser_cards(
    tree: HtmlElement,
    h1: HtmlElement | None,
    drop: Callable[[HtmlElement, str, list[Removal]], None],
    removed: list[Removal],
) -> None:
    """Remove every list of two or more same-shape teaser cards (see the module docstring)."""
    protected = {h1, *h1.iterancestors()} if h1 is not None else set()
    groups: list[list[HtmlElement]] = []
    for parent in tree.iter():
        if not isinstance(parent.tag, str) or len(parent) < _MIN_CARDS:
            continue
        by_shape: dict[tuple[object, ...], list[HtmlElement]] = {}
        for child in parent:
            if not isinstance(child.tag, str) or child in protected:
                continue
            depth, box = _card_box(child)
            shape = _card_shape(box)
            if shape is not None:
                by_shape.setdefault((child.tag, depth, box.tag, shape), []).append(child)
        groups.extend(items for items in by_shape.values() if len(items) >= _MIN_CARDS)
    for items in groups:
        for item in items:
            if item.getparent() is not None:
                drop(item, "dom_teaser_cards", removed)
