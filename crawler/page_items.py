"""Building the PageItem of an article URL: what was fetched (or why nothing was), as the pipelines get it."""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.http import Request, Response, TextResponse

from corpus.good_page import is_good_page
from corpus.registry import Outlet
from corpus.store import now_iso
from crawler.discovery import decoded_headers
from crawler.items import PageItem
from crawler.middlewares import ENCODING_FIX_META


def page_item(outlet: Outlet, request: Request, response: Response | None) -> PageItem:
    """The raw page as the pipelines get it."""
    redirects = request.meta.get("redirect_urls") or []
    item = PageItem(
        url=redirects[0] if redirects else request.url,
        outlet=outlet.name,
        fetched_at=now_iso(),
        discovered_from=request.meta.get("discovered_from"),
        lastmod=request.meta.get("lastmod"),
        final_url=None,
        canonical_url=None,
        status=None,
        headers={},
        body=None,
        encoding=None,
        encoding_fix=None,
        error=None,
    )
    if response is not None:
        item.update(
            final_url=response.url,
            canonical_url=canonical_link(outlet, response) or response.url,
            status=response.status,
            headers=decoded_headers(response.headers),
            body=response.body,
            encoding=getattr(response, "encoding", None),
            encoding_fix=request.meta.get(ENCODING_FIX_META) or response.meta.get(ENCODING_FIX_META),
        )
    return item


def canonical_link(outlet: Outlet, response: Response) -> str | None:
    """rel=canonical, if it names an article URL of this outlet (a canonical pointing at the home page
    or another outlet would merge unrelated pages into one document)."""
    if not isinstance(response, TextResponse) or not is_good_page(response.status):
        return None
    href = response.xpath("//link[@rel='canonical']/@href").get()
    if not href:
        return None
    url = urljoin(response.url, href.strip())
    return url if outlet.is_article_url(url) else None
