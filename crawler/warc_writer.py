"""Archive what the crawler fetched: every response (and its request) as WARC records in rotating .warc.gz files.

    corpus crawl rt_arabic --warc archive/                  # sets CORPUS_WARC_DIR
    scrapy crawl outlet -a name=rt_arabic -s CORPUS_WARC_DIR=archive/

WarcWriterMiddleware sits next to the downloader (priority 950, above HttpCompressionMiddleware), so it sees
each response as it came off the wire: the body still content-encoded (gzip stays gzip), only the chunked
transfer coding removed by the HTTP client (Twisted drops its header; a Transfer-Encoding header that is
still there is renamed X-Crawler-Transfer-Encoding, as Common Crawl does, so no reader de-chunks twice). Redirects, errors, robots.txt, sitemaps and feeds are
archived too: the archive is the crawl as fetched. Each record carries WARC-Block-Digest and
WARC-Payload-Digest (sha1, computed by warcio); a file is closed and a new one started when it passes
CORPUS_WARC_MAX_SIZE bytes. `corpus import-warc DIR` reads the archive back into a database.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import socket
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 1024**3  # about a gigabyte per file, as Heritrix and Common Crawl write them
_serial = itertools.count()  # one sequence per process: several crawlers (outlets) never share a file name


def header_pairs(headers) -> list[tuple[str, str]]:
    """Scrapy Headers (bytes, lists of values) as (name, value) text pairs, one per value, as sent."""
    pairs = []
    for name, values in headers.items():
        text = name.decode("latin-1")
        if text.lower() == "transfer-encoding":
            text = "X-Crawler-Transfer-Encoding"  # the body below is de-chunked already
        pairs.extend((text, value.decode("latin-1")) for value in values)
    return pairs


def warc_date(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


class RotatingWarcWriter:
    """Request/response pairs into DIR/PREFIX-<UTC stamp>-<pid>-<serial>.warc.gz, a new file past max_size."""

    def __init__(
        self,
        directory: str | Path,
        max_size: int = DEFAULT_MAX_SIZE,
        prefix: str = "corpus",
        software: str = "arabic-news-corpus",
    ):
        self.directory = Path(directory)
        self.max_size = max_size
        self.prefix = prefix
        self.software = software
        self.file = None
        self.writer = None
        self.path: Path | None = None
        self.paths: list[Path] = []
        self.records = 0

    def _open(self) -> None:
        from warcio.warcwriter import WARCWriter

        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.path = self.directory / f"{self.prefix}-{stamp}-{os.getpid()}-{next(_serial):05d}.warc.gz"
        self.file = open(self.path, "xb")  # never overwrite another crawl's archive
        self.writer = WARCWriter(self.file, gzip=True)
        info = self.writer.create_warcinfo_record(
            self.path.name,
            {
                "software": self.software,
                "hostname": socket.gethostname(),
                "format": "WARC File Format 1.0",
                "description": "pages fetched by the corpus crawler",
            },
        )
        self.writer.write_record(info)
        self.paths.append(self.path)

    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers,
        request_body: bytes,
        status: int,
        response_headers,
        body: bytes,
        protocol: str = "HTTP/1.1",
        ip_address: str | None = None,
        date: str | None = None,
    ) -> None:
        """One request and its response (WARC-Concurrent-To links them), exactly these bytes."""
        from warcio.statusandheaders import StatusAndHeaders

        if self.writer is None:
            self._open()
        date = date or warc_date()
        extra = {"WARC-Date": date}
        if ip_address:
            extra["WARC-IP-Address"] = ip_address
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        response = self.writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            warc_headers_dict=dict(extra),
            http_headers=StatusAndHeaders(f"{status} {reason}".strip(), list(response_headers), protocol=protocol),
        )
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = list(request_headers)
        if not any(name.lower() == "host" for name, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        request = self.writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(request_body or b""),
            warc_headers_dict={"WARC-Date": date},
            http_headers=StatusAndHeaders(f"{method} {target} HTTP/1.1", headers, is_http_request=True),
        )
        self.writer.write_request_response_pair(request, response)
        self.file.flush()  # a crawl killed now leaves whole records behind (at worst one cut short)
        self.records += 2
        if self.file.tell() >= self.max_size:
            self.close()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            logger.info("closed web archive %s", self.path)
        self.file = self.writer = None


class WarcWriterMiddleware:
    """Downloader middleware: archives every response with its request when CORPUS_WARC_DIR is set."""

    def __init__(self, writer: RotatingWarcWriter, stats=None):
        self.writer = writer
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        directory = crawler.settings.get("CORPUS_WARC_DIR")
        if not directory:
            raise NotConfigured("CORPUS_WARC_DIR is not set")
        max_size = crawler.settings.getint("CORPUS_WARC_MAX_SIZE") or DEFAULT_MAX_SIZE
        middleware = cls(
            RotatingWarcWriter(directory, max_size, software=crawler.settings.get("USER_AGENT")), crawler.stats
        )
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request, response, spider=None):
        try:
            self.writer.write_exchange(
                url=response.url,
                method=request.method,
                request_headers=header_pairs(request.headers),
                request_body=request.body,
                status=response.status,
                response_headers=header_pairs(response.headers),
                body=response.body,
                protocol=getattr(response, "protocol", None) or "HTTP/1.1",
                ip_address=str(response.ip_address) if getattr(response, "ip_address", None) else None,
            )
        except OSError as exc:  # a full disk must not lose the crawl: the page is still stored in corpus.db
            logger.error("%s: cannot write the web archive (%s)", self.writer.path or self.writer.directory, exc)
            if self.stats:
                self.stats.inc_value("corpus/warc/errors")
            return response
        if self.stats:
            self.stats.inc_value("corpus/warc/records", 2)
            self.stats.set_value("corpus/warc/files", [str(p) for p in self.writer.paths])
        return response

    def spider_closed(self, spider, reason):
        self.writer.close()
