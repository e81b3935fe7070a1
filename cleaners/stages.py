"""One cleaning stage failing must not cost the article: run it guarded, fall back to what the stage
before it produced, and record the failure as a named Removal ("stage_failed:<stage>:<Error>").

What a stage catches is also logged at debug level on the "cleaners" logger, naming the page being
cleaned (`cleaning_page(url)` sets it for everything that runs inside).

Also the one place that makes text safe for lxml: characters XML forbids (C0 controls other than tab,
newline and carriage return, lone surrogates, U+FFFE/U+FFFF) make lxml refuse a text node, so they are
removed before the parser sees the page (vertical tab and form feed become a space: they separate words),
written as characters or as numeric character references (&#x0b;: the parser would make them characters).
"""

from __future__ import annotations

import contextvars
import logging
import re
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from cleaners.document import Removal

__all__ = ["xml_safe", "guarded", "cleaning_page", "log_caught"]

log = logging.getLogger("cleaners")
_PAGE: contextvars.ContextVar[str | None] = contextvars.ContextVar("cleaners_page", default=None)


@contextmanager
def cleaning_page(name: str | None) -> Iterator[None]:
    """Name the page (its URL) that what runs inside is cleaning, for the debug log."""
    token = _PAGE.set(name)
    try:
        yield
    finally:
        _PAGE.reset(token)


def log_caught(what: str, exc: BaseException, trace: bool = False) -> None:
    """One debug line: which page, what caught the error, the error."""
    log.debug(
        "%s: %s caught %s: %s",
        _PAGE.get() or "(page without URL)",
        what,
        type(exc).__name__,
        exc,
        exc_info=exc if trace else None,
    )


T = TypeVar("T")

_SPACE_LIKE = re.compile(r"[\x0b\x0c]")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _safe_reference(match: re.Match[str]) -> str:
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


def guarded(
    stage: str, removed: list[Removal], fallback: Callable[[], T], run: Callable[..., T], *args: Any, where: str = "dom"
) -> T:
    """run(*args); when it raises, the failure goes to `removed` and fallback() is the stage's result."""
    try:
        return run(*args)
    except Exception as exc:  # any bug or odd input inside one stage: keep the article, name the failure
        log_caught(f"stage {stage}", exc)
        removed.append(Removal(rule=f"stage_failed:{stage}:{type(exc).__name__}", text=str(exc)[:200], stage=where))
        return fallback()
