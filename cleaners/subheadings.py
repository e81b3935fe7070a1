"""The article's own subheadings inside the body container, put back before the paragraph they head
(the extractor's paragraph-only fallback loses them)."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.html import HtmlElement

from cleaners.dom import (
    SUBHEADING_TAGS,
    in_boilerplate_box,
    in_link,
    is_caption_like,
    is_marker_text,
    mostly_link,
    visible_text,
)
from cleaners.lines import Line
from cleaners.normalize import normalize_for_matching
from cleaners.rules import Rules

__all__ = ["body_subheadings", "with_subheadings"]


def _next_block_norm(element: HtmlElement) -> str | None:
    """The normalized text of the first paragraph-sized block after an element (its siblings, then its
    parent's), cut to its first words: how a subheading is put back in front of its paragraph."""
    for node in (element, element.getparent()):
        if node is None:
            break
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            words = normalize_for_matching(visible_text(sibling)).split()
            if len(words) >= 8:
                return " ".join(words[:12])
            if sibling.tag in SUBHEADING_TAGS:
                return None
    return None


_SUBHEADING_BLOCKS = frozenset(["div", "span", "b", "strong", "font", "em", "i", "section", "header", "u"])


def _is_paragraph_block(element: HtmlElement) -> bool:
    return isinstance(element.tag, str) and len(element.text_content().split()) >= 8


def _subheading_candidates(main: HtmlElement, headline: HtmlElement | None) -> Iterator[HtmlElement]:
    """h2-h6 anywhere in the body container, and short non-paragraph blocks standing between two of its
    paragraphs (a <div>/<b> subheading: the extractor's paragraph-only fallback drops those too)."""
    for heading in main.iter(*SUBHEADING_TAGS):
        if headline is None or not (heading is headline or headline in heading.iterancestors()):
            yield heading
    children = [c for c in main if isinstance(c.tag, str)]
    for index, child in enumerate(children[1:-1], 1):
        if (
            child.tag in _SUBHEADING_BLOCKS
            and _is_paragraph_block(children[index - 1])
            and not any(True for _ in child.iter(*SUBHEADING_TAGS))
            and child is not headline
        ):
            yield child


def body_subheadings(main: HtmlElement, headline: HtmlElement, rules: Rules) -> list[tuple[str, str]]:
    """(subheading, start of the paragraph after it) for the subheadings inside the body container: the
    extractor's fallback keeps only paragraphs, losing the article's own subheadings."""
    if main is None:
        return []
    found = []
    for heading in _subheading_candidates(main, headline):
        text = visible_text(heading)
        norm = normalize_for_matching(text)
        if not 1 <= len(norm.split()) <= 20 or in_link(heading) or is_marker_text(norm, rules):
            continue
        if is_caption_like(heading) or in_boilerplate_box(heading, rules) or mostly_link(heading, text):
            continue
        following = _next_block_norm(heading)
        if following:
            found.append((text, following))
    return found


def with_subheadings(lines: list[Line], subheadings: list[tuple[str, str]]) -> list[Line]:
    """Put each missing subheading back right before the paragraph it heads (when that paragraph is
    in the extracted text; a subheading over nothing we kept stays out)."""
    if not subheadings:
        return lines
    lines = list(lines)
    present = {line.norm for line in lines}
    for text, following in subheadings:
        heading = Line.of(text)
        if heading.norm in present:
            continue
        index = next((i for i, line in enumerate(lines) if line.norm.startswith(following)), None)
        if index is not None:
            lines.insert(index, heading)
            present.add(heading.norm)
    return lines
