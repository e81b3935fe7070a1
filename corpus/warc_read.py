"""Reading web archives (WARC 1.0/1.1, plain or gzipped per record) as a stream of events, with warcio.

    for event in read_warc(source):        # source: WarcSource("crawl.warc.gz") or WarcSource.stdin()
        event.kind                         # the record's WARC-Type (response, request, warcinfo, ...)
        event.response                     # a WarcResponse for an HTTP response record to import, else None
        event.skipped                      # why a record is not imported ("request", "not_html", ...), else None
        event.problem                      # "FILE: offset N: truncated record ...", else None

One record at a time: a payload is read whole only up to max_payload bytes (a bigger one is skipped,
counted), so memory does not grow with the archive. Payloads come out as the origin server meant them:
chunked transfer encoding removed, Content-Encoding gzip/deflate/br decoded; a payload the archiving
crawler decoded already (Common Crawl renames the header X-Crawler-Content-Encoding) is used as it is.
A record cut short (a file cut while it was written) or unreadable is reported with its file and offset;
the reader then looks for the next record (the next gzip member, or the next "WARC/1." line) and goes on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Callable, Generator, Iterable, Iterator

from corpus.good_page import is_good_page

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PAYLOAD = 10 * 1024 * 1024  # the crawler's DOWNLOAD_MAXSIZE: anything bigger is not an article
READ_BLOCK = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."


class WarcInputError(ValueError):
    """A path that is not a readable WARC input: the message is one line naming it and the reason."""


@dataclass(frozen=True)
class WarcResponse:
    """One HTTP response record, payload decoded to the bytes the page's HTML is."""

    file: str
    offset: int
    record_id: str
    url: str
    date: str  # WARC-Date as ISO 8601 UTC, seconds (the form fetched_at has)
    status: int | None
    headers: tuple[tuple[str, str], ...]  # as archived, minus the transfer/content codings already undone
    body: bytes


@dataclass(frozen=True)
class WarcEvent:
    kind: str  # WARC-Type, or "unreadable" for a record that could not be read
    response: WarcResponse | None = None
    skipped: str | None = None
    problem: str | None = None


# ---------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class WarcSource:
    """A WARC input: a file path, or standard input (name "-")."""

    name: str

    @classmethod
    def stdin(cls) -> WarcSource:
        return cls("-")

    @property
    def size(self) -> int | None:
        return None if self.name == "-" else Path(self.name).stat().st_size

    def open(self) -> BinaryIO:
        return sys.stdin.buffer if self.name == "-" else open(self.name, "rb")


def warc_sources(paths: Iterable[str | Path]) -> list[WarcSource]:
    """The inputs named on the command line: files as given, directories as their .warc/.warc.gz files
    (recursively, sorted), "-" as standard input. WarcInputError for a path that does not exist or a
    directory without archives."""
    sources = []
    for raw in paths:
        name = str(raw)
        if name == "-":
            sources.append(WarcSource.stdin())
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(WARC_SUFFIXES))
            if not found:
                raise WarcInputError(f"{path}: no .warc or .warc.gz files in this directory")
            sources.extend(WarcSource(str(p)) for p in found)
        elif path.is_file():
            sources.append(WarcSource(name))
        else:
            raise WarcInputError(f"{path}: no such file or directory")
    return sources


class CountingReader:
    """A file read forward only, telling how far it got (warcio's record offsets come from tell())."""

    def __init__(self, raw: BinaryIO, position: int = 0, on_read: Callable[[int], None] | None = None):
        self.raw = raw
        self.position = position
        self.on_read = on_read

    def read(self, size: int = -1) -> bytes:
        return self._counted(self.raw.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._counted(self.raw.readline(size))

    def _counted(self, data: bytes) -> bytes:
        """Advance the position past what was read and report it (the progress bar's bytes)."""
        self.position += len(data)
        if self.on_read and data:
            self.on_read(len(data))
        return data

    def tell(self) -> int:
        return self.position


# ---------------------------------------------------------------------- records


def read_warc(
    source: WarcSource,
    *,
    max_payload: int = MAX_PAYLOAD,
    on_bytes: Callable[[int], None] | None = None,
    wanted: Callable[[str], str | None] | None = None,
) -> Iterator[WarcEvent]:
    """Every record of the source, in order, as WarcEvents. Never raises for bad content: an unreadable
    stretch is one problem event, then reading resumes at the next record (seekable files only).
    wanted(url) -> None, or why a response is skipped before its payload is even decoded."""
    try:
        raw = source.open()
    except OSError as exc:
        yield WarcEvent("unreadable", problem=f"{source.name}: cannot open: {exc.strerror or exc}")
        return
    try:
        seekable = source.name != "-" and raw.seekable()
        start: int | None = 0
        while start is not None:
            failed_at = yield from _read_from(source.name, raw, start, max_payload, on_bytes, seekable, wanted)
            if failed_at is None:
                return
            start = _next_record_start(raw, failed_at + 1) if seekable else None
            if start is not None and on_bytes:
                on_bytes(0)
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def _read_from(
    name: str,
    raw: BinaryIO,
    start: int,
    max_payload: int,
    on_bytes: Callable[[int], None] | None,
    seekable: bool,
    wanted: Callable[[str], str | None] | None,
) -> Generator[WarcEvent, None, int | None]:
    """Records from byte `start` on; returns None at the end, or the offset of a record it could not read."""
    from warcio.archiveiterator import ArchiveIterator

    if start:
        raw.seek(start)
    reader = CountingReader(raw, start, on_bytes)
    iterator = ArchiveIterator(reader, check_digests=False)
    iterator.INC_RECORD = ""  # warcio would write a multi-line warning to stderr; counted in err_count instead
    records = iter(iterator)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return None
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds for a broken file
            # where the record it failed on starts (set when the previous one was read)
            failed_at: int = iterator.offset
            cut = seekable and _next_record_start(raw, failed_at + 1) is None  # no record after it
            why = "truncated record (the file ends inside it)" if cut else f"unreadable record ({_reason(exc)})"
            yield WarcEvent("unreadable", problem=f"{name}: offset {failed_at}: {why}")
            return failed_at
        offset: int = iterator.offset  # not get_record_offset(): that reads the record to its end first
        if record.format != "warc":  # warcio also reads ARC, and takes stray text for an ARC record
            yield WarcEvent("unreadable", problem=f"{name}: offset {offset}: not a WARC record")
            return offset
        try:
            event = _event(name, offset, record, max_payload, wanted)
        except Exception as exc:  # noqa: BLE001 - a payload that cannot be read (corrupt gzip, cut short)
            yield WarcEvent(
                record.rec_type or "unreadable", problem=f"{name}: offset {offset}: unreadable record ({_reason(exc)})"
            )
            return offset
        yield event
        if event.problem:
            return offset


def _reason(exc: Exception) -> str:
    """The exception in one short printable line (warcio quotes the raw bytes it choked on)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = "".join(ch if ch.isascii() and ch.isprintable() else "?" for ch in text)[:80]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _event(
    name: str, offset: int, record: Any, max_payload: int, wanted: Callable[[str], str | None] | None = None
) -> WarcEvent:
    kind = record.rec_type or "unknown"
    if kind != "response":
        _drain(record)  # read it through: a record cut short is reported whatever its kind
        if _cut_short(record):
            return WarcEvent(kind, problem=f"{name}: offset {offset}: truncated {kind} record (file cut short)")
        return WarcEvent(kind, skipped=kind)
    http = record.http_headers
    if http is None or not record.rec_headers.get_header("WARC-Target-URI", "").startswith(("http:", "https:")):
        _drain(record)
        return WarcEvent(kind, skipped="not_http")
    status = _status(http.get_statuscode())
    html = is_html(http.get_header("Content-Type"))
    if is_good_page(status) and html is False:
        _drain(record)
        return WarcEvent(kind, skipped="not_html")
    unwanted = wanted(record.rec_headers.get_header("WARC-Target-URI").strip()) if wanted else None
    if unwanted:  # most of a CC-NEWS file: another host, skipped without decoding its payload
        _drain(record)
        return WarcEvent(kind, skipped=unwanted)
    body = record.content_stream().read(max_payload + 1)
    if len(body) > max_payload:
        _drain(record)
        return WarcEvent(kind, skipped="too_large")
    _drain(record)
    if _cut_short(record):
        return WarcEvent(
            kind,
            problem=f"{name}: offset {offset}: truncated response record for "
            f"{record.rec_headers.get_header('WARC-Target-URI')} (file cut short)",
        )
    if is_good_page(status) and html is None and not looks_like_html(body):
        return WarcEvent(kind, skipped="not_html")
    return WarcEvent(
        kind,
        response=WarcResponse(
            file=name,
            offset=offset,
            record_id=record.rec_headers.get_header("WARC-Record-ID") or f"<{name}#{offset}>",
            url=record.rec_headers.get_header("WARC-Target-URI").strip(),
            date=iso_date(record.rec_headers.get_header("WARC-Date")),
            status=status,
            headers=decoded_headers(http.headers),
            body=body,
        ),
    )


def _drain(record: Any) -> None:
    stream = record.raw_stream
    while stream.read(READ_BLOCK):
        pass


def _cut_short(record: Any) -> bool:
    """The record's block ended before its Content-Length (warcio's LimitReader has bytes left to give)."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _status(code: str | None) -> int | None:
    try:
        return int(code) if code else None
    except ValueError:
        return None


def is_html(content_type: str | None) -> bool | None:
    """True/False from the Content-Type; None when there is none (the body decides)."""
    if not content_type or not content_type.strip():
        return None
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--"))


def decoded_headers(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The HTTP headers as the page's bytes now stand: the transfer and content codings the reader undid
    are kept under X-Crawler-* names (as Common Crawl does), so no reader undoes them twice."""
    out = []
    for name, value in headers:
        lower = name.lower()
        if lower in ("content-encoding", "transfer-encoding"):
            name = "X-Crawler-" + name
        elif lower == "content-length":
            continue  # the archived length, not the decoded payload's
        out.append((name, value))
    return tuple(out)


def iso_date(stamp: str | None) -> str:
    """WARC-Date (2024-01-01T12:00:00Z, maybe with fractions) as ISO 8601 UTC in seconds: the form of now_iso."""
    if stamp:
        try:
            moment = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone(UTC).replace(microsecond=0).isoformat()
        except ValueError:
            pass
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _next_record_start(raw: BinaryIO, position: int) -> int | None:
    """Where the next record after a broken one seems to start: a gzip member header or a WARC/1. line."""
    raw.seek(position)
    carry = b""
    base = position
    while True:
        block = raw.read(1 << 20)
        if not block:
            return None
        data = carry + block
        hits = [i for i in (data.find(GZIP_MAGIC), _line_start(data, WARC_MAGIC)) if i >= 0]
        if hits:
            return base - len(carry) + min(hits)
        carry = data[-8:]
        base += len(block)


def _line_start(data: bytes, magic: bytes) -> int:
    at = data.find(b"\n" + magic)
    if at >= 0:
        return at + 1
    return 0 if data.startswith(magic) else -1
