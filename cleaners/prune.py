"""Pruning: boilerplate blocks removed from the parsed page before extraction (each removal named,
stage "dom"): registry selectors and tags, boxes headed by a marker label ("اقرأ أيضاً"), repeated
teaser/comment items, boilerplate classes; layout tables are unwrapped first. The headline and the body
container (and their ancestors) are never removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from cleaners.document import Removal
from cleaners.dom import (
    class_names,
    detached,
    drop,
    in_boilerplate_box,
    inline_in_prose,
    link_texts,
    short_visible_text,
    visible_text,
    with_itemprop,
)
from cleaners.embeds import drop_embedded_posts
from cleaners.foreign_box import drop_foreign_boxes
from cleaners.headline import kicker_above
from cleaners.hidden_half import read_hidden_halves
from cleaners.inline_runs import split_inline_runs
from cleaners.lines import Found, split_tags
from cleaners.metadata_blocks import move_metadata_blocks
from cleaners.next_story import drop_next_stories
from cleaners.normalize import normalize_for_matching
from cleaners.rules import Rules
from cleaners.side_columns import drop_side_columns
from cleaners.stages import log_caught
from cleaners.structure import drop_repeated_items
from cleaners.teaser_cards import drop_teaser_cards

__all__ = ["Anchors", "prune_boilerplate", "prune_page", "unwrap_layout_tables"]

_LABEL_TAGS = frozenset(
    [
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "b",
        "span",
        "div",
        "p",
        "li",
        "header",
        "em",
        "label",
        "dt",
        "section",
        "a",
        "h1",
    ]
)


_MAX_LABEL_WORDS = 8


_TAGS_CLASS = re.compile(r"(^|[\s_-])(tags?|tag-?list|keywords|post-tags|tags-trends)($|[\s_-])")


_BOX_MAX_FREE_WORDS = 60  # a box may hold this many words outside links (teaser summaries, dates)


@dataclass(frozen=True)
class Anchors:
    """Elements pruning must never remove: the headline and the main text container (and their ancestors)."""

    protected: frozenset[HtmlElement]
    has_main: bool = False
    main: HtmlElement | None = None  # the body container element, when located

    def allows(self, element: HtmlElement) -> bool:
        return element not in self.protected


def _main_container(tree: HtmlElement, rules: Rules) -> HtmlElement | None:
    """The element holding the article body: itemprop=articleBody, else the parent with most <p> text
    outside boilerplate boxes (a "read also" box may quote a whole other article)."""
    body = next(with_itemprop(tree, "articleBody"), None)
    if body is not None:
        return body
    scores: dict[HtmlElement, int] = {}
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(paragraph.text_content())
    for element in tree.iter("div", "td", "article", "section"):  # bodies split by <br>, not <p>
        own = len((element.text or "").strip()) + sum(len((c.tail or "").strip()) for c in element)
        if own > 200:
            scores[element] = scores.get(element, 0) + own
    ranked = sorted(scores, key=lambda element: scores[element], reverse=True)[:5]
    if not ranked:
        return None
    return next((parent for parent in ranked if not in_boilerplate_box(parent, rules)), ranked[0])


def _anchors(tree: HtmlElement, h1: HtmlElement, rules: Rules) -> Anchors:
    protected = set()
    main = _main_container(tree, rules)
    for element in (h1, main):
        if element is not None:
            protected.add(element)
            protected.update(element.iterancestors())
    return Anchors(frozenset(protected), main is not None, main)


def _drop_tags(tree: HtmlElement, rules: Rules, anchors: Anchors, removed: list[Removal]) -> None:
    if not rules.drop_tags:
        return
    for element in list(tree.iter(*rules.drop_tags)):
        if anchors.allows(element) and element.getparent() is not None:
            drop(element, f"dom_tag:{element.tag}", removed)


def _drop_selectors(tree: HtmlElement, rules: Rules, anchors: Anchors, removed: list[Removal]) -> None:
    for selector in rules.drop_selectors:
        try:
            found = tree.xpath(selector) if selector.startswith(("/", "(")) else tree.cssselect(selector)
        except Exception as exc:  # a bad selector in the registry must not break cleaning
            log_caught(f"drop selector {selector!r}", exc)
            continue
        for element in found:
            if (
                isinstance(element, lxml.html.HtmlElement)
                and anchors.allows(element)
                and element.getparent() is not None
            ):
                drop(element, f"dom_selector:{selector}", removed)


def _drop_by_class(tree: HtmlElement, rules: Rules, anchors: Anchors, removed: list[Removal], tags: list[str]) -> None:
    pattern = rules.class_id_pattern
    if pattern is None:
        return
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        names = class_names(element)
        if not names or not anchors.allows(element) or element.getparent() is None:
            continue
        if inline_in_prose(element):  # a linked word inside a sentence is prose, whatever its class
            continue
        match = pattern.search(names)
        if match and not detached(element, tree):
            if _TAGS_CLASS.search(names):
                tags += link_texts(element)
            drop(element, f"dom_class:{match.group(0).strip(' _-')}", removed)


def _label_box(label: HtmlElement, anchors: Anchors, text: str) -> tuple[HtmlElement, bool]:
    """The box a marker label (its visible text `text`) heads: climb while the parent says nothing more
    than the label, then take the parent if it is a box (links and little free text) that pruning may
    remove."""
    box = label
    label_text = normalize_for_matching(text)
    # a parent with many more words than the label cannot say the same (its whole text is not read)
    parent_words = 2 * len(label_text.split()) + 8
    while box.getparent() is not None and anchors.allows(box.getparent()):
        parent_text = short_visible_text(box.getparent(), parent_words)
        if parent_text is None or normalize_for_matching(parent_text) != label_text:
            break
        box = box.getparent()
    container = box.getparent()
    if container is None or not anchors.allows(container):
        return box, False
    # With the body located, any unprotected container is a box (it may quote a whole other article);
    # without it, only a container with little text outside its links.
    if anchors.has_main:
        return container, True
    link_words = sum(len(visible_text(a).split()) for a in container.iter("a"))
    all_words = len(visible_text(container).split())
    if all_words - link_words - len(label_text.split()) <= _BOX_MAX_FREE_WORDS:
        return container, True
    return box, False


def _drop_following_teasers(box: HtmlElement, rule_name: str, removed: list[Removal], limit: int = 8) -> None:
    """Siblings right after a label that are link teasers ("اقرأ أيضاً:" then <p><a>title</a></p>)."""
    sibling = box.getnext()
    count = 0
    while sibling is not None and count < limit:
        text = visible_text(sibling)
        links = " ".join(link_texts(sibling))
        if not text or len(text.split()) > 30 or len(links) < 0.6 * len(text):
            break
        following = sibling.getnext()
        drop(sibling, rule_name + ":teaser", removed)
        sibling = following
        count += 1


def _drop_labelled_boxes(
    tree: HtmlElement, rules: Rules, anchors: Anchors, removed: list[Removal], tags: list[str]
) -> None:
    """Blocks whose heading/label is a marker ("اقرأ أيضاً", "الأكثر قراءة", "كلمات دلالية") go whole."""
    for element in list(tree.iter(*_LABEL_TAGS)):
        own = (element.text or "").strip()
        if not own or len(own.split()) > _MAX_LABEL_WORDS or element.getparent() is None:
            continue
        # before reading the text: a fifth of the short-text elements sit in a box already dropped
        if detached(element, tree):
            continue
        text = short_visible_text(element, _MAX_LABEL_WORDS)
        if text is None:
            continue
        rule = rules.dom_box_label(normalize_for_matching(text))
        if rule is None or not anchors.allows(element):
            continue
        box, whole = _label_box(element, anchors, text)
        if rule.field == "tags":
            tags += link_texts(box) or split_tags(text, rules)[1:]
        if not whole and rule.action == "cut_after":
            _drop_following_teasers(box, f"dom_label:{rule.name}", removed)
        if rule.ends_article and _heads_section_after_body(box, anchors):
            box = box.getparent()
        if box.getparent() is not None:
            drop(box, f"dom_label:{rule.name}", removed)


def _heads_section_after_body(box: HtmlElement, anchors: Anchors) -> bool:
    """The label box opens a section that comes after the located body (a comment thread under its
    heading): the section goes whole, its items however few."""
    section = box.getparent()
    if anchors.main is None or section is None or section.getparent() is None or not anchors.allows(section):
        return False
    first = next((child for child in section if isinstance(child.tag, str)), None)
    return first is box and not (section.text or "").strip() and _follows(section, anchors.main)


def _follows(element: HtmlElement, other: HtmlElement) -> bool:
    """element comes after other (and outside it) in document order."""
    other_line = {other, *other.iterancestors()}
    branch = element
    for ancestor in element.iterancestors():
        if ancestor in other_line:
            mine = branch
            theirs = next((node for node in [other, *other.iterancestors()] if node.getparent() is ancestor), None)
            return theirs is not None and ancestor.index(mine) > ancestor.index(theirs)
        branch = ancestor
    return False


_ITEM_BLOCKS = frozenset(["p", "div", "li"])
_MAX_LABEL_ITEM_WORDS = 25
_LABEL_END = re.compile(r"[:：»>|\-–—]\s*$")


def _labelled_link_block(link: HtmlElement, anchors: Anchors) -> HtmlElement | None:
    """The paragraph a link makes an inline teaser of: "<label>: <a>headline</a>" and nothing else - a
    label of one to four words ending in a colon or an arrow, then one link of three or more words."""
    block = link.getparent()
    while block is not None and block.tag not in _ITEM_BLOCKS and block.tag in ("strong", "b", "span", "em"):
        block = block.getparent()  # the link inside an emphasis wrapper
    if block is None or block.tag not in _ITEM_BLOCKS or not anchors.allows(block):
        return None
    link_text = visible_text(link)
    words = len(link_text.split())
    if words < 3:
        return None
    text = visible_text(block)
    if len(text.split()) > _MAX_LABEL_ITEM_WORDS or not text.endswith(link_text):
        return None  # text after the link: the link is part of a sentence
    label = text[: len(text) - len(link_text)]
    return block if 1 <= len(label.split()) <= 4 and _LABEL_END.search(label) else None


def _drop_labelled_links(main: HtmlElement | None, rules: Rules, anchors: Anchors, removed: list[Removal]) -> None:
    """Inline teasers in the body container under a label the rules may not know ("ذات علاقة:", "مقال
    مرتبط:"): a short paragraph that is a label and one headline link. Metadata labels ("المصدر:") stay
    for the text stage, which moves them to metadata."""
    if main is None:
        return
    for link in list(main.iter("a")):
        block = _labelled_link_block(link, anchors) if link.getparent() is not None else None
        if block is None or block.getparent() is None:
            continue
        if rules.first_match(normalize_for_matching(visible_text(block)), ("metadata_label",)):
            continue
        drop(block, "dom_link_item:labelled_link", removed)


_LAYOUT_CELL_BLOCKS = ("p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "form")


_TABLE_PARTS = frozenset(["table", "tbody", "thead", "tfoot", "tr", "td", "th"])


def _is_layout_table(table: HtmlElement) -> bool:
    """A table used for page layout (cells hold blocks, nested tables or long text), not data."""
    for cell in table.iter("td", "th"):
        if any(True for _ in cell.iterchildren(*_LAYOUT_CELL_BLOCKS)):
            return True
        if len(cell.findall("br")) >= 2 or len(cell.text_content().split()) > 60:
            return True
    return False


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn layout tables into plain blocks so the extractor sees paragraphs, not table cells."""
    for table in list(tree.iter("table")):
        if _is_layout_table(table):
            for element in [table, *table.iter(*_TABLE_PARTS)]:
                element.tag = "div"


_SECTION_BLOCKS = ("p", "div", "h2", "h3", "h4", "h5", "h6", "blockquote")


def unwrap_section_lists(main: HtmlElement | None) -> None:
    """A list in the body extent (inside the body container, or the list the container is an item of)
    whose every item holds paragraphs is sections - live-blog updates, numbered parts - not bullets:
    plain blocks, so the extractor reads each paragraph as its own line, not each item as one bullet."""
    if main is None:
        return
    lists = list(main.iter("ul", "ol"))
    lists += [next(main.iterancestors("ul", "ol"), None)] if main.tag not in ("ul", "ol") else []
    for found in lists:
        items = [child for child in found if isinstance(child.tag, str)] if found is not None else []
        if items and all(item.tag == "li" and any(True for _ in item.iterchildren(*_SECTION_BLOCKS)) for item in items):
            for element in (found, *items):
                element.tag = "div"


def prune_boilerplate(
    tree: HtmlElement, rules: Rules, h1: HtmlElement | None = None
) -> tuple[list[Removal], list[str]]:
    """Remove boilerplate blocks in place; returns the removals and any tags read from tag boxes."""
    removed, tags, _ = prune_page(tree, rules, h1)
    return removed, tags


def prune_page(
    tree: HtmlElement, rules: Rules, h1: HtmlElement | None = None, found: list[Found] | None = None
) -> tuple[list[Removal], list[str], object]:
    """prune_boilerplate, also returning the located body container (or None). With a `found` list,
    byline/credit/date blocks of the article are first moved out of the tree into it (metadata)."""
    removed: list[Removal] = []
    tags: list[str] = []
    unwrap_layout_tables(tree)
    anchors = _anchors(tree, h1, rules)
    unwrap_section_lists(anchors.main)
    read_hidden_halves(tree, anchors.main)  # before the tag pass drops every <template>/<noscript>
    drop_embedded_posts(tree, anchors.protected, drop, removed)
    drop_next_stories(h1, anchors.protected, drop, removed)
    drop_foreign_boxes(tree, h1, anchors.protected, drop, removed)
    drop_side_columns(h1, anchors.protected, drop, removed)
    kicker = kicker_above(h1)
    if kicker is not None and anchors.allows(kicker):
        drop(kicker, "dom_kicker", removed)
    _drop_selectors(tree, rules, anchors, removed)
    _drop_tags(tree, rules, anchors, removed)
    _drop_labelled_boxes(tree, rules, anchors, removed, tags)
    # before the metadata pass: a card's date must neither become the article's date nor break the
    # cards' common shape
    drop_repeated_items(tree, anchors.protected, drop, removed, anchors.main)
    drop_teaser_cards(tree, h1, drop, removed)  # the pairs and unlabelled lists it leaves
    if anchors.main is not None and anchors.main is not tree and tree not in anchors.main.iterancestors():
        anchors = _anchors(tree, h1, rules)  # the body container went with a card: it was not the body
    if found is not None:  # before class pruning: byline/author boxes are boilerplate classes
        move_metadata_blocks(tree, h1, anchors.main, rules, removed, found)
    _drop_by_class(tree, rules, anchors, removed, tags)
    _drop_labelled_links(anchors.main, rules, anchors, removed)
    split_inline_runs(tree)
    return removed, tags, anchors.main
