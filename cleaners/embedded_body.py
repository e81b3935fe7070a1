"""The article body carried in the page's data scripts, used when the rendered page does not show it.

Client-rendered pages (Next.js `__NEXT_DATA__`, Nuxt, `window.__INITIAL_STATE__ = {...}`) print a shell
- headline, deck, related cards - and keep the body only as a string in a JSON script; JSON-LD
`articleBody` may hold it too. The body is the longest Arabic-prose string in those scripts (HTML inside
it read as blocks). It replaces the extracted lines only when those lines hold little of it and are
shorter than it: then what was extracted is the shell's furniture, and each replaced line is named in
the audit trail. Pages that render their body never reach the replacement (their lines hold its text).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from cleaners.document import Removal
from cleaners.lines import Line, to_lines

__all__ = ["read_data_scripts", "embedded_body_lines", "with_embedded_body"]

_DATA_TYPES = frozenset(["application/json", "application/ld+json"])
# a state object assigned to a global: window.__INITIAL_STATE__ = ..., window.__NUXT__=(function..., self.x =
_STATE_START = re.compile(r"^\s*(?:(?:window|self|globalThis)\.[\w$]+|(?:var|let|const)\s+_\w*|__\w+)\s*=")
_MAX_SCRIPTS = 20
_MAX_SCRIPT_CHARS = 3_000_000  # a larger script is read this far
_MAX_STRINGS = 1000  # string literals of a paragraph's length looked at per page
# a JSON string literal long enough to be a paragraph (raw, escapes included), with its key when it has one
_STRING = re.compile(r'(?:"([A-Za-z_][\w-]{0,39})"\s*:\s*)?"((?:[^"\\]|\\.){60,})"', re.S)
_MIN_PART_WORDS = 8
# keys under which a page keeps its body ("articleBody", "content", "body_html", "text")
_BODY_KEY = re.compile(r"(?i)^(article_?)?(body|content|text|html)(_?html|_?text)?$")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LETTER = re.compile(r"[^\W\d_]")
_MIN_WORDS = 40
_MIN_ARABIC_SHARE = 0.5  # of the string's letters
_MIN_LETTER_SHARE = 0.6  # of its non-space characters: prose, not code or ids
_MAX_PRESENT = 0.3  # the extracted lines hold less than this share of the body's shingles: not rendered
_SHINGLE = 4

_UNREAD = re.compile(r"<(script|style|figcaption|noscript)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_BREAK = re.compile(
    r"<\s*(?:br\s*/?|/?\s*(?:p|div|h[1-6]|li|blockquote|section|figure|tr|table|ul|ol|article)\b[^>]*)>", re.I
)
_TAG = re.compile(r"<[^>]*>")


def read_data_scripts(tree: HtmlElement) -> list[str]:
    """The texts of the page's data scripts (JSON, JSON-LD, a state object assigned to a global), read
    before pruning removes scripts; bounded in count and size."""
    found = []
    for script in tree.iter("script"):
        text = script.text
        if not text or len(text) < 400:
            continue
        kind = (script.get("type") or "").lower()
        if kind in _DATA_TYPES or script.get("id") == "__NEXT_DATA__" or _STATE_START.match(text[:200]):
            found.append(text[:_MAX_SCRIPT_CHARS])
            if len(found) >= _MAX_SCRIPTS:
                break
    return found


def _string_value(raw: str) -> str | None:
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _as_lines(value: str) -> list[Line]:
    """A body string as lines: HTML read block by block, plain text line by line."""
    if "<" in value and ">" in value:
        value = _TAG.sub(" ", _BLOCK_BREAK.sub("\n", _UNREAD.sub(" ", value)))
        value = html.unescape(value)
    return to_lines(value)


def _prose_weight(value: str) -> int:
    """0 for what is not prose (ids, code, base64: few letters among its characters); 2 for Arabic
    prose, 1 for prose in another script (an English article of an Arabic outlet), so an Arabic body
    wins over a longer English string of the same page."""
    letters = len(_LETTER.findall(value))
    if letters < _MIN_LETTER_SHARE * (len(value) - value.count(" ")):
        return 0
    return 2 if len(_ARABIC.findall(value)) >= _MIN_ARABIC_SHARE * letters else 1


def _runs(scripts: list[str]) -> Iterator[tuple[list[Line], int, bool]]:
    """Each run of consecutive prose strings filed under one key (a body kept whole, or as a list of
    paragraph blocks, each {"type": "text", "content": "..."}): its lines, its prose weight and whether
    the key names a body. A prose string under another key ends a run; ids and URLs do not."""
    seen = 0
    for script in scripts:
        key: str | None = None
        lines: list[Line] = []
        weight = 0
        for match in _STRING.finditer(script):
            seen += 1
            if seen > _MAX_STRINGS:
                break
            raw = match.group(2)
            if raw.count(" ") < _MIN_PART_WORDS - 1:
                continue  # an id, a URL, a short label
            value = _string_value(raw)
            part_weight = _prose_weight(_TAG.sub(" ", value)) if value is not None else 0
            part = _as_lines(value) if value is not None and part_weight else []
            if sum(line.words for line in part) < _MIN_PART_WORDS:
                continue
            part_key = match.group(1) or ""
            if part_key != key:
                if lines:
                    yield lines, weight, bool(key and _BODY_KEY.match(key))
                key, lines, weight = part_key, [], 0
            lines += part
            weight = max(weight, part_weight)
        if lines:
            yield lines, weight, bool(key and _BODY_KEY.match(key))


def embedded_body_lines(scripts: list[str]) -> tuple[list[Line], bool]:
    """The lines of the longest prose run in the data scripts, Arabic first and under a body key first
    ([] when none is body-sized), and whether its key names a body."""
    best: list[Line] = []
    best_score = 0
    best_keyed = False
    for lines, weight, keyed in _runs(scripts):
        words = sum(line.words for line in lines)
        score = words * weight * (2 if keyed else 1)
        if words >= _MIN_WORDS and score > best_score:
            best, best_score, best_keyed = lines, score, keyed
    return best, best_keyed


def _shingles(lines: list[Line]) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for line in lines:
        words = line.norm.split()
        found.update(tuple(words[i : i + _SHINGLE]) for i in range(max(0, len(words) - _SHINGLE + 1)))
    return found


def with_embedded_body(lines: list[Line], scripts: list[str]) -> tuple[list[Line], list[Removal]]:
    """The lines, or the data scripts' body in their place when the page did not render it (see the
    module docstring); the replaced lines as removals."""
    if not scripts:
        return lines, []
    body, keyed = embedded_body_lines(scripts)
    # a string the page files as its body may be shorter than the shell's furniture; any other long
    # string must at least outweigh what was extracted
    if not body or (not keyed and sum(line.words for line in lines) >= sum(line.words for line in body)):
        return lines, []
    wanted = _shingles(body)
    if not wanted or len(wanted & _shingles(lines)) >= _MAX_PRESENT * len(wanted):
        return lines, []
    return body, [Removal(rule="embedded_body:rendered_shell", text=line.text, stage="dom") for line in lines]
