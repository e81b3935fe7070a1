"""Reading discovery pages: sitemaps (gzipped or not), RSS/RDF/Atom feeds, section pages' next links, and
their dates. Pure functions over Scrapy responses, used by the outlet spider and tested directly."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy.http import Response, TextResponse
from scrapy.selector import Selector
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

from corpus.registry import Outlet

NEXT_TEXT = re.compile(r"(التالي|التالية|الصفحة التالية|المزيد|next|older|›|»|>>)", re.IGNORECASE)
PAGE_HINT = re.compile(r"([?&](page|p|pg|paged|start|offset)=\d+|/page/\d+)", re.IGNORECASE)


def sitemap_body(response: Response, max_size: int = 0) -> bytes | None:
    """The XML of a sitemap response, gunzipped if needed (a gzip bomb stops at max_size bytes)."""
    body = response.body
    if gzip_magic_number(response):
        try:
            body = gunzip(body, max_size=max_size)
        except Exception:  # noqa: BLE001 - a broken gzip is a broken sitemap, not a crash
            return None
    return body if body.lstrip()[:1] == b"<" else None


def parse_sitemap_xml(body: bytes | None) -> Sitemap | None:
    """A urlset or a sitemap index; None for anything else (HTML soft-404s, broken XML)."""
    if not body:
        return None
    try:
        sitemap = Sitemap(body)
    except Exception:  # noqa: BLE001 - lxml's errors on hostile input vary
        return None
    return sitemap if sitemap.type in ("urlset", "sitemapindex") else None


def feed_entries(response: Response) -> list[tuple[str, str | None]]:
    """[(link, date)] of an RSS/RDF/Atom feed."""
    try:
        selector = Selector(
            text=response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace"),
            type="xml",
        )
    except Exception:  # noqa: BLE001 - an unparseable feed yields nothing
        return []
    selector.remove_namespaces()
    entries = []
    for item in selector.xpath("//item"):
        link = item.xpath("link/text()").get() or item.xpath("guid[not(@isPermaLink='false')]/text()").get()
        stamp = item.xpath("pubDate/text()").get() or item.xpath("date/text()").get()
        if link:
            entries.append((link.strip(), iso_stamp(stamp)))
    for entry in selector.xpath("//entry"):
        link = entry.xpath("link[@rel='alternate' or not(@rel)]/@href").get()
        stamp = entry.xpath("published/text()").get() or entry.xpath("updated/text()").get()
        if link:
            entries.append((link.strip(), iso_stamp(stamp)))
    return entries


def next_page_url(response: TextResponse, outlet: Outlet) -> str | None:
    """The section's next page: rel=next, else a link that says "next" (class or text) and looks like a page URL."""
    candidates = response.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href").getall()
    candidates += response.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href").getall()
    for anchor in response.xpath("//a[@href]"):
        label = " ".join(anchor.xpath(".//text()").getall()) + " " + (anchor.attrib.get("class") or "")
        if NEXT_TEXT.search(label) or "next" in (anchor.attrib.get("class") or "").lower():
            href = anchor.attrib["href"]
            if PAGE_HINT.search(href):
                candidates.append(href)
    for href in candidates:
        url = urldefrag(urljoin(response.url, href.strip())).url
        if url != response.url and outlet.owns(url) and not outlet.is_article_url(url):
            return url
    return None


def decoded_headers(headers) -> dict[str, str]:
    return {key.decode("latin-1"): b", ".join(values).decode("latin-1") for key, values in headers.items()}


def requested_url(response: Response) -> str:
    """The URL we asked for (validators are keyed by it), which a redirect may have changed."""
    request = getattr(response, "request", None)
    return request.url if request is not None else response.url


def same_host(a: str, b: str) -> bool:
    return urlsplit(a).netloc.lower() == urlsplit(b).netloc.lower()


def iso_stamp(stamp: str | None) -> str | None:
    """A feed date (RFC 822 or ISO 8601) as ISO 8601; None if it cannot be read."""
    if not stamp:
        return None
    stamp = stamp.strip()
    try:
        moment = parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is None:
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def parse_date(stamp: str) -> date | None:
    """The calendar day of a sitemap/feed stamp (ISO 8601 or RFC 822)."""
    iso = iso_stamp(stamp)
    if iso is None:
        try:
            return date.fromisoformat(stamp.strip()[:10])
        except ValueError:
            return None
    return datetime.fromisoformat(iso).date()
