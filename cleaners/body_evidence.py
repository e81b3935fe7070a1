"""The page's own description of its body - JSON-LD `articleBody`, `og:description` / description - used
as evidence of the body's extent: a recall check, never a second copy.

When the extracted body misses sentences the evidence holds and those sentences are blocks of the
(pruned) page, the blocks are put back from the DOM in reading order. Text found only in the evidence
and nowhere in the page is never output; blocks pruning removed (a teaser box quoting the article)
stay removed, because the search runs on the pruned tree.
"""

from __future__ import annotations

import json
import re

from lxml.html import HtmlElement

from cleaners.body_extent import Block, body_blocks, restore_missing_blocks
from cleaners.dom import json_ld_scripts
from cleaners.lines import Line
from cleaners.normalize import normalize_for_matching

__all__ = ["read_body_evidence", "with_evidence_blocks"]

_DESCRIPTION_NAMES = ("description", "twitter:description")
# The string value of "articleBody" (JSON-LD is often not valid JSON as a whole: read the one field).
_ARTICLE_BODY = re.compile(r'"articleBody"\s*:\s*"((?:[^"\\]|\\.)*)"', re.S)
_TAG = re.compile(r"<[^>]+>")
_SHINGLE = 4
_MIN_MISSING = 8  # missing evidence shingles below this: the extracted body already has it all
_BLOCK_SHARE = 0.8  # share of a block's shingles the evidence must hold to vouch for the block
_MIN_BLOCK_WORDS = 4
_MAX_LINK_SHARE = 0.5


def _shingles(norm: str) -> set[tuple[str, ...]]:
    words = norm.split()
    return {tuple(words[i : i + _SHINGLE]) for i in range(max(0, len(words) - _SHINGLE + 1))}


def _json_string(raw: str) -> str:
    try:
        decoded: str = json.loads(f'"{raw}"')
        return decoded
    except ValueError:
        return raw.replace('\\"', '"').replace("\\n", "\n")


def read_body_evidence(tree: HtmlElement) -> str:
    """The normalized text of the page's JSON-LD articleBody values and its description metas ("" when
    it has none). Read before pruning: pruning drops <script> and <meta>."""
    parts = []
    for script in json_ld_scripts(tree):
        for match in _ARTICLE_BODY.finditer(script.text or ""):
            parts.append(_TAG.sub(" ", _json_string(match.group(1))))
    # //meta[@property='og:description' or @name='description' or @name='twitter:description']/@content
    parts += [
        value
        for meta in tree.iter("meta")
        if (meta.get("property") == "og:description" or meta.get("name") in _DESCRIPTION_NAMES)
        and (value := meta.get("content")) is not None
    ]
    return "\n".join(normalize_for_matching(part) for part in parts if part.strip())


def _vouched(block: Block, evidence: set[tuple[str, ...]]) -> bool:
    if block.words < _MIN_BLOCK_WORDS or block.link_share >= _MAX_LINK_SHARE or block.in_caption:
        return False
    shingles = _shingles(block.norm)
    return bool(shingles) and len(shingles & evidence) >= _BLOCK_SHARE * len(shingles)


def with_evidence_blocks(
    lines: list[Line], tree: HtmlElement, evidence: str, lead: str | None = None
) -> tuple[list[Line], int]:
    """The lines with the page blocks the evidence vouches for, and the lines miss, put back in DOM
    order; and how many were put back. The deck (`lead`), put back later, counts as present."""
    if not evidence:
        return lines, 0
    wanted = set()
    for part in evidence.split("\n"):
        wanted |= _shingles(part)
    missing = wanted - _shingles(normalize_for_matching(lead)) if lead else set(wanted)
    for line in lines:  # until the lines hold all but a few of the evidence's shingles (mostly the lead)
        if len(missing) < _MIN_MISSING:
            break
        missing -= _shingles(line.norm)
    if len(missing) < _MIN_MISSING:
        return lines, 0
    body = tree.find("body")
    blocks = body_blocks([body if body is not None else tree])
    return restore_missing_blocks(lines, blocks, lambda previous, block, following: _vouched(block, wanted))
