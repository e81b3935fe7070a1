"""A body whose second half ships hidden: in a <template> (or <noscript>) after the body container that
a "continue reading" button clones in. The page shows it to a reader; the extractor never reads either
tag. When such a block holds prose paragraphs and follows the located body container within the
container's own section, its blocks are moved to the end of the container, as the page's script does.
A <noscript> that only asks to enable scripts, or holds a tracking pixel, has no prose and stays
unread."""

from __future__ import annotations

from lxml.html import HtmlElement

__all__ = ["read_hidden_halves"]

_HIDDEN_TAGS = ("template", "noscript")
_PROSE_BLOCKS = ("p", "div", "h2", "h3", "h4", "blockquote", "ul", "ol")
_MIN_PARAGRAPHS = 2  # paragraphs of prose a hidden block needs to be the body's continuation
_PROSE_WORDS = 12  # words that make a <p> a paragraph of prose
_MAX_LEVELS_UP = 3  # the hidden block sits beside the container or beside one of its near ancestors


def _continues(hidden: HtmlElement, main: HtmlElement) -> bool:
    """The hidden block comes after the container, beside it or beside one of its near ancestors."""
    branch = main
    for _ in range(_MAX_LEVELS_UP):
        parent = branch.getparent()
        if parent is None:
            return False
        if hidden.getparent() is parent:
            return bool(parent.index(hidden) > parent.index(branch))
        branch = parent
    return False


def _is_prose(hidden: HtmlElement) -> bool:
    paragraphs = sum(1 for p in hidden.iter("p") if len(p.text_content().split()) >= _PROSE_WORDS)
    return paragraphs >= _MIN_PARAGRAPHS


def read_hidden_halves(tree: HtmlElement, main: HtmlElement | None) -> int:
    """Move every hidden continuation's blocks into `main` (the located body container); returns how many
    hidden blocks were read."""
    if main is None:
        return 0
    read = 0
    for hidden in list(tree.iter(*_HIDDEN_TAGS)):
        if not _continues(hidden, main) or not _is_prose(hidden):
            continue
        for child in list(hidden):
            if isinstance(child.tag, str):
                main.append(child)  # (append moves the element, its tail text with it)
        hidden.getparent().remove(hidden)
        read += 1
    return read
