"""One cleaning stage failing must not cost the article: run it guarded, fall back to what the stage
before it produced, and record the failure as a named Removal ("stage_failed:<stage>:<Error>").

Also the one place that makes text safe for lxml: characters XML forbids (C0 controls other than tab,
newline and carriage return, lone surrogates, U+FFFE/U+FFFF) make lxml refuse a text node, so they are
removed before the parser sees the page (vertical tab and form feed become a space: they separate words),
written as characters or as numeric character references (&#x0b;: the parser would make them characters).
"""
from __future__ import annotations

import re
from typing import Callable, TypeVar

from cleaners.document import Removal

__all__ = ["xml_safe", "guarded"]

T = TypeVar("T")

_SPACE_LIKE = re.compile(r"[\x0b\x0c]")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _safe_reference(match: re.Match) -> str:
    code = int(match[1], 16) if match[1] else int(match[2])
    if code > 0x10FFFF:
        return match[0]  # the parser makes it U+FFFD itself
    char = chr(code)
    return " " if _SPACE_LIKE.match(char) else "" if _XML_FORBIDDEN.match(char) else match[0]


def xml_safe(text: str) -> str:
    """The text without the characters an XML tree cannot hold (unchanged when it has none)."""
    if "&#" in text:
        text = _CHARACTER_REFERENCE.sub(_safe_reference, text)
    if _XML_FORBIDDEN.search(text):
        text = _XML_FORBIDDEN.sub("", text)
    if _SPACE_LIKE.search(text):
        text = _SPACE_LIKE.sub(" ", text)
    return text


def guarded(stage: str, removed: list[Removal], fallback: Callable[[], T], run: Callable[..., T], *args,
            where: str = "dom") -> T:
    """run(*args); when it raises, the failure goes to `removed` and fallback() is the stage's result."""
    try:
        return run(*args)
    except Exception as exc:  # any bug or odd input inside one stage: keep the article, name the failure
        removed.append(Removal(rule=f"stage_failed:{stage}:{type(exc).__name__}", text=str(exc)[:200], stage=where))
        return fallback()
