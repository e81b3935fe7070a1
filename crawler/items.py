"""What the spider hands to the pipelines: one fetched article page, raw."""

from __future__ import annotations

import scrapy


class PageItem(scrapy.Item):
    """A fetched (or failed) article URL. The spider fills the first block; the pipelines add the rest."""

    # ---- set by the spider
    url = scrapy.Field()  # as requested (before redirects)
    final_url = scrapy.Field()  # after redirects (None when nothing was downloaded)
    canonical_url = scrapy.Field()  # the page's rel=canonical when it is an article URL of the outlet, else final_url
    status = scrapy.Field()  # HTTP status; None when the download itself failed
    headers = scrapy.Field()  # {name: value} response headers
    body = scrapy.Field()  # raw response bytes, untouched (stored as is)
    encoding = scrapy.Field()  # the encoding Scrapy reads the body with (after the middleware's cleaners.decode)
    encoding_fix = scrapy.Field()  # what the encoding guard changed, e.g. "header iso-8859-1 → windows-1256 (meta)"
    outlet = scrapy.Field()  # registry name, e.g. "rt_arabic"
    fetched_at = scrapy.Field()  # ISO 8601 UTC
    discovered_from = scrapy.Field()  # the sitemap/feed/section URL that linked it ("cli" for --url)
    lastmod = scrapy.Field()  # lastmod/pubDate the sitemap or feed gave, if any
    error = scrapy.Field()  # why no document comes of it: "http_404", "download:TimeoutError", "not_article", ...

    # ---- set by the pipeline (PagePipeline, through corpus.pages)
    outcome = scrapy.Field()  # what the page path did: new, updated, unchanged, failed; "error": not stored

    def __repr__(self) -> str:
        """Short: Scrapy logs items, and the body would flood the log."""
        return (
            f"<PageItem {self.get('outlet')} {self.get('status')} {self.get('final_url') or self.get('url')}"
            f"{' error=' + self['error'] if self.get('error') else ''}>"
        )
