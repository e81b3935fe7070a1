"""Cheap page metadata from the parsed tree: headline, publication date, author, section, tags, outlet.

Only meta tags, JSON-LD fields, <time>, h1 and <title> are read (no htmldate: it is slow and misses
Arabic dates). Dates go through cleaners.dates.parse_arabic_date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.etree
from lxml.html import HtmlElement

from cleaners.dates import parse_arabic_date
from cleaners.dom import json_ld_scripts, with_itemprop
from cleaners.normalize import clean_whitespace, normalize_for_matching
from cleaners.rules import Rules

__all__ = ["PageMeta", "read_page_meta", "strip_title_affixes"]

_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "og:article:published_time",
    "created",
)
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author", "byl")
_SECTION_KEYS = ("article:section", "og:article:section", "section", "parsely-section", "category")
_SITE_KEYS = ("og:site_name", "application-name", "al:android:app_name", "twitter:site")
_TITLE_KEYS = ("og:title", "twitter:title", "headline", "title")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_WORDS = re.compile(r"\S+")
_TAG_SEPARATOR = re.compile(r"[,،]")


@dataclass
class PageMeta:
    title: str | None = None
    published: str | None = None
    author: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    outlet_name: str | None = None
    h1_text: str | None = None


def _meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """content of every <meta> by its lower-cased property/name/itemprop."""
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), []).append(content.strip())
    return values


def _first(values: dict[str, list[str]], keys: Iterable[str]) -> str | None:
    for key in keys:
        if values.get(key):
            return values[key][0]
    return None


def _text(element: HtmlElement) -> str:
    return clean_whitespace(" ".join(element.itertext())).replace("\n", " ")


def strip_title_affixes(title: str, rules: Rules, site_names: list[str]) -> str:
    """Drop the outlet name (and similar short parts) from "<headline> | <outlet>" / "<outlet> - <headline>"."""
    title = clean_whitespace(title).replace("\n", " ")
    names = {normalize_for_matching(n) for n in site_names if n} | set(rules.title_affixes)
    names.discard("")
    for affix in sorted(names, key=len, reverse=True):
        norm = normalize_for_matching(title)
        if norm.endswith(affix) and len(norm) > len(affix) + 3:
            cut = _cut_words(title, len(affix.split()), from_end=True)
            if cut:
                title = cut
        elif norm.startswith(affix) and len(norm) > len(affix) + 3:
            cut = _cut_words(title, len(affix.split()), from_end=False)
            if cut:
                title = cut
    for separator in rules.title_separators:
        if separator not in title:
            continue
        parts = [p.strip() for p in title.split(separator) if p.strip()]
        if len(parts) < 2:
            continue
        longest = max(parts, key=lambda p: len(p.split()))
        others = [p for p in parts if p is not longest]
        if all(len(p.split()) <= 4 for p in others) and len(longest.split()) >= 3:
            return longest
    return title


def _cut_words(title: str, count: int, from_end: bool) -> str | None:
    words = title.split()
    if count >= len(words):
        return None
    kept = words[:-count] if from_end else words[count:]
    return " ".join(kept).strip(" |-–—:ـ«»")


def _pick_h1(
    tree: HtmlElement,
    reference: str | None,
    headline_part: str | None,
    site_names: list[str],
    page_title: str | None = None,
) -> str | None:
    """The h1 that is the headline: the one the og:title/<title> contains, else the first with 3+ words.
    An h1 that names the site (og:site_name, the part of the title the site name fills: "<headline> -
    <site>", or the rest of a <title> holding the og:title headline) is the page's masthead, not the headline, on every page of the outlet."""
    texts = [t for t in (_text(h) for h in tree.iter("h1")) if t]
    if not texts:
        return None
    sites = {normalize_for_matching(name) for name in site_names if name}
    if reference:
        ref = normalize_for_matching(reference)
        part = normalize_for_matching(headline_part) if headline_part else ref
        for text in texts:
            norm = normalize_for_matching(text)
            if not norm or norm in sites or not (norm in ref or ref in norm):
                continue
            if norm in part or part in norm:
                return text
            sites.add(norm)  # only in the title's site-name part
        # an h1 the <title> holds beside the og:title headline ("<blog name>: <headline>") names the site
        title_norm = normalize_for_matching(page_title) if page_title else ""
        if ref in title_norm:
            sites.update(n for n in map(normalize_for_matching, texts) if n and n in title_norm and n not in ref)
    return next((t for t in texts if len(t.split()) >= 3 and normalize_for_matching(t) not in sites), None)


def _published(tree: HtmlElement, values: dict[str, list[str]]) -> str | None:
    raw = _first(values, _PUBLISHED_KEYS)
    if raw:
        parsed = parse_arabic_date(raw)
        if parsed:
            return parsed
    for element in tree.iter("time"):
        for candidate in (element.get("datetime"), _text(element)):
            parsed = parse_arabic_date(candidate) if candidate else None
            if parsed:
                return parsed
    for element in with_itemprop(tree, "datePublished"):
        candidate = element.get("content") or element.get("datetime") or _text(element)
        parsed = parse_arabic_date(candidate) if candidate else None
        if parsed:
            return parsed
    for script in json_ld_scripts(tree):
        match = _JSONLD_DATE.search(script.text or "")
        if match:
            parsed = parse_arabic_date(match.group(1))
            if parsed:
                return parsed
    return None


def _author_elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    """//a[@rel='author' or contains(concat(' ', @rel, ' '), ' author ')] | //*[@itemprop='author']"""
    for element in tree.iter(lxml.etree.Element):
        if element.get("itemprop") == "author":
            yield element
        elif element.tag == "a" and (rel := element.get("rel")) is not None and " author " in f" {rel} ":
            yield element


def _tag_links(tree: HtmlElement) -> list[HtmlElement]:
    """//a[(@rel='tag' or contains(@rel, ' tag')) and not(contains(@rel, 'category'))]"""
    return [
        a
        for a in tree.iter("a")
        if (rel := a.get("rel")) is not None and (rel == "tag" or " tag" in rel) and "category" not in rel
    ]


def _author(tree: HtmlElement, values: dict[str, list[str]]) -> str | None:
    """meta author, else the page's author link/markup (rel=author, itemprop=author: WordPress, schema.org)."""
    author = _first(values, _AUTHOR_KEYS)
    if not author:
        for element in _author_elements(tree):
            if "organization" in (element.get("itemtype") or "").lower():
                continue  # schema.org author as the outlet itself, not a person
            names = list(with_itemprop(element, "name", descendants_only=True))
            author = (
                (names[0].get("content") or _text(names[0])) if names else (element.get("content") or _text(element))
            )
            if author:
                break
    if not author or "://" in author or author.startswith("@") or len(author.split()) > 8:
        return None
    return author


def _tags(tree: HtmlElement, values: dict[str, list[str]]) -> list[str]:
    tags = [t for t in values.get("article:tag", []) if t]
    if not tags:
        tags = [t for t in (_text(a) for a in _tag_links(tree)) if t]
    if len(tags) == 1 and ("," in tags[0] or "،" in tags[0]):
        tags = [t.strip() for t in _TAG_SEPARATOR.split(tags[0]) if t.strip()]
    seen: list[str] = []
    for tag in tags:
        if tag not in seen:
            seen.append(tag)
    return seen


def read_page_meta(tree: HtmlElement, rules: Rules, outlet: dict[str, Any] | None = None) -> PageMeta:
    values = _meta_values(tree)
    outlet_name = _first(values, _SITE_KEYS)
    if outlet_name and outlet_name.startswith("@"):
        outlet_name = None
    site_names = [outlet_name or "", (outlet or {}).get("display_name") or ""]
    reference = _first(values, _TITLE_KEYS[:2])
    title_element = tree.find(".//title")
    page_title = _text(title_element) if title_element is not None else None
    reference = reference or page_title
    headline_part = strip_title_affixes(reference, rules, site_names) if reference else None
    h1 = _pick_h1(tree, reference, headline_part, site_names, page_title)
    title = h1 or reference
    if title:
        title = strip_title_affixes(title, rules, site_names)
    return PageMeta(
        title=title or None,
        published=_published(tree, values),
        author=_author(tree, values),
        section=_first(values, _SECTION_KEYS),
        tags=_tags(tree, values),
        outlet_name=outlet_name or (outlet or {}).get("display_name"),
        h1_text=h1,
    )
