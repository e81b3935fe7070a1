"""Downloader middlewares: the one decoder (cleaners/decode.py) applied to every HTML response, and
redirects that always end with a named reason; failure_reason names why a request brought no page."""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import HtmlResponse

from cleaners.decode import canonical_name, decode

logger = logging.getLogger(__name__)

ENCODING_FIX_META = "encoding_fix"


class EncodingGuardMiddleware:
    """Read every HTML response with the encoding cleaners.decode settles on (Scrapy trusts the header and
    guesses only ascii/utf-8/cp1252); response.meta["encoding_fix"] says what was overridden.

    The body bytes stay as downloaded: only the encoding the response is read with changes, so the spider's
    own reading (canonical links) and the page path's decoding agree."""

    def __init__(self, stats=None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        decoded = decode(response.body, response.headers.get(b"Content-Type"))
        if canonical_name(decoded.encoding) == canonical_name(response.encoding) or decoded.text == response.text:
            if decoded.problem and self.stats:
                self.stats.inc_value("corpus/encoding_unfixed")
                logger.warning("%s: looks like %s but no Arabic encoding reads better", response.url, decoded.problem)
            return response
        fix = (
            decoded.fix
            or f"no charset, guessed {canonical_name(response.encoding)} → {decoded.encoding} ({decoded.source})"
        )
        request.meta[ENCODING_FIX_META] = fix
        if self.stats:
            self.stats.inc_value("corpus/encoding_fixes")
        logger.debug("%s: encoding %s", response.url, fix)  # counted in stats; one line per page is noise
        return response.replace(encoding=decoded.encoding)


# ---------------------------------------------------------------------- redirects that end, with a reason


class PageRefused(IgnoreRequest):
    """A request given up for a named reason (pages.error), e.g. "redirect_loop"."""

    def __init__(self, reason: str, message: str = ""):
        super().__init__(message or reason)
        self.reason = reason


class RedirectGuard:
    """Mixin over Scrapy's redirect middlewares (3xx and meta refresh).

    A redirect back to a URL already on the chain is a loop: refused as "redirect_loop" at once. Without
    this the loop's next hop reaches the dupefilter as a URL already seen and is dropped silently, with no
    pages row. REDIRECT_MAX_TIMES still ends every chain ("too_many_redirects"). (A redirect to an article
    fetched on its own is still filtered as a duplicate: that article has its row.)"""

    def _redirect(self, redirected, request, reason):
        chain = {*request.meta.get("redirect_urls", []), request.url}
        if redirected.url in chain:
            raise PageRefused("redirect_loop", f"{request.url} redirects back to {redirected.url}")
        return super()._redirect(redirected, request, reason)


class GuardedRedirectMiddleware(RedirectGuard, RedirectMiddleware):
    pass


class GuardedMetaRefreshMiddleware(RedirectGuard, MetaRefreshMiddleware):
    pass


# ---------------------------------------------------------------------- why a download failed

SIZE_LIMIT_META = "size_limit_hit"  # set by stop_oversized_download
TIMEOUTS = {"TimeoutError", "DownloadTimeoutError", "TCPTimedOutError"}
CANCELLED = {"CancelledError", "DownloadCancelledError"}  # Scrapy cancels a body beyond DOWNLOAD_MAXSIZE


def failure_reason(failure) -> str:
    """The pages.error of a request that brought no response: redirect_loop, too_many_redirects,
    decompression_bomb, size_limit, timeout, robots_txt, ignored, else download:<exception class>."""
    error = failure.value
    name = type(error).__name__
    request = getattr(failure, "request", None)
    if request is not None and request.meta.get(SIZE_LIMIT_META):
        return "size_limit"
    if isinstance(error, PageRefused):
        return error.reason
    if isinstance(error, IgnoreRequest):
        message = str(error).lower()
        if "robots" in message:
            return "robots_txt"
        if "max redirections" in message:
            return "too_many_redirects"
        if "download_maxsize" in message and "decompress" in message:
            return "decompression_bomb"
        return "ignored"
    if name in TIMEOUTS:
        return "timeout"
    if name in CANCELLED:
        return "size_limit"
    return f"download:{name}"


def stop_oversized_download(data: bytes, request, spider=None) -> None:
    """bytes_received handler: stop a body beyond DOWNLOAD_MAXSIZE as it arrives and mark its request.

    Scrapy's own check cancels such a download too, but a body sent without Content-Length then ends
    only at DOWNLOAD_TIMEOUT and is reported as a timeout; this names it and ends it at once."""
    received = request.meta.get("_corpus_bytes", 0) + len(data)
    request.meta["_corpus_bytes"] = received
    limit = request.meta.get("download_maxsize")
    if limit is None and spider is not None:
        limit = spider.settings.getint("DOWNLOAD_MAXSIZE")
    if limit and received > limit:
        request.meta[SIZE_LIMIT_META] = True
        raise StopDownload(fail=True)


class NoTraceback(logging.Filter):
    """Scrapy logs a failed robots.txt download with a traceback; the reason is enough (one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(NoTraceback())
