"""Quality rules: each returns a named reason or None. Nothing English-centric (no C4 punctuation
rule, no Gopher stop words): Arabic news has its own punctuation habits and function words."""

from __future__ import annotations

import re

from corpus.curate.settings import CurationSettings

# Endings of a sentence in Arabic or Latin text, allowing closing quotes/brackets after them.
SENTENCE_END = re.compile(r"[.!?؟…:؛]\s*[\"'»”)\]]*\s*$")
URL = re.compile(r"https?://|www\.", re.IGNORECASE)


def body_lines(text: str, title: str | None) -> list[str]:
    """Non-empty lines of the text, the title line left out."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    if title and lines and lines[0] == title.strip():
        lines = lines[1:]
    return lines


def is_list_line(line: str, max_words: int) -> bool:
    """A link/list item: a bare URL, or a short line that is not a sentence (a headline, a menu entry)."""
    if URL.search(line) and len(URL.sub("", line).split()) <= max_words:
        return True
    return len(line.split()) <= max_words and not SENTENCE_END.search(line)


def list_line_ratio(lines: list[str], max_words: int) -> float:
    if not lines:
        return 0.0
    return sum(1 for line in lines if is_list_line(line, max_words)) / len(lines)


def too_short(word_count: int, settings: CurationSettings) -> str | None:
    if word_count < settings.min_words:
        return f"{word_count} words < {settings.min_words}"
    return None


def low_arabic(ratio: float, settings: CurationSettings) -> str | None:
    if ratio < settings.min_arabic_ratio:
        return f"arabic_ratio {ratio:.2f} < {settings.min_arabic_ratio}"
    return None


def link_list(text: str, title: str | None, settings: CurationSettings) -> str | None:
    lines = body_lines(text, title)
    if len(lines) < settings.min_lines_for_list:
        return None
    ratio = list_line_ratio(lines, settings.list_line_max_words)
    if ratio > settings.max_link_line_ratio:
        return f"{ratio:.2f} of {len(lines)} lines are list/link items > {settings.max_link_line_ratio}"
    return None
