"""Two kinds of text normalization, kept strictly apart.

* `normalize_for_matching(text)`: an aggressive fold used ONLY to compare text with marker phrases
  (and by search later). One rule then covers the real spellings of a phrase: presentation-form
  ligatures, hamza/alef variants, alef maqsura, teh marbuta, diacritics and tanween, tatweel, bidi and
  zero-width marks, NBSP and other spaces, Eastern Arabic digits, Latin case.
* `clean_whitespace(text)`: the only change the cleaners make to the text they output: invisible marks
  removed, NBSP and runs of spaces collapsed, lines stripped. The article's own spelling is kept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from types import MappingProxyType
from typing import Callable

__all__ = [
    "normalize_for_matching",
    "clear_normalize_cache",
    "clear_with_foldings",
    "clean_whitespace",
    "strip_invisible",
    "INVISIBLE_CHARS",
]

# Marks that change nothing visible: bidi controls (LRM, RLM, ALM, embeddings, isolates), zero-width
# space/joiners, BOM, soft hyphen. Pages sprinkle them around labels and numbers.
INVISIBLE_CHARS = frozenset(
    [
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x200F,
        0xFEFF,
        0x061C,
        0x00AD,
        0x2060,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0x00, 0x09),
        *range(0x0E, 0x20),
        0x7F,
    ]  # C0 control characters (NUL in broken exports)
)
# Horizontal spaces other than U+0020 that must read as one plain space.
_SPACES = [0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, 0x000C]

_DIACRITICS = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E9),
    *range(0x06EA, 0x06EE),
]

_INVISIBLE_TABLE = MappingProxyType({cp: None for cp in INVISIBLE_CHARS})
# A search is much cheaper than a translate; most texts hold no invisible mark at all.
_ANY_INVISIBLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(INVISIBLE_CHARS)) + "]")

_MATCH_TABLE = MappingProxyType(
    {
        **{cp: None for cp in INVISIBLE_CHARS},
        **{cp: None for cp in _DIACRITICS},
        **{cp: " " for cp in _SPACES},
        0x0640: None,  # tatweel: 'دولــي' -> 'دولي'
        **{ord(c): "ا" for c in "أإآٱٲٳ"},
        ord("ى"): "ي",
        ord("ی"): "ي",  # Persian yeh
        ord("ئ"): "ي",
        ord("ؤ"): "و",
        ord("ک"): "ك",  # Persian kaf
        ord("ة"): "ه",
        **{0x0660 + i: str(i) for i in range(10)},  # Eastern Arabic digits
        **{0x06F0 + i: str(i) for i in range(10)},  # Persian digits
        ord("،"): ",",
        ord("؛"): ";",
        ord("؟"): "?",
    }
)

# text.translate(_MATCH_TABLE), done as one regex pass over the few characters it changes: translate
# looks up every character of the text in the table (most Arabic text keeps nearly all of them).
_FOLDED_TO = {chr(cp): "" if to is None else to for cp, to in _MATCH_TABLE.items()}
_TO_FOLD = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_FOLDED_TO)) + "]")


def _folded_char(match: re.Match[str]) -> str:
    return _FOLDED_TO[match.group()]


def fold_chars(text: str) -> str:
    """The fold table applied: the same as text.translate(_MATCH_TABLE)."""
    return _TO_FOLD.sub(_folded_char, text)


# A tatweel standing alone between spaces is used as a dash ("الثبات ـ دولي"): keep it as "-".
_LONE_TATWEEL = re.compile(r"(?<!\S)\u0640+(?!\S)")
_SPACE_RUN = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x0b\x0c]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_for_matching(text: str) -> str:
    """The folded form used to match marker phrases (never shown to users).

    NFKC first (so U+FEF7 'ﻷ' becomes 'لأ' before hamza folding), then the fold table, then
    casefold and single spaces. Idempotent."""
    if not text:
        return ""
    return _normalized(text)


# A page's passes fold the same texts again and again (a paragraph as an extracted line, as a body block,
# in the glued-teaser test); recent answers are kept. Bounded, so memory stays flat.
@lru_cache(maxsize=2048)
def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if "\u0640" in text:
        text = _LONE_TATWEEL.sub("-", text)
    folded = fold_chars(text).casefold()
    return " ".join(folded.split())


_CLEAR_WITH_FOLDINGS: list[Callable[[], None]] = []  # memos of what folded texts matched (cleaners.rules)


def clear_with_foldings(clear: Callable[[], None]) -> None:
    """Have clear_normalize_cache also call `clear` (a memo keyed by folded texts)."""
    _CLEAR_WITH_FOLDINGS.append(clear)


def clear_normalize_cache() -> None:
    """Forget remembered foldings and what was remembered about them (benchmarks use it to time pages as
    never seen before)."""
    _normalized.cache_clear()
    for clear in _CLEAR_WITH_FOLDINGS:
        clear()


def strip_invisible(text: str) -> str:
    """Remove bidi and zero-width marks, BOM and soft hyphens."""
    return text.translate(_INVISIBLE_TABLE) if _ANY_INVISIBLE.search(text) else text


def clean_whitespace(text: str) -> str:
    """Output whitespace: invisible marks removed, NBSP/space runs collapsed to one space, each line
    stripped, runs of blank lines collapsed to one blank line, no leading/trailing blank lines.
    Nothing else changes. Idempotent."""
    if not text:
        return ""
    text = strip_invisible(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # With no whitespace that split() knows and the space class does not (NEL, line and paragraph
    # separators), split/join is the same collapse as the regex, and much cheaper.
    plain = not ("\x85" in text or "\u2028" in text or "\u2029" in text)
    if "\n" not in text:  # one line (most calls): no blank lines to collapse
        return " ".join(text.split()) if plain else _SPACE_RUN.sub(" ", text).strip()
    if plain:
        lines = [" ".join(line.split()) for line in text.split("\n")]
    else:
        lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
