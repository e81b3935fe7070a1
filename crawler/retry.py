"""Retry with backoff: Scrapy's RetryMiddleware retries a 429/5xx or a timeout at once, which hammers a
server that just said it is overloaded. This one waits first: the response's Retry-After (seconds or
an HTTP date), capped by RETRY_AFTER_MAX, else exponential backoff RETRY_BACKOFF_BASE * 2**(n-1)
capped by RETRY_BACKOFF_MAX. Which responses and how many times stay Scrapy's settings
(RETRY_HTTP_CODES, RETRY_TIMES, meta dont_retry / max_retry_times).

The wait happens in the middleware (an async process_response), so the retried request goes back to
the scheduler only once the server may take it; other requests keep flowing meanwhile. Ctrl-C cuts a
wait short: the page is then recorded as failed (retried by the next run) instead of holding the
graceful stop for up to RETRY_AFTER_MAX seconds.

A 429 speaks for the whole site, not one URL: it also raises the site's download delay to the wait
(capped by AUTOTHROTTLE_MAX_DELAY), so the other queued requests slow down too; AutoThrottle, when
on, eases the delay back down as good answers come.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)

WAIT_STEP_S = 0.25  # how often a wait checks whether the crawl is being stopped


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header as seconds from now (RFC 9110 10.2.3: delay-seconds or an HTTP date);
    None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(
    attempt: int, retry_after: float | None, *, base: float, backoff_max: float, retry_after_max: float
) -> float:
    """Seconds to wait before retry number `attempt` (1, 2, ...): the server's word if it gave one,
    else base * 2**(attempt-1); each capped so one unfriendly header cannot stall the crawl."""
    if retry_after is not None:
        return min(retry_after, retry_after_max)
    return min(base * 2 ** max(attempt - 1, 0), backoff_max)


class BackoffRetryMiddleware(RetryMiddleware):
    """Replaces scrapy's RetryMiddleware at the same position (550); see the module docstring."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self.slow_down_max = settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 60.0)

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
        if response.status == 429:
            self.slow_down(request, self.delay_for(request.meta.get("retry_times", 0) + 1, retry_after))
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        waited = await self.wait(retry, retry_after)
        return retry if waited else response

    async def process_exception(self, request, exception):
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is not None and not await self.wait(retry, None):
            return None  # stopping: let the download fail as it did
        return retry

    def delay_for(self, attempt: int, retry_after: float | None) -> float:
        return backoff_delay(
            attempt, retry_after, base=self.base, backoff_max=self.backoff_max, retry_after_max=self.retry_after_max
        )

    def slow_down(self, request, seconds: float) -> None:
        """Space every request to the request's site (its downloader slot) by at least `seconds`."""
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        seconds = min(seconds, self.slow_down_max)
        if slot is not None and seconds > slot.delay:
            slot.delay = seconds
            self.crawler.stats.inc_value("corpus/slowed_down")
            logger.info("%s answered 429: at most one request every %.1f s to it from now on", request.url, seconds)

    async def wait(self, retry, retry_after: float | None) -> bool:
        """Sleep before the retry; False if the crawl is being stopped meanwhile (then do not retry)."""
        delay = self.delay_for(retry.meta.get("retry_times", 1), retry_after)
        if delay <= 0:
            return True
        stats = self.crawler.stats
        stats.inc_value("corpus/retry_waits")
        stats.inc_value("corpus/retry_wait_s", round(delay, 3))
        logger.debug("waiting %.1f s before retrying %s", delay, retry.url)
        end = time.monotonic() + delay
        while (left := end - time.monotonic()) > 0:
            if not self.crawler.crawling:  # Ctrl-C (or another stop) arrived
                return False
            await sleep(min(left, WAIT_STEP_S))
        return self.crawler.crawling
