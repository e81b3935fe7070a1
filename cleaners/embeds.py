"""Embedded third-party posts: a social post pasted into the body as a <blockquote> (the embed code of
X/Twitter, Instagram, Threads, ...) signs itself "— name (@handle) date". It is the post's text, not the
article's, and goes whole as an embed; a quotation without such a signature stays."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from cleaners.document import Removal
from cleaners.dom import visible_text

__all__ = ["drop_embedded_posts"]

# "— كريم بوزيد (@spokes_office) 20 فبراير 2024": a dash, a short name, then a handle in parentheses
_POST_SIGNATURE = re.compile(r"[—–-]\s*[^()\n]{1,60}?\(\s*@[A-Za-z0-9_.]{1,30}\s*\)")


def drop_embedded_posts(
    tree: HtmlElement,
    protected: frozenset[HtmlElement],
    drop: Callable[[HtmlElement, str, list[Removal]], None],
    removed: list[Removal],
) -> None:
    for quote in list(tree.iter("blockquote")):
        if quote in protected or quote.getparent() is None:
            continue
        if _POST_SIGNATURE.search(visible_text(quote)):
            drop(quote, "dom_embed:social_post", removed)
