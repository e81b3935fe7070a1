"""A box in another script inside an Arabic article: a summary in English ("In English", its text, a
link to the English edition) is a translation of the page, not its text. Told apart by structure: a
separate container with a heading of its own whose letters are almost all Latin, on a page whose
headline is Arabic. An English quotation is content and stays: inside a paragraph, or a left-to-right
block with no heading of its own (a quote, a pull-quote). Named "dom_foreign_box"."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from lxml.html import HtmlElement

from cleaners.decode import ARABIC_LETTER
from cleaners.document import Removal
from cleaners.dom import SUBHEADING_TAGS, visible_text

__all__ = ["MIN_LATIN_SHARE", "drop_foreign_boxes", "is_arabic", "latin_share"]

_BOX_TAGS = ("div", "section", "aside", "blockquote")
MIN_LATIN_SHARE = 0.9  # of the box's letters
_MIN_BLOCKS = 2  # the heading and at least one more child


_ASCII_LETTER = re.compile("[A-Za-z]")  # the letters that are ASCII: counted in C, not per character


def latin_share(text: str) -> float:
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0
    return len(_ASCII_LETTER.findall(text)) / letters


def is_arabic(text: str) -> bool:
    return ARABIC_LETTER.search(text) is not None


def _is_foreign_box(element: HtmlElement) -> bool:
    children = (child for child in element if isinstance(child.tag, str))
    first = next(children, None)
    if first is None or first.tag not in SUBHEADING_TAGS or next(children, None) is None:
        return False
    # the heading first (a few words): an Arabic heading heads an Arabic box, whose text is not read
    if latin_share(visible_text(first)) < 0.5:
        return False
    return latin_share(visible_text(element)) >= MIN_LATIN_SHARE


def drop_foreign_boxes(
    tree: HtmlElement,
    h1: HtmlElement | None,
    protected: Collection[HtmlElement],
    drop: Callable[[HtmlElement, str, list[Removal]], None],
    removed: list[Removal],
) -> None:
    """Remove the Latin-script boxes with their own heading from an Arabic article (module docstring)."""
    if h1 is None or not is_arabic(visible_text(h1)):
        return
    for element in list(tree.iter(*_BOX_TAGS)):
        if element not in protected and element.getparent() is not None and _is_foreign_box(element):
            drop(element, "dom_foreign_box", removed)
