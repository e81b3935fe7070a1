"""HTML stage: decode, parse once (lxml), read cheap metadata, prune boilerplate boxes, extract the
article with trafilatura from the pruned tree, then run the text stage on what it extracted.

Pruning happens before extraction because trafilatura keeps some boxes (teasers between paragraphs,
comment rules, credits inside the body container) and drops others we need to see (the lead).
Every pruned block is recorded in Document.removed with stage "dom". The passes live in their own
modules: cleaners.prune, cleaners.metadata_blocks, cleaners.headline, cleaners.subheadings,
cleaners.body_extent.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Extractor

from cleaners.body_evidence import read_body_evidence, with_evidence_blocks
from cleaners.body_extent import extent_blocks, restore_missing_blocks
from cleaners.decode import decode
from cleaners.document import Document, Removal
from cleaners.dom import visible_text
from cleaners.embedded_body import read_data_scripts, with_embedded_body
from cleaners.headline import find_headline, lead_text
from cleaners.metadata import PageMeta, read_page_meta
from cleaners.normalize import normalize_for_matching
from cleaners.prune import prune_boilerplate, prune_page
from cleaners.rules import rules_for
from cleaners.stages import cleaning_page, guarded, log_caught, xml_safe
from cleaners.subheadings import body_subheadings, with_subheadings
from cleaners.text_stage import Collected, Found, Line, apply_found, clean_lines, to_lines

__all__ = ["clean_html", "decode_html", "parse_html", "prune_boilerplate"]

MAX_HTML_CHARS = 8_000_000  # larger inputs are cut: no news article needs more


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


_PULL_QUOTE_SHARE = 0.25  # a "lead" sharing this much with the body is a pull-quote, not a deck


def decode_html(data: str | bytes) -> str:
    """bytes -> str with the one decoder (cleaners.decode: BOM, <meta>, detection, Arabic repairs)."""
    return data if isinstance(data, str) else decode(bytes(data)).text


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _looks_binary(text: str, sample: int = 8192) -> bool:
    """Images, PDFs and other binary payloads decoded as text: full of control/replacement chars."""
    head = text[:sample]
    return bool(head) and len(_CONTROL.findall(head)) > 0.05 * len(head)


# lxml.html's own parser picks each element's class in Python (lxml.html.HtmlElementClassLookup), a call
# for every element object made - by our passes and by every copy the extractor makes of the tree. This
# parser (the same HTML parser settings) makes the same lxml.html classes in C; only the form-control
# subclasses (FormElement, InputElement, ...), which nothing here uses, become plain HtmlElement.
_PARSER = lxml.etree.HTMLParser()
_PARSER.set_element_class_lookup(
    lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def parse_html(text: str) -> HtmlElement | None:
    """An lxml document tree, or None when there is nothing to parse."""
    text = xml_safe(_XML_DECLARATION.sub("", text[:MAX_HTML_CHARS]))
    if not text or text.isspace():
        return None
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError, TypeError):
        return None
    return tree


def _shingles(norm: str, size: int = 4) -> set[tuple[str, ...]]:
    words = norm.split()
    return {tuple(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


# The extractor's settings, made once: bare_extraction otherwise builds them for every page (a config
# read and a clock and time-zone lookup for date settings it never uses without metadata).
_EXTRACTOR = Extractor(
    output_format="python", comments=False, tables=True, images=False, links=False, dedup=False, with_metadata=False
)


def _extractor_for(url: str | None) -> Extractor:
    if url is None:
        return _EXTRACTOR
    options = copy.copy(_EXTRACTOR)
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8")  # as Extractor(url=url) sets it
    return options


# The extractor writes a table as Markdown ("| a | b |" rows, a "|---|---|" rule under the first row).
# The corpus stores text as the page shows it: one line per row, its cells separated by spaces (a caption
# row of one cell is a line of its own); the rule line goes.
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
_TABLE_RULE = re.compile(r"^[\s|:-]*-[\s|:-]*$")


def _plain_row(match: re.Match[str]) -> str:
    row = match.group(1)
    if _TABLE_RULE.match(row):
        return ""
    return " ".join(cell.strip() for cell in row.split("|") if cell.strip())


# The extractor also marks each list item "- " (indented when nested). The corpus stores a list item as a
# plain line, as the page shows it; a mark is dropped only where the line is the text of a <li>, so a
# paragraph that itself starts with a dash keeps it.
_ITEM_MARK = re.compile(r"^[ \t]*- (?=\S)")
_ITEM_KEY_CHARS = 24


def _item_key(text: str) -> str:
    return " ".join(text.split())[:_ITEM_KEY_CHARS]


def _without_item_marks(text: str, tree: HtmlElement) -> str:
    item_keys = {_item_key(visible_text(item)) for item in tree.iter("li")}
    if not item_keys:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        mark = _ITEM_MARK.match(line)
        if mark and _item_key(line[mark.end() :]) in item_keys:
            lines[index] = line[mark.end() :]
    return "\n".join(lines)


def _extract_lines(tree: HtmlElement, url: str | None) -> list[Line]:
    result = trafilatura.bare_extraction(tree, url=url, options=_extractor_for(url))
    text = getattr(result, "text", None) if result is not None else None
    if text and "|" in text:
        text = _TABLE_ROW.sub(_plain_row, text)
    if text and "- " in text:
        text = _without_item_marks(text, tree)
    return to_lines(text or "")


def _with_body_blocks(lines: list[Line], main: HtmlElement) -> list[Line]:
    """Put back the body's blocks the extractor dropped (div paragraphs, <br> runs, list items, a body
    continuing after its container)."""
    restored, _ = restore_missing_blocks(lines, extent_blocks(main))
    return restored


def _with_evidence(lines: list[Line], tree: HtmlElement, evidence: str, lead: str | None) -> list[Line]:
    """Put back the page's blocks that its JSON-LD articleBody / description vouch for and the lines miss."""
    restored, _ = with_evidence_blocks(lines, tree, evidence, lead)
    return restored


def _fallback_lines(tree: HtmlElement) -> list[Line]:
    """The extractor failed: every paragraph-like block's text, in reading order (boilerplate pruned)."""
    blocks = [visible_text(p) for p in tree.iter("p", "td", "li")] or [visible_text(tree)]
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


def clean_html(html: str | bytes | None, url: str | None = None, outlet: dict[str, Any] | None = None) -> Document:
    """Clean one article page (str or bytes) into a Document. Never raises."""
    try:
        with cleaning_page(url):
            return _clean_html(html, url, outlet)
    except Exception as exc:  # never raise: one odd page must not stop a crawl
        with cleaning_page(url):
            log_caught("clean_html", exc, trace=True)
        return Document(url=url, rejected=f"cleaner_error:{type(exc).__name__}")


def _clean_html(html: str | bytes | None, url: str | None, outlet: dict[str, Any] | None) -> Document:
    # isspace(), unlike strip(), copies nothing and stops at the first letter: the same test for a page
    if html is None or (isinstance(html, (bytes, bytearray, str)) and (not html or html.isspace())):
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
    # Holding a Python proxy for every element makes lxml reuse it on every later walk instead of
    # building a new one (through lxml.html's class lookup) each time: the passes walk the tree ~10 times.
    proxies = list(tree.iter())
    failed: list[Removal] = []  # stages that raised (each fell back to the stage before it)
    meta = guarded("metadata", failed, PageMeta, read_page_meta, tree, rules, outlet)
    h1 = guarded("headline", failed, lambda: None, find_headline, tree, meta.h1_text, meta.title)
    lead = guarded("lead", failed, lambda: None, lead_text, tree, h1, rules)
    evidence = guarded("body_evidence", failed, str, read_body_evidence, tree)
    scripts = guarded("data_scripts", failed, list[str], read_data_scripts, tree)
    dom_found: list[Found] = []
    pruned = guarded("prune", failed, lambda: None, prune_page, tree, rules, h1, dom_found)
    if pruned is None:  # pruning stopped half-way: start again from the unpruned page
        tree, h1, dom_found, pruned = parse_html(text), None, [], ([], [], None)
    dom_removed, dom_tags, main = pruned
    subheadings = guarded("subheadings", failed, list[tuple[str, str]], body_subheadings, main, h1, rules)
    extracted = guarded("extract", failed, lambda: _fallback_lines(tree), _extract_lines, tree, url)
    extracted = guarded("body_extent", failed, lambda: extracted, _with_body_blocks, extracted, main)
    extracted = guarded("body_evidence", failed, lambda: extracted, _with_evidence, extracted, tree, evidence, lead)
    extracted, shell = guarded("embedded_body", failed, lambda: (extracted, []), with_embedded_body, extracted, scripts)
    lines = _with_lead(with_subheadings(extracted, subheadings), lead)
    collected = guarded("text", failed, lambda: Collected(lines, [], []), clean_lines, lines, rules, meta.title, False)
    document = Document(
        title=meta.title,
        paragraphs=[line.text for line in collected.lines],
        url=url,
        published=meta.published,
        author=meta.author,
        section=meta.section,
        tags=list(meta.tags) or [t for t in dict.fromkeys(dom_tags) if t],
        outlet_name=meta.outlet_name,
        removed=failed + dom_removed + shell + collected.removed,
    )
    apply_found(document, dom_found + collected.found)
    if not any(ch.isalpha() for paragraph in document.paragraphs for ch in paragraph):
        document.rejected = "no_article_text"
    del proxies
    return document
