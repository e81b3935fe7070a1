"""Body extent: every paragraph-like block inside the chosen body, in reading order.

The extractor keeps <p> paragraphs well but loses <div> paragraphs, bare text runs split by <br>, list
items and text that continues in a sibling container after the main one (behind a related box or a
"read more" expander). This pass reads the body container (and such continuations) as blocks - block
elements and <br>-separated runs alike - and puts back, in DOM order, the blocks the extractor left out.
Blocks that are mostly link text are never put back; markers in restored blocks still meet the text
stage's rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Callable

from lxml.html import HtmlElement

from cleaners.lines import Line
from cleaners.normalize import clean_whitespace, normalize_for_matching

__all__ = ["Block", "body_blocks", "extent_blocks", "extent_roots", "restore_missing_blocks"]

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "td",
        "th",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "tbody",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "figure",
        "blockquote",
        "main",
        "dl",
        "dt",
        "dd",
        "pre",
        "center",
        "form",
        "address",
        "hr",
    ]
)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "head", "title", "figcaption", "button"])
_SENTENCE_END = re.compile(r"[.!؟?…:»\"”)]\s*$")
_CAPTION_CLASS = re.compile(r"caption|credit|photo|image|img|media|figure|thumb|gallery|video|pic", re.I)
_PROSE_WORDS = 12  # a block this long (or 8+ words ending a sentence) is a paragraph
_LIST_ITEM_WORDS = 3  # list items of the body (demands, short quotes) count from this many words
_MAX_LINK_SHARE = 0.5
_CONTINUATION_WORDS = 30  # prose a sibling container needs to continue the body
_PRESENT_SHARE = 0.6  # share of a block's 4-word shingles already extracted: the block is there


@dataclass(frozen=True)
class Block:
    text: str
    norm: str
    words: int
    link_share: float
    in_list: bool
    in_caption: bool = False  # inside an image block or a caption/photo/credit class: never put back

    @property
    def is_paragraph(self) -> bool:
        """Stricter than prose: what a heading or an update header must stand over."""
        return self.words >= 15 or (self.words >= 8 and bool(_SENTENCE_END.search(self.text)))

    @property
    def is_prose(self) -> bool:
        return self.words >= _PROSE_WORDS or (self.words >= 8 and bool(_SENTENCE_END.search(self.text)))


def _is_caption_box(element: HtmlElement) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if element.tag in ("figure", "picture") or (names.strip() and _CAPTION_CLASS.search(names)):
        return True
    # an image block: an image of its own and a caption's worth of text, not a container holding figures
    return (
        any(child.tag in ("img", "picture", "video") for child in element) and len(element.text_content().split()) <= 30
    )


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.in_list = False
        self.in_caption = False

    def flush(self) -> None:
        text = clean_whitespace(" ".join(self.parts)).replace("\n", " ").strip()
        if text:
            norm = normalize_for_matching(text)
            self.blocks.append(
                Block(
                    text, norm, len(norm.split()), min(1.0, self.link_chars / len(text)), self.in_list, self.in_caption
                )
            )
        self.parts, self.link_chars = [], 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text and text.strip():
            self.parts.append(text)
            if in_link:
                self.link_chars += len(text.strip())

    def walk(self, element: HtmlElement, in_link: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag in _SKIP_TAGS or tag is None:
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        was_in_list, was_in_caption = self.in_list, self.in_caption
        self.in_list = self.in_list or tag == "li"
        self.in_caption = self.in_caption or (block and _is_caption_box(element))
        link = in_link or tag == "a"
        if tag == "br":
            self.flush()
        self.add(element.text, link)
        for child in element:
            self.walk(child, link)
            self.add(child.tail, link)
        if block:
            self.flush()
        self.in_list, self.in_caption = was_in_list, was_in_caption


def body_blocks(roots: Iterable[HtmlElement]) -> list[Block]:
    walker = _Walker()
    for root in roots:
        walker.walk(root)
        walker.flush()
    return walker.blocks


def _is_continuation(
    element: HtmlElement, main: HtmlElement, blocks_of: dict[HtmlElement, list[Block]] | None = None
) -> bool:
    """A sibling container that carries on the body: enough prose, little of it links; a sibling of the
    body's own tag and class (the next live-blog update) needs only one prose block. The element's
    blocks are kept in `blocks_of`, when given."""
    blocks = body_blocks([element])
    if blocks_of is not None:
        blocks_of[element] = blocks
    prose = [b for b in blocks if b.is_prose and b.link_share < 0.2]
    if not any(_SENTENCE_END.search(b.text) for b in prose):
        return False
    same_kind = element.tag == main.tag and element.get("class") == main.get("class")
    return same_kind or sum(b.words for b in prose) >= _CONTINUATION_WORDS


def extent_roots(main: HtmlElement, blocks_of: dict[HtmlElement, list[Block]] | None = None) -> list[HtmlElement]:
    """The body container with the sibling containers around it that continue it (live-blog updates,
    a second part after a related box), and those after its parent, in document order. The blocks read
    from the siblings judged go to `blocks_of`, when given."""
    if main is None:
        return []
    parent = main.getparent()
    if parent is not None and parent.tag not in ("body", "html") and _is_one_of_updates(parent, blocks_of):
        main = parent  # the container is one update of a feed: read whole updates (their time headers too)
    before = [
        s for s in main.itersiblings(preceding=True) if isinstance(s.tag, str) and _is_continuation(s, main, blocks_of)
    ]
    roots = before[::-1] + [main]
    for node in (main, main.getparent()):
        if node is None or node.tag in ("body", "html"):
            break
        roots += [s for s in node.itersiblings() if isinstance(s.tag, str) and _is_continuation(s, node, blocks_of)]
    return roots


def _is_one_of_updates(item: HtmlElement, blocks_of: dict[HtmlElement, list[Block]] | None) -> bool:
    """A sibling of the item's own tag and class carries on the body: the item is one of a feed's updates."""
    kind = (item.tag, item.get("class"))
    peers = [*item.itersiblings(preceding=True), *item.itersiblings()]
    return any((s.tag, s.get("class")) == kind and _is_continuation(s, item, blocks_of) for s in peers)


def extent_blocks(main: HtmlElement) -> list[Block]:
    """body_blocks(extent_roots(main)), reading each root once (a root's blocks do not depend on the
    roots walked before it: the walker is back to its start state after each)."""
    blocks_of: dict[HtmlElement, list[Block]] = {}
    roots = extent_roots(main, blocks_of)
    return [block for root in roots for block in (blocks_of[root] if root in blocks_of else body_blocks([root]))]


def _shingles(norm: str) -> set[tuple[str, ...]]:
    words = norm.split()
    return {tuple(words[i : i + 4]) for i in range(max(0, len(words) - 3))} or {tuple(words)}


_UPDATE_TIME = re.compile(r"^\s*\d{1,2}[:.]\d{2}\b")
_UPDATE_MAX_WORDS = 8
_SUBHEADING_MAX_WORDS = 10


def _is_update_header(block: Block, following: Block | None) -> bool:
    """A live-blog update header: a short line opening with a time ("10:40 - مراسلنا ...") right before
    prose. Article text (which update, who reports), not a date line."""
    return (
        block.words <= _UPDATE_MAX_WORDS
        and bool(_UPDATE_TIME.match(block.norm))
        and following is not None
        and following.is_paragraph
    )


def _is_subheading(previous: Block | None, block: Block, following: Block | None) -> bool:
    """A short block standing between two body paragraphs (a <b> line between <br> runs)."""
    return (
        1 <= block.words <= _SUBHEADING_MAX_WORDS
        and previous is not None
        and previous.is_prose
        and following is not None
        and following.is_paragraph
        and not block.text.endswith((".", ":", "،"))
    )


def _restorable(previous: Block | None, block: Block, following: Block | None) -> bool:
    if block.link_share >= _MAX_LINK_SHARE or block.in_caption:
        return False
    return (
        block.is_prose
        or (block.in_list and block.words >= _LIST_ITEM_WORDS)
        or _is_update_header(block, following)
        or _is_subheading(previous, block, following)
    )


def restore_missing_blocks(
    lines: list[Line],
    blocks: list[Block],
    restorable: Callable[[Block | None, Block, Block | None], bool] | None = None,
) -> tuple[list[Line], int]:
    """The extracted lines with the body blocks they miss put back in DOM order; and how many.
    `restorable(previous, block, following)` decides which missing blocks may go back (default: the
    body's prose, list items, update headers and subheadings)."""
    restorable = restorable or _restorable
    if not blocks:
        return lines, 0
    by_norm: dict[str, set[tuple[str, ...]]] = {}  # a block is mostly an extracted line again: fold once

    def shingles_of(norm: str) -> set[tuple[str, ...]]:
        found = by_norm.get(norm)
        if found is None:
            found = by_norm[norm] = _shingles(norm)
        return found

    line_shingles = [shingles_of(line.norm) for line in lines]
    extracted = set().union(*line_shingles) if line_shingles else set()
    out = list(lines)
    out_shingles = list(line_shingles)  # kept parallel to `out`: each line's shingles made once

    def line_of(block: Block) -> int | None:
        start = tuple(block.norm.split()[:4])
        return next((i for i in range(len(out)) if start in out_shingles[i]), None)

    def present(block: Block) -> bool:
        shingles = shingles_of(block.norm)
        return len(shingles & extracted) >= _PRESENT_SHARE * len(shingles)

    # index in `out` after which the next missing block goes: blocks missing before the first present
    # one go right before its line (lines the extractor put ahead of the body, a deck, stay first)
    first = next((line_of(block) for block in blocks if present(block)), None)
    anchor = first - 1 if first else -1
    added = 0
    for index, block in enumerate(blocks):
        shingles = shingles_of(block.norm)
        if present(block):
            found = line_of(block)
            if found is not None and found > anchor:
                anchor = found
            continue
        previous = blocks[index - 1] if index else None
        if not restorable(previous, block, blocks[index + 1] if index + 1 < len(blocks) else None):
            continue
        anchor += 1
        out.insert(anchor, Line.of(block.text))
        out_shingles.insert(anchor, shingles)
        extracted |= shingles
        added += 1
    return out, added
