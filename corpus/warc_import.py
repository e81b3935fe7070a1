"""Build or extend a corpus from web archives: the library behind `corpus import-warc`.

    from corpus.warc_import import import_warc
    report = import_warc(["CC-NEWS-20240101.warc.gz"], "corpus.db")

Every response record of an HTML page whose host belongs to a registry outlet (and whose URL is one of
its articles) goes through the crawl's own page path (corpus.warc_store); with outlet="NAME" every HTML
response goes under that outlet. Everything else is counted by what it is: warcinfo, request, metadata,
revisit ... records; non-HTML responses; pages of hosts no outlet owns. Redirects and HTTP errors are
stored as failed pages with their status. Importing again adds nothing: a record whose id is in
pages.warc_record_id is skipped, and so is a capture of a page stored at least as well and as recently
(by canonical URL). Reading streams one record at a time (corpus.warc_read).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urljoin, urlsplit

from sqlite_utils import Database

from corpus.good_page import is_good_page
from corpus.ids import doc_id_for_url
from corpus.registry import Outlet, RegistryFiles, load_registry
from corpus.warc_read import MAX_PAYLOAD, WarcResponse, read_warc, warc_sources
from corpus.warc_store import WarcPageStore, already_stored, page_from_response

STORED = ("new", "updated", "unchanged")


@dataclass
class ImportReport:
    files: int = 0
    records: Counter[str] = field(default_factory=Counter)  # by WARC-Type
    outcomes: Counter[str] = field(default_factory=Counter)  # response records: new, updated, ..., skipped reasons
    failures: Counter[str] = field(default_factory=Counter)  # failed pages by reason (http_404, no_article_text, ...)
    outlets: Counter[str] = field(default_factory=Counter)  # pages stored per outlet
    problems: list[str] = field(default_factory=list)  # "FILE: offset N: why", one per unreadable stretch
    crawl_id: int | None = None
    duration_s: float = 0.0

    @property
    def records_read(self) -> int:
        return sum(n for kind, n in self.records.items() if kind != "unreadable")

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": dict(self.records),
            "outcomes": dict(self.outcomes),
            "failures": dict(self.failures),
            "outlets": dict(self.outlets),
            "problems": list(self.problems),
            "crawl_id": self.crawl_id,
            "duration_s": self.duration_s,
            "source": "warc import",
        }


class OutletMatcher:
    """Which outlet an archived URL belongs to: a dictionary lookup per suffix of its host (a.b.c, b.c, c),
    so the cost does not grow with the registry."""

    def __init__(self, registry: Mapping[str, Outlet], base_urls: Mapping[str, str] | None = None):
        self.by_host: dict[str, Outlet] = {}
        urls = base_urls or {}
        for name, outlet in registry.items():
            if name in urls:
                outlet = outlet.with_base_url(urls[name])
            elif outlet.needs_base_url:
                continue  # a demo outlet owns nothing until it is given its address
            for domain in outlet.domains:
                self.by_host.setdefault(domain, outlet)

    def skip_reason(self, url: str) -> str | None:
        """None for an article URL of a known outlet, else why it is skipped (no_outlet, not_article)."""
        outlet = self.outlet_for(url)
        if outlet is None:
            return "no_outlet"
        return None if outlet.is_article_url(url) else "not_article"

    def outlet_for(self, url: str) -> Outlet | None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.port and f"{host}:{parts.port}" in self.by_host:
            return self.by_host[f"{host}:{parts.port}"]
        labels = host.split(".")
        for i in range(len(labels)):
            outlet = self.by_host.get(".".join(labels[i:]))
            if outlet is not None and outlet.owns(url):
                return outlet
        return None


def import_warc(
    paths: Iterable[str | Path],
    db_path: str | Path,
    *,
    registry: RegistryFiles = None,
    outlet: str | None = None,
    base_urls: Mapping[str, str] | None = None,
    max_payload: int = MAX_PAYLOAD,
    on_bytes: Callable[[int], None] | None = None,
    on_record: Callable[[ImportReport], None] | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import the archives into db_path (the caller holds the database's writer lock). WarcInputError for a
    path that does not exist; a record that cannot be read is reported (on_problem) and reading goes on."""
    from corpus.store import open_db

    sources = warc_sources(paths)
    known = load_registry(registry)
    fixed = known.get(outlet) if outlet else None
    matcher = None if outlet else OutletMatcher(known, base_urls)
    wanted = matcher.skip_reason if matcher is not None else None
    report = ImportReport(files=len(sources))
    store = WarcPageStore(db_path)
    db = open_db(db_path)  # lookups only; the page path writes through its own connection
    interrupted = False
    started = time.monotonic()
    try:
        for source in sources:
            for event in read_warc(source, max_payload=max_payload, on_bytes=on_bytes, wanted=wanted):
                report.records[event.kind] += 1
                if event.problem:
                    report.problems.append(event.problem)
                    if on_problem:
                        on_problem(event.problem)
                elif event.skipped:
                    if event.kind == "response":
                        report.outcomes[f"skipped:{event.skipped}"] += 1
                else:
                    assert event.response is not None  # a response record that was neither a problem nor skipped
                    outcome, name, error = import_response(db, store, event.response, matcher, outlet, fixed)
                    report.outcomes[outcome] += 1
                    if outcome in STORED:
                        assert name is not None  # a stored page always has its outlet
                        report.outlets[name] += 1
                    elif outcome == "failed":
                        report.failures[error or "unknown"] += 1
                if on_record:
                    on_record(report)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        db.close()
        report.crawl_id = store.crawl_id
        report.duration_s = round(time.monotonic() - started, 3)
        store.close(report.as_dict(), sorted(report.outlets), interrupted=interrupted)
    return report


def redirect_target(response: WarcResponse) -> str | None:
    """The absolute Location of a 3xx response, else None."""
    if response.status is None or not 300 <= response.status < 400:
        return None
    location = next((value for name, value in response.headers if name.lower() == "location"), None)
    return urljoin(response.url, location.strip()) if location else None


def import_response(
    db: Database,
    store: WarcPageStore,
    response: WarcResponse,
    matcher: OutletMatcher | None,
    outlet_name: str | None,
    fixed: Outlet | None,
) -> tuple[str, str | None, str | None]:
    """One response record through the checks and the page path: (outcome, outlet, failure reason)."""
    if db.execute("SELECT 1 FROM pages WHERE warc_record_id = ? LIMIT 1", [response.record_id]).fetchone():
        return "skipped:already_imported", None, None
    if matcher is not None:
        outlet = matcher.outlet_for(response.url)
        if outlet is None:
            return "skipped:no_outlet", None, None
        if not outlet.is_article_url(response.url):
            return "skipped:not_article", outlet.name, None
        outlet_name = outlet.name
    else:
        assert outlet_name is not None  # there is no matcher only when --outlet names the outlet
        outlet = fixed
    good = is_good_page(response.status)
    if already_stored(db, doc_id_for_url(response.url), response.date, good):
        return "skipped:already_stored", outlet_name, None
    target = redirect_target(response)
    if target and already_stored(db, doc_id_for_url(target), response.date, False):
        return "skipped:already_stored", outlet_name, None  # a crawl stores a redirect under its target
    page = page_from_response(response, outlet_name, outlet)
    if (
        page.canonical_url
        and page.canonical_url != response.url
        and already_stored(db, doc_id_for_url(page.canonical_url), response.date, good)
    ):
        return "skipped:already_stored", outlet_name, None
    cleaning = outlet.cleaning_options() if outlet is not None else {"name": outlet_name}
    outcome, error = store.store(page, cleaning, getattr(outlet, "timezone", None))
    return outcome, outlet_name, error
