"""The headline element and the deck/lead under it (which the extractor often drops)."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from cleaners.dates import is_date_line
from cleaners.dom import (
    in_boilerplate_box,
    in_link,
    in_schema_org,
    is_caption_like,
    is_marker_text,
    mostly_link,
    visible_text,
)
from cleaners.foreign_box import MIN_LATIN_SHARE, is_arabic, latin_share
from cleaners.normalize import clean_whitespace, normalize_for_matching
from cleaners.rules import Rules

__all__ = ["find_headline", "kicker_above", "lead_text"]

_LEAD_CLASS = re.compile(
    r"(^|[\s_-])(lead|subtitle|sub-title|standfirst|excerpt|deck|summary|intro|announce|"
    r"article__announce|article-summary|brief|dek|subhead|subheadline)($|[\s_-])|(^|\s)sub($|\s)",
    re.I,
)


def _find_h1(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    if not title:
        return None
    norm = normalize_for_matching(title)
    for h1 in tree.iter("h1"):
        if normalize_for_matching(visible_text(h1)) in (norm,) or norm in normalize_for_matching(visible_text(h1)):
            return h1
    return None


def _same_text_block(element: HtmlElement, norm: str, stop: HtmlElement | None = None) -> HtmlElement:
    """Climb from an element while its parent shows exactly the same text (the block the text is)."""
    block = element
    parent = block.getparent()
    while parent is not None and parent is not stop and parent.tag not in ("body", "html"):
        if len(parent.text_content()) > 2 * len(norm) + 40 or normalize_for_matching(visible_text(parent)) != norm:
            break
        block, parent = parent, parent.getparent()
    return block


def find_headline(tree: HtmlElement, h1_text: str | None, title: str | None) -> HtmlElement | None:
    """The headline element: the h1 naming the title, else (pages without a usable h1: old table and
    <font> layouts) the first element outside links whose whole text is the title."""
    h1 = _find_h1(tree, h1_text)
    if h1 is not None or not title:
        return h1
    norm = normalize_for_matching(title)
    if len(norm.split()) < 3:
        return None
    body = tree.find("body")
    if body is None:
        return None
    size = len(title)
    for element in body.iter():
        text = element.text
        if not text or not isinstance(element.tag, str) or abs(len(text.strip()) - size) > size // 3 + 5:
            continue
        if normalize_for_matching(text) != norm or in_link(element) or element.tag in ("title", "option", "textarea"):
            continue
        if normalize_for_matching(visible_text(element)) != norm:
            continue
        return _same_text_block(element, norm)
    return None


def _is_lead_like(element: HtmlElement) -> bool:
    if element.get("itemprop") == "description":
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(names.strip()) and bool(_LEAD_CLASS.search(names))


# A deck with no lead class: a heading, an emphasized block or a plain block of its own right under the
# headline (not a caption: image blocks and caption/photo classes are skipped).
_DECK_TAGS = frozenset(["h2", "h3", "h4", "h5", "h6", "b", "strong", "font", "em", "i", "div", "span", "section"])


def _plain_deck(element: HtmlElement, headline: HtmlElement, rules: Rules) -> str | None:
    if element.tag == "p" and _right_under(headline) is element:
        # a headline-length paragraph of its own right under the headline that is no sentence: the deck
        # (a status label of a few words, "تغطية مباشرة - يتم التحديث", is shorter)
        text = visible_text(element)
        if _MIN_P_DECK_WORDS <= len(text.split()) <= _MAX_P_DECK_WORDS and not text.rstrip().endswith((".", "!", ":")):
            return _plain_deck_text(element, text, rules)
    if element.tag not in _DECK_TAGS or not (element.text or "").strip() or in_link(element):
        return None
    return _plain_deck_text(element, visible_text(element), rules)


_MIN_P_DECK_WORDS, _MAX_P_DECK_WORDS = 7, 30


def _right_under(headline: HtmlElement) -> HtmlElement | None:
    following = headline.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following if not (headline.tail or "").strip() else None


def _plain_deck_text(element: HtmlElement, text: str, rules: Rules) -> str | None:
    if not (element.text or "").strip() or in_link(element):
        return None
    norm = normalize_for_matching(text)
    if not 5 <= len(norm.split()) <= 60 or is_marker_text(norm, rules) or in_boilerplate_box(element, rules):
        return None
    if is_caption_like(element) or element.get("itemprop") or in_schema_org(element) or mostly_link(element, text):
        return None  # an image block, or hidden schema.org data (name, url, logo)
    return text


def _tail_deck(element: HtmlElement, rules: Rules) -> str | None:
    """Bare text right after the headline or a line break (old <br>-separated layouts: the deck is a text
    run of its own, not an element)."""
    tail = (element.tail or "").strip()
    if not tail:
        return None
    following = element.getnext()
    if following is not None and following.tag != "br":
        return None  # the text runs on into an inline element: part of a longer line
    text = clean_whitespace(tail).replace("\n", " ")
    norm = normalize_for_matching(text)
    if not 5 <= len(norm.split()) <= 60 or is_marker_text(norm, rules):
        return None
    return text


def lead_text(tree: HtmlElement, h1: HtmlElement, rules: Rules) -> str | None:
    """The deck/lead shown under the headline (trafilatura often drops it), between the headline and the
    first body paragraph in document order: itemprop=description or a lead/subtitle/summary class, else
    a heading or a wholly bold block standing on its own (not a link, a label, a date or a credit)."""
    if h1 is None:
        return None
    after_h1 = False
    inside = set(h1.iter())
    walked = 0
    for element in tree.iter():
        if element is h1:
            after_h1 = True
            deck = _tail_deck(h1, rules)
            if deck:
                return deck
            continue
        if not after_h1 or not isinstance(element.tag, str) or element.tag == "meta" or element in inside:
            continue
        if element.tag == "br":
            deck = _tail_deck(element, rules)
            if deck:
                return deck
            continue
        walked += 1
        if walked > 5000:
            break
        if _is_lead_like(element):
            if in_link(element):
                continue  # a teaser card's excerpt (the whole card is a link), never the deck
            text = visible_text(element)
            if latin_share(text) >= MIN_LATIN_SHARE and is_arabic(visible_text(h1)):
                continue  # a summary in another language (a translation box), not this article's deck
            if 5 <= len(text.split()) <= 120:
                return text
        elif element.tag == "p" and len(element.text_content().split()) >= 15:
            if any(_is_lead_like(a) for a in element.iterancestors()):
                continue
            return (
                _plain_deck(element[0], h1, rules)
                if len(element) == 1 and not (element.text or "").strip() and not (element[0].tail or "").strip()
                else None
            )
        else:
            deck = _plain_deck(element, h1, rules)
            if deck:
                return deck
    return None


_KICKER_MAX_WORDS = 4
_KICKER_TAGS = frozenset(["span", "div", "p", "a", "b", "strong", "small", "em", "label"])


def kicker_above(headline: HtmlElement | None) -> HtmlElement | None:
    """A kicker: a label of a few words right above the headline, its sibling ("شرح مبسّط", "تحليل",
    a section name). It labels the story; it is not its text. A date line there is the article's date,
    not a kicker."""
    if headline is None or (headline.getparent() is not None and (headline.getparent().text or "").strip()):
        return None
    above = headline.getprevious()
    while above is not None and not isinstance(above.tag, str):
        above = above.getprevious()
    if above is None or above.tag not in _KICKER_TAGS or (above.tail or "").strip():
        return None
    text = visible_text(above)
    words = len(text.split())
    if not 1 <= words <= _KICKER_MAX_WORDS or text.rstrip().endswith((".", "؟", "?", "!")) or is_date_line(text):
        return None
    return above
