"""Small DOM helpers the HTML stage's passes share: an element's visible text, links, boilerplate
classes, captions, and removing an element while keeping its tail text (each removal named).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import lxml.etree
from lxml.html import HtmlElement

from cleaners.dates import is_date_line
from cleaners.document import Removal
from cleaners.normalize import clean_whitespace, strip_invisible
from cleaners.rules import Rules

__all__ = [
    "with_itemprop",
    "json_ld_scripts",
    "visible_text",
    "joined_text",
    "short_visible_text",
    "short_text_content",
    "short_text_chunks",
    "detached",
    "drop",
    "link_texts",
    "in_link",
    "class_names",
    "in_boilerplate_box",
    "mostly_link",
    "is_caption_like",
    "is_marker_text",
    "in_schema_org",
    "has_own_text",
    "SUBHEADING_TAGS",
]

SUBHEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")  # headings below the headline's h1

# Negated or state classes ("no-share", "has-sidebar", "with-comments") describe the block, not its kind.
_STATE_CLASS = re.compile(r"(?:^|\s)(?:no|has|with|without|show|hide|hidden|is|enable|disable)[-_]\S*")


# Element lookups by attribute, written as walks: an lxml XPath call costs a fixed 50-100 µs to set up,
# more than walking a whole news page in Python. Each yields what its XPath would, in document order.


def with_itemprop(root: HtmlElement, value: str, descendants_only: bool = False) -> Iterator[HtmlElement]:
    """//*[@itemprop=value] from root (.//*[@itemprop=value] with descendants_only); itemprop is a list of
    names ("description articleBody"), any of which may be the value."""
    elements = root.iterdescendants(lxml.etree.Element) if descendants_only else root.iter(lxml.etree.Element)
    return (
        element
        for element in elements
        if (names := element.get("itemprop")) is not None and (names == value or value in names.split())
    )


def json_ld_scripts(root: HtmlElement) -> list[HtmlElement]:
    """//script[@type='application/ld+json']"""
    return [script for script in root.iter("script") if script.get("type") == "application/ld+json"]


def class_names(element: HtmlElement) -> str:
    css, ident = element.get("class"), element.get("id")
    if not css and not ident:  # most elements: nothing to read
        return ""
    names = f"{css or ''} {ident or ''}".lower()
    if "-" not in names and "_" not in names:  # a state class needs its dash or underscore
        return names.strip()
    return _STATE_CLASS.sub(" ", names).strip()


def in_boilerplate_box(element: HtmlElement, rules: Rules) -> bool:
    pattern = rules.class_id_pattern
    if pattern is None:
        return False
    for node in (element, *element.iterancestors()):
        names = class_names(node)
        if names and node.tag not in ("html", "body") and pattern.search(names):
            return True
    return False


def visible_text(element: HtmlElement) -> str:
    if not isinstance(element.tag, str):  # a comment or processing instruction ("<!" makes one): no text
        return ""
    return joined_text(element.itertext())


def joined_text(chunks: Iterable[str]) -> str:
    """An element's text chunks (itertext) as visible_text gives them: joined by spaces, cleaned, one line."""
    return clean_whitespace(" ".join(chunks)).replace("\n", " ")


def short_visible_text(element: HtmlElement, max_words: int) -> str | None:
    """visible_text(element) when it has at most max_words words, else None - without reading past
    the limit (a short label test on a container must not cost the container's whole text)."""
    chunks = []
    words = 0
    for chunk in element.itertext():
        words += len(strip_invisible(chunk).split())
        if words > max_words:
            return None
        chunks.append(chunk)
    return clean_whitespace(" ".join(chunks)).replace("\n", " ")


def short_text_content(element: HtmlElement, max_chars: int) -> str | None:
    """element.text_content() when it has at most max_chars characters, else None (read no further)."""
    chunks = short_text_chunks(element, max_chars)
    return None if chunks is None else "".join(chunks)


def short_text_chunks(element: HtmlElement, max_chars: int) -> list[str] | None:
    """list(element.itertext()) when its text has at most max_chars characters, else None (read no
    further): text_content() is "".join(chunks), visible_text() the chunks joined by spaces, cleaned."""
    chunks = []
    size = 0
    for chunk in element.itertext():
        size += len(chunk)
        if size > max_chars:
            return None
        chunks.append(chunk)
    return chunks


def detached(element: HtmlElement, root: HtmlElement) -> bool:
    """True when an ancestor was already pruned (the element no longer hangs from the root)."""
    top = element
    for top in element.iterancestors():  # noqa: B007 - walks to the last ancestor, which `top` keeps
        pass
    return top is not root


def drop(element: HtmlElement, rule: str, removed: list[Removal]) -> None:
    text = visible_text(element)
    if text:
        removed.append(Removal(rule=rule, text=text, stage="dom"))
    parent = element.getparent()
    if parent is None:
        return
    # keep the tail text (it belongs to the parent), drop the element
    tail = element.tail
    previous = element.getprevious()
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def link_texts(element: HtmlElement) -> list[str]:
    return [t for t in (visible_text(a) for a in element.iter("a")) if t]


def in_link(element: HtmlElement) -> bool:
    return element.tag == "a" or any(a.tag == "a" for a in element.iterancestors())


def mostly_link(element: HtmlElement, text: str) -> bool:
    """A block whose text is mostly link text: a teaser/link box, not a heading or a deck."""
    link_chars = sum(len(visible_text(a)) for a in element.iter("a"))
    return link_chars >= 0.5 * len(text)


_CAPTION_CLASS = re.compile(r"caption|credit|photo|image|img|media|figure|thumb|gallery|video|pic", re.I)


_IMAGE_TAGS = ("img", "figure", "picture", "video")


def is_caption_like(element: HtmlElement) -> bool:
    """An image block or its caption: the element or its parent holds an image or names itself so."""
    for node in (element, element.getparent()):
        if node is None or node.tag in ("body", "html"):
            break
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if (names.strip() and _CAPTION_CLASS.search(names)) or next(node.iter(*_IMAGE_TAGS), None) is not None:
            return True
    return False


def is_marker_text(norm: str, rules: Rules) -> bool:
    """Text a rule names (marker, label, prompt, credit, date): never a deck or a subheading."""
    return bool(rules.first_match(norm)) or rules.is_agency_line(norm) or is_date_line(norm)


def in_schema_org(element: HtmlElement) -> bool:
    """Inside schema.org markup of an organization/publisher (hidden name/logo blocks, not page text)."""
    return any(
        node.get("itemscope") is not None and "organization" in (node.get("itemtype") or "").lower()
        for node in (element, *element.iterancestors())
    )


def has_own_text(element: HtmlElement) -> bool:
    """Text directly in the element (before or between its children), not only inside them."""
    return bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)


_INLINE_TAGS = frozenset(["a", "span", "b", "strong", "em", "i", "u", "small", "mark", "abbr", "cite", "bdi", "font"])
_PROSE_WORDS = 4  # unlinked words around an inline element that make its parent running prose


def inline_in_prose(element: HtmlElement) -> bool:
    """An inline element (a link to a tag page, a highlighted name) inside a sentence: its parent holds
    running text of its own around it, so removing it would cut words out of the middle of the prose."""
    parent = element.getparent()
    if element.tag not in _INLINE_TAGS or parent is None:
        return False
    own = [parent.text or ""] + [child.tail or "" for child in parent]
    return len(" ".join(own).split()) >= _PROSE_WORDS
