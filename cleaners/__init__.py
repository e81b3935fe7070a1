"""Arabic news boilerplate cleaners: pure functions, HTML or text in, Document out.

No Scrapy and no database here: the crawler and the store call into this package.
"""

from typing import Any

from cleaners.document import Document, Removal
from cleaners.normalize import clean_whitespace, normalize_for_matching

CLEANER_VERSION = "0.4.0"  # bump with a line in versions.toml (tests/unit/cleaners/test_cleaner_version.py)


def clean_html(html: str | bytes | None, url: str | None = None, outlet: dict[str, Any] | None = None) -> Document:
    """Clean one article page (str or bytes) into a Document."""
    from cleaners.html_stage import clean_html as _clean_html

    return _clean_html(html, url=url, outlet=outlet)


def clean_text(text: str | bytes | None, outlet: dict[str, Any] | None = None) -> Document:
    """Clean already-extracted text (the raw seed files' shape) into a Document."""
    from cleaners.text_stage import clean_text as _clean_text

    return _clean_text(text, outlet=outlet)


__all__ = [
    "CLEANER_VERSION",
    "Document",
    "Removal",
    "clean_html",
    "clean_text",
    "normalize_for_matching",
    "clean_whitespace",
]
