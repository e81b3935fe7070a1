"""Another story after the body: an infinite-scroll page (or a "next article" block) appends the next
story in the same markup as this one - a sibling of the story's own box, of the same tag and class,
holding a headline of the same rank as this page's headline and paragraphs of its own. A headline is
one per story, so such a sibling is another article: it goes whole (with the short dividers between,
"المقال التالي"), named "dom_next_story". Body text that continues after the story box has no headline
of that rank and is never taken."""

from __future__ import annotations

from collections.abc import Callable, Collection

from lxml.html import HtmlElement

from cleaners.document import Removal
from cleaners.dom import class_names

__all__ = ["drop_next_stories"]

_MAX_DIVIDER_WORDS = 6  # a divider between two stories ("المقال التالي") is a short label
_MIN_STORY_WORDS = 20  # words of paragraphs a sibling needs besides its headline to be a story


def _is_other_story(sibling: HtmlElement, story: HtmlElement, headline_tag: str) -> bool:
    if sibling.tag != story.tag or class_names(sibling) != class_names(story):
        return False
    if next(sibling.iter(headline_tag), None) is None:
        return False
    return sum(len(p.text_content().split()) for p in sibling.iter("p")) >= _MIN_STORY_WORDS


def drop_next_stories(
    h1: HtmlElement | None,
    protected: Collection[HtmlElement],
    drop: Callable[[HtmlElement, str, list[Removal]], None],
    removed: list[Removal],
) -> None:
    """Remove the stories that follow the box holding the page's headline `h1` (see the module docstring)."""
    if h1 is None or not isinstance(h1.tag, str):
        return
    for story in h1.iterancestors():
        if story.tag in ("body", "html"):
            return
        following = list(story.itersiblings())
        others = [s for s in following if _is_other_story(s, story, h1.tag) and s not in protected]
        if not others:
            continue
        last = following.index(others[-1])
        for sibling in following[: last + 1]:
            if sibling in others or (
                isinstance(sibling.tag, str)
                and sibling not in protected
                and len(sibling.text_content().split()) <= _MAX_DIVIDER_WORDS
            ):
                drop(sibling, "dom_next_story", removed)
        return
