"""The cleaned document: what every cleaner returns and the store saves."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Removal:
    """One piece of text a cleaner dropped (or moved to metadata), and why."""

    rule: str  # a named reason, e.g. "marker:read_also", "teaser_inline", "repeated_body"
    text: str
    stage: str = "text"  # "dom" (HTML pruning) or "text" (line rules)


@dataclass
class Document:
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601, "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    author: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    source_credit: list[str] = field(default_factory=list)
    outlet_name: str | None = None  # the outlet as the page names itself
    lang: str | None = None
    url: str | None = None
    removed: list[Removal] = field(default_factory=list)
    # Set when the page yields no article text: the named reason ("empty", "unparseable", ...).
    rejected: str | None = None

    @property
    def text(self) -> str:
        """The seed shape: title line first, then paragraphs, one blank line between."""
        parts = ([self.title] if self.title else []) + list(self.paragraphs)
        return "\n\n".join(parts)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def metadata(self) -> dict[str, Any]:
        """What moved out of the text, in the shape of the seeds' `.meta.json` (empty fields left out)."""
        meta = {
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "section": self.section,
            "tags": self.tags,
            "source_credit": self.source_credit,
            "outlet": self.outlet_name,
            "lang": self.lang,
        }
        return {k: v for k, v in meta.items() if v}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["text"] = self.text
        return data
