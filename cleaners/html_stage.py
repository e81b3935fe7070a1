"""HTML stage: decode, parse once (lxml), read cheap metadata, prune boilerplate boxes, extract the
article with trafilatura from the pruned tree, then run the text stage on what it extracted.

Pruning happens before extraction because trafilatura keeps some boxes (teasers between paragraphs,
comment rules, credits inside the body container) and drops others we need to see (the lead).
Every pruned block is recorded in Document.removed with stage "dom".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from cleaners.decode import decode
from cleaners.document import Document, Removal
from cleaners.dates import is_date_line, parse_arabic_date
from cleaners.metadata import PageMeta, read_page_meta
from cleaners.normalize import clean_whitespace, normalize_for_matching
from cleaners.rules import Rules, rules_for
from cleaners.stages import guarded, xml_safe
from cleaners.structure import drop_repeated_items
from cleaners.body_extent import body_blocks, extent_roots, restore_missing_blocks
from cleaners.text_stage import (_EDGE_PUNCT, Collected, Found, Line, agency_credit, apply_found, clean_lines, split_tags, to_lines,
                                 value_after_label)

__all__ = ["clean_html", "decode_html", "parse_html", "prune_boilerplate"]

MAX_HTML_CHARS = 8_000_000  # larger inputs are cut: no news article needs more
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_LEAD_CLASS = re.compile(r"(^|[\s_-])(lead|subtitle|sub-title|standfirst|excerpt|deck|summary|intro|announce|"
                         r"article__announce|article-summary|brief)($|[\s_-])", re.I)
_LABEL_TAGS = frozenset(["h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "div", "p", "li", "header", "em",
                         "label", "dt", "section", "a", "h1"])
_MAX_LABEL_WORDS = 8
_BOX_MAX_FREE_WORDS = 60  # a box may hold this many words outside links (teaser summaries, dates)
_PULL_QUOTE_SHARE = 0.25  # a "lead" sharing this much with the body is a pull-quote, not a deck


# --------------------------------------------------------------------------- decoding and parsing


def decode_html(data) -> str:
    """bytes -> str with the one decoder (cleaners.decode: BOM, <meta>, detection, Arabic repairs)."""
    return data if isinstance(data, str) else decode(bytes(data)).text


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _looks_binary(text: str, sample: int = 8192) -> bool:
    """Images, PDFs and other binary payloads decoded as text: full of control/replacement chars."""
    head = text[:sample]
    return bool(head) and len(_CONTROL.findall(head)) > 0.05 * len(head)


def parse_html(text: str):
    """An lxml document tree, or None when there is nothing to parse."""
    text = xml_safe(_XML_DECLARATION.sub("", text[:MAX_HTML_CHARS]))
    if not text.strip():
        return None
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError, TypeError):
        return None
    return tree


# --------------------------------------------------------------------------- pruning


@dataclass(frozen=True)
class Anchors:
    """Elements pruning must never remove: the headline and the main text container (and their ancestors)."""

    protected: frozenset
    has_main: bool = False
    main: object = None  # the body container element, when located

    def allows(self, element) -> bool:
        return element not in self.protected


# Negated or state classes ("no-share", "has-sidebar", "with-comments") describe the block, not its kind.
_STATE_CLASS = re.compile(r"(?:^|\s)(?:no|has|with|without|show|hide|hidden|is|enable|disable)[-_]\S*")


def _class_names(element) -> str:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return _STATE_CLASS.sub(" ", names).strip()


def _in_boilerplate_box(element, rules: Rules) -> bool:
    pattern = rules.class_id_pattern
    if pattern is None:
        return False
    for node in (element, *element.iterancestors()):
        names = _class_names(node)
        if names and node.tag not in ("html", "body") and pattern.search(names):
            return True
    return False


def _main_container(tree, rules: Rules):
    """The element holding the article body: itemprop=articleBody, else the parent with most <p> text
    outside boilerplate boxes (a "read also" box may quote a whole other article)."""
    body = tree.xpath("//*[@itemprop='articleBody']")
    if body:
        return body[0]
    scores: dict = {}
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(paragraph.text_content())
    for element in tree.iter("div", "td", "article", "section"):  # bodies split by <br>, not <p>
        own = len((element.text or "").strip()) + sum(len((c.tail or "").strip()) for c in element)
        if own > 200:
            scores[element] = scores.get(element, 0) + own
    ranked = sorted(scores, key=scores.get, reverse=True)[:5]
    if not ranked:
        return None
    return next((parent for parent in ranked if not _in_boilerplate_box(parent, rules)), ranked[0])


def _anchors(tree, h1, rules: Rules) -> Anchors:
    protected = set()
    main = _main_container(tree, rules)
    for element in (h1, main):
        if element is not None:
            protected.add(element)
            protected.update(element.iterancestors())
    return Anchors(frozenset(protected), main is not None, main)


def _visible_text(element) -> str:
    if not isinstance(element.tag, str):  # a comment or processing instruction ("<!" makes one): no text
        return ""
    return clean_whitespace(" ".join(element.itertext())).replace("\n", " ")


def _detached(element, root) -> bool:
    """True when an ancestor was already pruned (the element no longer hangs from the root)."""
    top = element
    for top in element.iterancestors():
        pass
    return top is not root


def _drop(element, rule: str, removed: list[Removal]) -> None:
    text = _visible_text(element)
    if text:
        removed.append(Removal(rule=rule, text=text, stage="dom"))
    parent = element.getparent()
    if parent is None:
        return
    # keep the tail text (it belongs to the parent), drop the element
    tail = element.tail
    previous = element.getprevious()
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _drop_tags(tree, rules: Rules, anchors: Anchors, removed: list[Removal]) -> None:
    if not rules.drop_tags:
        return
    for element in list(tree.iter(*rules.drop_tags)):
        if anchors.allows(element) and element.getparent() is not None:
            _drop(element, f"dom_tag:{element.tag}", removed)


def _drop_selectors(tree, rules: Rules, anchors: Anchors, removed: list[Removal]) -> None:
    for selector in rules.drop_selectors:
        try:
            found = tree.xpath(selector) if selector.startswith(("/", "(")) else tree.cssselect(selector)
        except Exception:  # a bad selector in the registry must not break cleaning
            continue
        for element in found:
            if isinstance(element, lxml.html.HtmlElement) and anchors.allows(element) and element.getparent() is not None:
                _drop(element, f"dom_selector:{selector}", removed)


def _drop_by_class(tree, rules: Rules, anchors: Anchors, removed: list[Removal], tags: list[str]) -> None:
    pattern = rules.class_id_pattern
    if pattern is None:
        return
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        names = _class_names(element)
        if not names or not anchors.allows(element) or element.getparent() is None:
            continue
        match = pattern.search(names)
        if match and not _detached(element, tree):
            if re.search(r"(^|[\s_-])(tags?|tag-?list|keywords|post-tags|tags-trends)($|[\s_-])", names):
                tags += _link_texts(element)
            _drop(element, f"dom_class:{match.group(0).strip(' _-')}", removed)


def _link_texts(element) -> list[str]:
    return [t for t in (_visible_text(a) for a in element.iter("a")) if t]


def _label_box(label, anchors: Anchors):
    """The box a marker label heads: climb while the parent says nothing more than the label, then take
    the parent if it is a box (links and little free text) that pruning may remove."""
    box = label
    label_text = normalize_for_matching(_visible_text(label))
    while box.getparent() is not None and anchors.allows(box.getparent()):
        if normalize_for_matching(_visible_text(box.getparent())) != label_text:
            break
        box = box.getparent()
    container = box.getparent()
    if container is None or not anchors.allows(container):
        return box, False
    link_words = sum(len(_visible_text(a).split()) for a in container.iter("a"))
    all_words = len(_visible_text(container).split())
    # With the body located, any unprotected container is a box (it may quote a whole other article);
    # without it, only a container with little text outside its links.
    if anchors.has_main or all_words - link_words - len(label_text.split()) <= _BOX_MAX_FREE_WORDS:
        return container, True
    return box, False


def _drop_following_teasers(box, rule_name: str, removed: list[Removal], limit: int = 8) -> None:
    """Siblings right after a label that are link teasers ("اقرأ أيضاً:" then <p><a>title</a></p>)."""
    sibling = box.getnext()
    count = 0
    while sibling is not None and count < limit:
        text = _visible_text(sibling)
        links = " ".join(_link_texts(sibling))
        if not text or len(text.split()) > 30 or len(links) < 0.6 * len(text):
            break
        following = sibling.getnext()
        _drop(sibling, rule_name + ":teaser", removed)
        sibling = following
        count += 1


def _drop_labelled_boxes(tree, rules: Rules, anchors: Anchors, removed: list[Removal], tags: list[str]) -> None:
    """Blocks whose heading/label is a marker ("اقرأ أيضاً", "الأكثر قراءة", "كلمات دلالية") go whole."""
    for element in list(tree.iter(*_LABEL_TAGS)):
        own = (element.text or "").strip()
        if not own or len(own.split()) > _MAX_LABEL_WORDS or element.getparent() is None:
            continue
        if not anchors.allows(element) or _detached(element, tree):
            continue
        text = _visible_text(element)
        if len(text.split()) > _MAX_LABEL_WORDS:
            continue
        rule = rules.dom_box_label(normalize_for_matching(text))
        if rule is None:
            continue
        box, whole = _label_box(element, anchors)
        if rule.field == "tags":
            tags += _link_texts(box) or split_tags(text, rules)[1:]
        if not whole and rule.action == "cut_after":
            _drop_following_teasers(box, f"dom_label:{rule.name}", removed)
        if box.getparent() is not None:
            _drop(box, f"dom_label:{rule.name}", removed)


_LAYOUT_CELL_BLOCKS = ("p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "form")
_TABLE_PARTS = frozenset(["table", "tbody", "thead", "tfoot", "tr", "td", "th"])


def _is_layout_table(table) -> bool:
    """A table used for page layout (cells hold blocks, nested tables or long text), not data."""
    for cell in table.iter("td", "th"):
        if any(True for _ in cell.iterchildren(*_LAYOUT_CELL_BLOCKS)):
            return True
        if len(cell.findall("br")) >= 2 or len(cell.text_content().split()) > 60:
            return True
    return False


def unwrap_layout_tables(tree) -> None:
    """Turn layout tables into plain blocks so the extractor sees paragraphs, not table cells."""
    for table in list(tree.iter("table")):
        if _is_layout_table(table):
            for element in [table, *table.iter(*_TABLE_PARTS)]:
                element.tag = "div"


def prune_boilerplate(tree, rules: Rules, h1=None) -> tuple[list[Removal], list[str]]:
    """Remove boilerplate blocks in place; returns the removals and any tags read from tag boxes."""
    removed, tags, _ = _prune(tree, rules, h1)
    return removed, tags


def _prune(tree, rules: Rules, h1=None, found: list | None = None) -> tuple[list[Removal], list[str], object]:
    """prune_boilerplate, also returning the located body container (or None). With a `found` list,
    byline/credit/date blocks of the article are first moved out of the tree into it (metadata)."""
    removed: list[Removal] = []
    tags: list[str] = []
    unwrap_layout_tables(tree)
    anchors = _anchors(tree, h1, rules)
    _drop_selectors(tree, rules, anchors, removed)
    _drop_tags(tree, rules, anchors, removed)
    _drop_labelled_boxes(tree, rules, anchors, removed, tags)
    # before the metadata pass: a card's date must neither become the article's date nor break the
    # cards' common shape
    drop_repeated_items(tree, anchors.protected, _drop, removed)
    if found is not None:  # before class pruning: byline/author boxes are boilerplate classes
        _move_metadata_blocks(tree, h1, anchors.main, rules, removed, found)
    _drop_by_class(tree, rules, anchors, removed, tags)
    return removed, tags, anchors.main


_META_BLOCK_TAGS = frozenset(["div", "p", "span", "font", "b", "strong", "small", "em", "i", "time", "li", "dd",
                              "address", "cite", "h4", "h5", "h6"])
_META_BLOCK_MAX_CHARS = 200
_DIGIT = re.compile(r"\d")
_META_DATE_LEVELS = 2  # a date line may sit this many levels above the headline/body's common block


def _article_region(headline, main):
    """The smallest element holding both the headline and the body container (the body's parent when
    there is no headline)."""
    if main is None:
        return None
    if headline is None:
        return main.getparent() if main.getparent() is not None else main
    ancestors = {id(a) for a in (main, *main.iterancestors())}
    for node in (headline, *headline.iterancestors()):
        if id(node) in ancestors:
            return node
    return None


def _metadata_of_block(text: str, rules: Rules) -> tuple[str, list[Found]] | None:
    """(rule, metadata) when a short block is a byline, a source credit, a wire credit or a date line."""
    norm = normalize_for_matching(text)
    hit = rules.first_match(norm)
    if hit and hit[0].action != "metadata_label":
        return None  # a marker line ("Sputnik / صورة أرشيفية", "شارك"): pruning's business, not metadata
    if hit and hit[0].field in ("author", "source_credit"):
        value = value_after_label(text, hit[1]["label"]).strip(_EDGE_PUNCT)
        return (hit[0].reason, [Found(hit[0].field, value)]) if value else None
    if rules.is_agency_line(norm):
        return "credit:agency", [Found("source_credit", agency_credit(text))]
    if _DIGIT.search(norm) and is_date_line(text):
        published = parse_arabic_date(text)
        return "date_line", [Found("published", published)] if published else []
    return None


def _has_own_text(element) -> bool:
    """Text directly in the element (before or between its children), not only inside them."""
    return bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)


def _in_schema_org(element) -> bool:
    """Inside schema.org markup of an organization/publisher (hidden name/logo blocks, not page text)."""
    return any(node.get("itemscope") is not None and "organization" in (node.get("itemtype") or "").lower()
               for node in (element, *element.iterancestors()))


def _move_metadata_blocks(tree, headline, main, rules: Rules, removed: list[Removal], found: list) -> None:
    """Bylines ("بقلم: …", "بواسطة …"), credits ("المصدر: …", a bare "واج"/"وكالات" block) and the date
    line of the article are blocks of their own around the headline and the body, which the extractor
    drops or keeps at random: read them into metadata and take them out (each removal named)."""
    region = _article_region(headline, main)
    if region is None:
        return
    date_region = region
    for _ in range(_META_DATE_LEVELS):
        if date_region.getparent() is None or date_region.getparent().tag in ("body", "html"):
            break
        date_region = date_region.getparent()
    seen_date = False
    judged: set[str] = set()
    for scope, dates_only in ((region, False), (date_region, True)):
        if dates_only and (seen_date or scope is region):
            break
        tags = (region.tag, *_META_BLOCK_TAGS) if dates_only else _META_BLOCK_TAGS
        for element in list(scope.iter(*tags)):
            if dates_only and element is region:
                break  # above the article only: later dates belong to teasers and comments
            if len(element) == 1 and not _has_own_text(element):
                continue  # a wrapper of one block: judged there
            if element.tag == "li":
                continue  # list items: menus and teaser lists, never a byline
            content = element.text_content()
            if len(content) > _META_BLOCK_MAX_CHARS or not content.strip() or len(content.split()) > 24:
                continue
            text = _visible_text(element)
            if text in judged:
                continue  # the same text as a block already judged (a wrapper and its only child)
            judged.add(text)
            result = _metadata_of_block(text, rules)
            if result is None or (dates_only and result[0] != "date_line"):
                continue
            if element.getparent() is None or _detached(element, tree) or _in_link(element) or _in_schema_org(element):
                continue
            if result[0] == "credit:agency" and _is_caption_like(element):
                continue  # a photo credit under an image, not the article's source
            rule, values = result
            if rule == "date_line":
                if seen_date:
                    continue
                seen_date = True
            found.extend(values)
            _drop(element, f"dom_meta:{rule}", removed)


# --------------------------------------------------------------------------- extraction


def _find_h1(tree, title: str | None):
    if not title:
        return None
    norm = normalize_for_matching(title)
    for h1 in tree.iter("h1"):
        if normalize_for_matching(_visible_text(h1)) in (norm,) or norm in normalize_for_matching(_visible_text(h1)):
            return h1
    return None


def _in_link(element) -> bool:
    return element.tag == "a" or any(a.tag == "a" for a in element.iterancestors())


def _same_text_block(element, norm: str, stop=None):
    """Climb from an element while its parent shows exactly the same text (the block the text is)."""
    block = element
    parent = block.getparent()
    while parent is not None and parent is not stop and parent.tag not in ("body", "html"):
        if len(parent.text_content()) > 2 * len(norm) + 40 or normalize_for_matching(_visible_text(parent)) != norm:
            break
        block, parent = parent, parent.getparent()
    return block


def _find_headline(tree, h1_text: str | None, title: str | None):
    """The headline element: the h1 naming the title, else (pages without a usable h1: old table and
    <font> layouts) the first element outside links whose whole text is the title."""
    h1 = _find_h1(tree, h1_text)
    if h1 is not None or not title:
        return h1
    norm = normalize_for_matching(title)
    if len(norm.split()) < 3:
        return None
    body = tree.find("body")
    if body is None:
        return None
    size = len(title)
    for element in body.iter():
        text = element.text
        if not text or not isinstance(element.tag, str) or abs(len(text.strip()) - size) > size // 3 + 5:
            continue
        if normalize_for_matching(text) != norm or _in_link(element) or element.tag in ("title", "option", "textarea"):
            continue
        if normalize_for_matching(_visible_text(element)) != norm:
            continue
        return _same_text_block(element, norm)
    return None


def _is_lead_like(element) -> bool:
    if element.get("itemprop") == "description":
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(names.strip()) and bool(_LEAD_CLASS.search(names))


# A deck with no lead class: a heading, an emphasized block or a plain block of its own right under the
# headline (not a caption: image blocks and caption/photo classes are skipped).
_DECK_TAGS = frozenset(["h2", "h3", "h4", "h5", "h6", "b", "strong", "font", "em", "i", "div", "span", "section"])
_CAPTION_CLASS = re.compile(r"caption|credit|photo|image|img|media|figure|thumb|gallery|video|pic", re.I)
_IMAGE_TAGS = ("img", "figure", "picture", "video")


def _mostly_link(element, text: str) -> bool:
    """A block whose text is mostly link text: a teaser/link box, not a heading or a deck."""
    link_chars = sum(len(_visible_text(a)) for a in element.iter("a"))
    return link_chars >= 0.5 * len(text)


def _is_caption_like(element) -> bool:
    """An image block or its caption: the element or its parent holds an image or names itself so."""
    for node in (element, element.getparent()):
        if node is None or node.tag in ("body", "html"):
            break
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if (names.strip() and _CAPTION_CLASS.search(names)) or next(node.iter(*_IMAGE_TAGS), None) is not None:
            return True
    return False


def _is_marker_text(norm: str, rules: Rules) -> bool:
    """Text a rule names (marker, label, prompt, credit, date): never a deck or a subheading."""
    return bool(rules.first_match(norm)) or rules.is_agency_line(norm) or is_date_line(norm)


def _plain_deck(element, headline, rules: Rules) -> str | None:
    if element.tag not in _DECK_TAGS or not (element.text or "").strip() or _in_link(element):
        return None
    text = _visible_text(element)
    norm = normalize_for_matching(text)
    if not 5 <= len(norm.split()) <= 60 or _is_marker_text(norm, rules) or _in_boilerplate_box(element, rules):
        return None
    if _is_caption_like(element) or element.get("itemprop") or _in_schema_org(element) or _mostly_link(element, text):
        return None  # an image block, or hidden schema.org data (name, url, logo)
    return text


def _tail_deck(element, rules: Rules) -> str | None:
    """Bare text right after the headline or a line break (old <br>-separated layouts: the deck is a text
    run of its own, not an element)."""
    tail = (element.tail or "").strip()
    if not tail:
        return None
    following = element.getnext()
    if following is not None and following.tag != "br":
        return None  # the text runs on into an inline element: part of a longer line
    text = clean_whitespace(tail).replace("\n", " ")
    norm = normalize_for_matching(text)
    if not 5 <= len(norm.split()) <= 60 or _is_marker_text(norm, rules):
        return None
    return text


def _lead_text(tree, h1, rules: Rules) -> str | None:
    """The deck/lead shown under the headline (trafilatura often drops it), between the headline and the
    first body paragraph in document order: itemprop=description or a lead/subtitle/summary class, else
    a heading or a wholly bold block standing on its own (not a link, a label, a date or a credit)."""
    if h1 is None:
        return None
    after_h1 = False
    inside = set(h1.iter())
    walked = 0
    for element in tree.iter():
        if element is h1:
            after_h1 = True
            deck = _tail_deck(h1, rules)
            if deck:
                return deck
            continue
        if not after_h1 or not isinstance(element.tag, str) or element.tag == "meta" or element in inside:
            continue
        if element.tag == "br":
            deck = _tail_deck(element, rules)
            if deck:
                return deck
            continue
        walked += 1
        if walked > 5000:
            break
        if _is_lead_like(element):
            text = _visible_text(element)
            if 5 <= len(text.split()) <= 120:
                return text
        elif element.tag == "p" and len(element.text_content().split()) >= 15:
            if any(_is_lead_like(a) for a in element.iterancestors()):
                continue
            return _plain_deck(element[0], h1, rules) if len(element) == 1 and not (element.text or "").strip() \
                and not (element[0].tail or "").strip() else None
        else:
            deck = _plain_deck(element, h1, rules)
            if deck:
                return deck
    return None


_SUBHEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")


def _next_block_norm(element) -> str | None:
    """The normalized text of the first paragraph-sized block after an element (its siblings, then its
    parent's), cut to its first words: how a subheading is put back in front of its paragraph."""
    for node in (element, element.getparent()):
        if node is None:
            break
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            words = normalize_for_matching(_visible_text(sibling)).split()
            if len(words) >= 8:
                return " ".join(words[:12])
            if sibling.tag in _SUBHEADING_TAGS:
                return None
    return None


_SUBHEADING_BLOCKS = frozenset(["div", "span", "b", "strong", "font", "em", "i", "section", "header", "u"])


def _is_paragraph_block(element) -> bool:
    return isinstance(element.tag, str) and len(element.text_content().split()) >= 8


def _subheading_candidates(main, headline):
    """h2-h6 anywhere in the body container, and short non-paragraph blocks standing between two of its
    paragraphs (a <div>/<b> subheading: the extractor's paragraph-only fallback drops those too)."""
    for heading in main.iter(*_SUBHEADING_TAGS):
        if headline is None or not (heading is headline or headline in heading.iterancestors()):
            yield heading
    children = [c for c in main if isinstance(c.tag, str)]
    for index, child in enumerate(children[1:-1], 1):
        if child.tag in _SUBHEADING_BLOCKS and _is_paragraph_block(children[index - 1]) and \
                not any(True for _ in child.iter(*_SUBHEADING_TAGS)) and child is not headline:
            yield child


def _body_subheadings(main, headline, rules: Rules) -> list[tuple[str, str]]:
    """(subheading, start of the paragraph after it) for the subheadings inside the body container: the
    extractor's fallback keeps only paragraphs, losing the article's own subheadings."""
    if main is None:
        return []
    found = []
    for heading in _subheading_candidates(main, headline):
        text = _visible_text(heading)
        norm = normalize_for_matching(text)
        if not 1 <= len(norm.split()) <= 20 or _in_link(heading) or _is_marker_text(norm, rules):
            continue
        if _is_caption_like(heading) or _in_boilerplate_box(heading, rules) or _mostly_link(heading, text):
            continue
        following = _next_block_norm(heading)
        if following:
            found.append((text, following))
    return found


def _with_subheadings(lines: list[Line], subheadings: list[tuple[str, str]]) -> list[Line]:
    """Put each missing subheading back right before the paragraph it heads (when that paragraph is
    in the extracted text; a subheading over nothing we kept stays out)."""
    if not subheadings:
        return lines
    lines = list(lines)
    present = {line.norm for line in lines}
    for text, following in subheadings:
        heading = Line.of(text)
        if heading.norm in present:
            continue
        index = next((i for i, line in enumerate(lines) if line.norm.startswith(following)), None)
        if index is not None:
            lines.insert(index, heading)
            present.add(heading.norm)
    return lines


def _shingles(norm: str, size: int = 4) -> set:
    words = norm.split()
    return {tuple(words[i:i + size]) for i in range(max(0, len(words) - size + 1))}


def _extract_lines(tree, url: str | None) -> list[Line]:
    result = trafilatura.bare_extraction(
        tree, url=url, with_metadata=False, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
    )
    text = getattr(result, "text", None) if result is not None else None
    return to_lines(text or "")


def _with_body_blocks(lines: list[Line], main) -> list[Line]:
    """Put back the body's blocks the extractor dropped (div paragraphs, <br> runs, list items, a body
    continuing after its container)."""
    restored, _ = restore_missing_blocks(lines, body_blocks(extent_roots(main)))
    return restored


def _fallback_lines(tree) -> list[Line]:
    """The extractor failed: every paragraph-like block's text, in reading order (boilerplate pruned)."""
    blocks = [_visible_text(p) for p in tree.iter("p", "td", "li")] or [_visible_text(tree)]
    return to_lines("\n".join(b for b in blocks if b))


def _with_lead(lines: list[Line], lead: str | None) -> list[Line]:
    """Put the deck back in front of the body unless it is there already, or is a pull-quote/highlights
    box repeating body sentences (then it is not a deck)."""
    if not lead:
        return lines
    lead_norm = normalize_for_matching(lead)
    joined = " ".join(line.norm for line in lines)
    if lead_norm in joined:
        return lines
    lead_shingles = _shingles(lead_norm)
    if lead_shingles and len(lead_shingles & _shingles(joined)) >= _PULL_QUOTE_SHARE * len(lead_shingles):
        return lines
    return [Line.of(lead)] + lines


def clean_html(html, url=None, outlet=None) -> Document:
    """Clean one article page (str or bytes) into a Document. Never raises."""
    try:
        return _clean_html(html, url, outlet)
    except Exception as exc:  # never raise: one odd page must not stop a crawl
        return Document(url=url, rejected=f"cleaner_error:{type(exc).__name__}")


def _clean_html(html, url, outlet) -> Document:
    if html is None or (isinstance(html, (bytes, bytearray, str)) and not html.strip()):
        return Document(url=url, rejected="empty_page")
    if not isinstance(html, (bytes, bytearray, str)):
        return Document(url=url, rejected="unparseable_html")
    rules = rules_for(outlet)
    text = decode_html(html)
    if _looks_binary(text):
        return Document(url=url, rejected="binary_content")
    tree = parse_html(text)
    if tree is None:
        return Document(url=url, rejected="unparseable_html")
    failed: list[Removal] = []  # stages that raised (each fell back to the stage before it)
    meta = guarded("metadata", failed, PageMeta, read_page_meta, tree, rules, outlet)
    h1 = guarded("headline", failed, lambda: None, _find_headline, tree, meta.h1_text, meta.title)
    lead = guarded("lead", failed, lambda: None, _lead_text, tree, h1, rules)
    dom_found: list[Found] = []
    pruned = guarded("prune", failed, lambda: None, _prune, tree, rules, h1, dom_found)
    if pruned is None:  # pruning stopped half-way: start again from the unpruned page
        tree, h1, dom_found, pruned = parse_html(text), None, [], ([], [], None)
    dom_removed, dom_tags, main = pruned
    subheadings = guarded("subheadings", failed, list, _body_subheadings, main, h1, rules)
    extracted = guarded("extract", failed, lambda: _fallback_lines(tree), _extract_lines, tree, url)
    extracted = guarded("body_extent", failed, lambda: extracted, _with_body_blocks, extracted, main)
    lines = _with_lead(_with_subheadings(extracted, subheadings), lead)
    collected = guarded("text", failed, lambda: Collected(lines, [], []), clean_lines, lines, rules, meta.title, False)
    document = Document(
        title=meta.title, paragraphs=[line.text for line in collected.lines], url=url,
        published=meta.published, author=meta.author, section=meta.section,
        tags=list(meta.tags) or [t for t in dict.fromkeys(dom_tags) if t],
        outlet_name=meta.outlet_name, removed=failed + dom_removed + collected.removed,
    )
    apply_found(document, dom_found + collected.found)
    if not any(ch.isalpha() for paragraph in document.paragraphs for ch in paragraph):
        document.rejected = "no_article_text"
    return document
