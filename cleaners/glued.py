"""A teaser run on at the end of a body paragraph: "… آخر جملة من الفقرة. اقرأ أيضا: عنوان خبر آخر".

Structural shape, lexicon from the rules file ([glued_teaser] markers): a finished sentence, then a
marker followed by a delimiter, then a short teaser title and nothing else. The paragraph is cut from the
marker on; the sentence before it stays.
"""

from __future__ import annotations

import re

from cleaners.normalize import normalize_for_matching
from cleaners.rules import Rules

__all__ = ["glued_teaser_start"]

_SENTENCE_END = re.compile(r"[.!؟?…»\"”)]$")
_DELIMITER = re.compile(r"^[:：\-–—|»>]+$")
_WORD = re.compile(r"\S+")
_STRIP = " :：-–—|»>«.,،؛;\"'()"
_MIN_KEPT_WORDS = 5


def _marker_end(norms: list[str], start: int, marker: tuple[str, ...], words: list[str]) -> int | None:
    """Index of the first title word when the marker starts at `start` and a delimiter follows it."""
    end = start + len(marker)
    if end > len(norms) or tuple(n.strip(_STRIP) for n in norms[start:end]) != marker:
        return None
    if words[end - 1].rstrip().endswith((":", "：", "-", "–", "—", "|", "»")):
        return end
    if end < len(words) and _DELIMITER.match(words[end]):
        return end + 1
    return None


def glued_teaser_start(text: str, rules: Rules, norm: str | None = None) -> int | None:
    """The character offset where a glued teaser starts in a paragraph (`norm`: its normalized form,
    when the caller has it), or None."""
    if not rules.glued_markers:
        return None
    words = text.split()
    if len(words) < _MIN_KEPT_WORDS + 2:
        return None
    # Most paragraphs hold no marker's words at all: look for them in the whole line before word by word.
    norm = normalize_for_matching(text) if norm is None else norm
    if not any(all(word in norm for word in marker) for marker in rules.glued_markers):
        return None
    firsts = {marker[0] for marker in rules.glued_markers}
    norms = [normalize_for_matching(word) for word in words]
    limit = rules.setting("glued_teaser_max_words", 25)
    for index in range(_MIN_KEPT_WORDS, len(words) - 1):
        if norms[index].strip(_STRIP) not in firsts or not _SENTENCE_END.search(words[index - 1]):
            continue
        for marker in rules.glued_markers:
            title_start = _marker_end(norms, index, marker, words)
            if title_start is not None and 1 <= len(words) - title_start <= limit:
                return _offset_of_word(text, index)
    return None


def _offset_of_word(text: str, index: int) -> int:
    return [m.start() for m in _WORD.finditer(text)][index]
