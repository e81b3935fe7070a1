"""Lines and the shapes the text steps share: a Line (text + normalized form), Found metadata, a step's
result and context, and the small helpers that read labels, tags and credits off a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from cleaners.dates import is_date_line
from cleaners.document import Document, Removal
from cleaners.normalize import clean_whitespace, normalize_for_matching
from cleaners.rules import Rules

__all__ = [
    "Line",
    "Found",
    "StepResult",
    "Context",
    "value_after_label",
    "split_tags",
    "agency_credit",
    "to_lines",
    "apply_found",
]

_WORD = re.compile(r"[^\W_]+")
_LABEL_TAIL = re.compile(r"^[\s:：\-–—|/»>«\u064b-\u065f\u0640]+")
_SENTENCE_END = re.compile(r"[.!…]\s*[\"'»”)]*$")
_TAG_SEPARATORS = re.compile(r"\s*(?:[،,;؛|/•#\n]|\s{2,}|\s-\s)\s*")
_EDGE_PUNCT = " \t-–—_:;,.،؛|/•*\"'«»()[]{}"


class Line(NamedTuple):
    text: str  # output text (whitespace cleaned)
    norm: str  # normalized for matching
    words: int

    @classmethod
    def of(cls, text: str) -> Line:
        norm = normalize_for_matching(text)
        return cls(text, norm, len(norm.split()))


@dataclass(frozen=True)
class Found:
    """Metadata a step moved out of the text."""

    field: str  # published, author, section, tags, source_credit, outlet_name, title
    value: str


@dataclass
class StepResult:
    kept: list[Line]
    removed: list[Removal] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    rules: Rules
    title: str | None = None  # known headline (HTML stage): lines repeating it are dropped
    find_title: bool = True  # text input: decide whether the first line is the headline

    @property
    def title_norm(self) -> str:
        return normalize_for_matching(self.title) if self.title else ""


# --------------------------------------------------------------------------- helpers


def value_after_label(text: str, label_norm: str) -> str:
    """The original text after a label matched on the normalized form ("كلمات دلالية: a b" -> "a b").

    Counts the label's words on the original line, then strips the delimiter after them."""
    count = len(_WORD.findall(label_norm))
    end = 0
    for index, match in enumerate(_WORD.finditer(text), 1):
        end = match.end()
        if index >= count:
            break
    return _LABEL_TAIL.sub("", text[end:]).strip()


def split_tags(value: str, rules: Rules) -> list[str]:
    """Tags from a tag line: explicit separators when there are any; otherwise words grouped by
    rules of thumb (a given name takes the next word, a word with the article ال joins the one before)."""
    value = value.strip(_EDGE_PUNCT)
    if not value:
        return []
    parts = [p.strip(_EDGE_PUNCT) for p in _TAG_SEPARATORS.split(value)]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        return parts
    tags: list[list[str]] = []
    join_next = False
    for word in value.split():
        norm = normalize_for_matching(word)
        if tags and (join_next or (norm.startswith("ال") and len(norm) > 3)):
            tags[-1].append(word)
        else:
            tags.append([word])
        join_next = norm in rules.given_names
    return [" ".join(t) for t in tags]


def _is_teaser_like(line: Line, rules: Rules) -> bool:
    """A teaser title or list item: short and not a finished sentence (or a relative time line)."""
    if is_date_line(line.text):
        return True
    return line.words <= rules.setting("teaser_line_max_words", 25) and not _SENTENCE_END.search(line.text)


def _is_body_like(line: Line, rules: Rules) -> bool:
    return line.words >= rules.setting("body_line_min_words", 15) or (
        line.words >= 8 and bool(_SENTENCE_END.search(line.text))
    )


_END_SIGNAL_ACTIONS = ("footer", "nav", "prompt", "metadata_label")


def _is_end_signal(line: Line, rules: Rules) -> bool:
    """Lines that only come after an article's last paragraph: credits, tags, footers, prompts, nav."""
    hit = rules.first_match(line.norm, _END_SIGNAL_ACTIONS)
    if hit and not (hit[0].action == "metadata_label" and hit[0].field in ("author", "section")):
        return True
    return rules.is_agency_line(line.norm)


def _remove(line: Line, rule: str) -> Removal:
    return Removal(rule=rule, text=line.text, stage="text")


_CREDIT_PREFIX_TEXT = re.compile(r"^[\s\W]*(?:(?:نقلا[ًٌ]?|نقل|بتصرف)\s+)?(?:عن|من)\s*[:：\-–—]?\s*(?=\S)")


def agency_credit(text: str) -> str:
    """The credit value of a wire-credit line: edge punctuation and a "نقلاً عن"/"عن" lead-in removed."""
    return _CREDIT_PREFIX_TEXT.sub("", text.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)


def to_lines(text: str) -> list[Line]:
    """Non-empty lines, whitespace cleaned (one line is one paragraph)."""
    return [Line.of(t) for t in clean_whitespace(text).split("\n") if t.strip()]


def apply_found(document: Document, found: list[Found]) -> None:
    """First value wins for single fields; tags and credits accumulate without duplicates."""
    for item in found:
        if item.field in ("tags", "source_credit"):
            values = getattr(document, item.field)
            if item.value and item.value not in values:
                values.append(item.value)
        elif item.field == "title":
            document.title = document.title or item.value
        elif item.field in ("published", "author", "section", "outlet_name"):
            if not getattr(document, item.field):
                setattr(document, item.field, item.value)
