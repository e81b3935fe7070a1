"""Downloader middleware: the encoding guard (crawler/encoding.py) applied to every HTML response."""
from __future__ import annotations

import logging

from scrapy.http import HtmlResponse

from crawler.encoding import guard_encoding, header_charset, meta_charset

logger = logging.getLogger(__name__)

ENCODING_FIX_META = "encoding_fix"


class EncodingGuardMiddleware:
    """Re-decode Arabic HTML whose declared charset produced mojibake; response.meta["encoding_fix"] says how.

    The body bytes stay as downloaded: only the encoding the response is read with changes."""

    def __init__(self, stats=None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        verdict = guard_encoding(
            response.body,
            response.encoding,
            header_label=header_charset(response.headers.get(b"Content-Type")),
            meta_label=meta_charset(response.body),
        )
        if verdict.fix is None:
            if verdict.problem and self.stats:
                self.stats.inc_value("corpus/encoding_unfixed")
                logger.warning("%s: looks like %s but no Arabic encoding reads better", response.url, verdict.problem)
            return response
        request.meta[ENCODING_FIX_META] = verdict.fix
        if self.stats:
            self.stats.inc_value("corpus/encoding_fixes")
        logger.debug("%s: encoding %s", response.url, verdict.fix)  # counted in stats; one line per page is noise
        return response.replace(encoding=verdict.encoding)
