"""Bylines, credits and the date line around the headline and body: read into metadata and taken out
of the page (the extractor drops or keeps them at random).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from cleaners.dates import is_date_line, parse_arabic_date
from cleaners.document import Removal
from cleaners.dom import (
    detached,
    drop,
    has_own_text,
    in_link,
    in_schema_org,
    is_caption_like,
    joined_text,
    short_text_chunks,
)
from cleaners.lines import _EDGE_PUNCT, Found, agency_credit, value_after_label
from cleaners.normalize import normalize_for_matching
from cleaners.rules import Rules

__all__ = ["move_metadata_blocks"]

_META_BLOCK_TAGS = frozenset(
    [
        "div",
        "p",
        "span",
        "font",
        "b",
        "strong",
        "small",
        "em",
        "i",
        "time",
        "li",
        "dd",
        "address",
        "cite",
        "h4",
        "h5",
        "h6",
    ]
)


_META_BLOCK_MAX_CHARS = 200


_DIGIT = re.compile(r"\d")


_META_DATE_LEVELS = 2  # a date line may sit this many levels above the headline/body's common block


def _article_region(headline: HtmlElement | None, main: HtmlElement | None) -> HtmlElement | None:
    """The smallest element holding both the headline and the body container (the body's parent when
    there is no headline)."""
    if main is None:
        return None
    if headline is None:
        return main.getparent() if main.getparent() is not None else main
    ancestors = {id(a) for a in (main, *main.iterancestors())}
    for node in (headline, *headline.iterancestors()):
        if id(node) in ancestors:
            return node
    return None


def _metadata_of_block(text: str, rules: Rules) -> tuple[str, list[Found]] | None:
    """(rule, metadata) when a short block is a byline, a source credit, a wire credit or a date line."""
    norm = normalize_for_matching(text)
    hit = rules.first_match(norm)
    if hit and hit[0].action != "metadata_label":
        return None  # a marker line ("Sputnik / صورة أرشيفية", "شارك"): pruning's business, not metadata
    if hit and hit[0].field in ("author", "source_credit"):
        value = value_after_label(text, hit[1]["label"]).strip(_EDGE_PUNCT)
        return (hit[0].reason, [Found(hit[0].field, value)]) if value else None
    if rules.is_agency_line(norm):
        return "credit:agency", [Found("source_credit", agency_credit(text))]
    if _DIGIT.search(norm) and is_date_line(text):
        published = parse_arabic_date(text)
        return "date_line", [Found("published", published)] if published else []
    return None


def move_metadata_blocks(
    tree: HtmlElement,
    headline: HtmlElement,
    main: HtmlElement,
    rules: Rules,
    removed: list[Removal],
    found: list[Found],
) -> None:
    """Bylines ("بقلم: …", "بواسطة …"), credits ("المصدر: …", a bare "واج"/"وكالات" block) and the date
    line of the article are blocks of their own around the headline and the body, which the extractor
    drops or keeps at random: read them into metadata and take them out (each removal named)."""
    region = _article_region(headline, main)
    if region is None:
        return
    date_region = region
    for _ in range(_META_DATE_LEVELS):
        if date_region.getparent() is None or date_region.getparent().tag in ("body", "html"):
            break
        date_region = date_region.getparent()
    seen_date = False
    judged: set[str] = set()
    for scope, dates_only in ((region, False), (date_region, True)):
        if dates_only and (seen_date or scope is region):
            break
        tags = (region.tag, *_META_BLOCK_TAGS) if dates_only else _META_BLOCK_TAGS
        for element in list(scope.iter(*tags)):
            if dates_only and element is region:
                break  # above the article only: later dates belong to teasers and comments
            if len(element) == 1 and not has_own_text(element):
                continue  # a wrapper of one block: judged there
            if element.tag == "li":
                continue  # list items: menus and teaser lists, never a byline
            chunks = short_text_chunks(element, _META_BLOCK_MAX_CHARS)
            if chunks is None:
                continue
            content = "".join(chunks)  # short_text_content(element, ...)
            if not content.strip() or len(content.split()) > 24:
                continue
            text = joined_text(chunks)  # visible_text(element), from the chunks already read
            if text in judged:
                continue  # the same text as a block already judged (a wrapper and its only child)
            judged.add(text)
            if element.getparent() is None or detached(element, tree):
                continue  # inside a block dropped already: not judged (before the costly part)
            result = _metadata_of_block(text, rules)
            if result is None or (dates_only and result[0] != "date_line"):
                continue
            if in_link(element) or in_schema_org(element):
                continue
            if result[0] == "credit:agency" and is_caption_like(element):
                continue  # a photo credit under an image, not the article's source
            rule, values = result
            if rule == "date_line":
                if seen_date:
                    continue
                seen_date = True
            found.extend(values)
            drop(element, f"dom_meta:{rule}", removed)
