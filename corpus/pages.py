"""The one page path: a fetched page -> decode -> clean -> curate -> store, in one write transaction.

    outcome = process_page(db, page, options)

The crawl's PagePipeline (crawler/pipelines.py), `corpus ingest` (Redis) and reclean all go through it.
It comes in two halves so the CPU half can run in a worker process (corpus/workers.py):
- prepare_page(page, options) -> Prepared: decode (cleaners.decode, with the page's own headers), clean,
  and measure (language, text hash, MinHash). Pure: no database.
- store_prepared(db, prepared, options) -> Outcome: curate against the corpus (duplicates, learned
  boilerplate), then the pages row and the document, all in one write_transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

import cleaners
from cleaners.decode import content_type_of, decode
from cleaners.document import Document, Removal
from corpus.curate import CurationSettings, Measured, curate, measure
from corpus.good_page import has_good_page, is_good_page
from corpus.ids import doc_id_for_url
from corpus.published import with_offset
from corpus.registry import CleaningOptions
from corpus.search_index import KnownEntry
from corpus.store import Row, compress_html, document_row, save_document, save_page
from corpus.transaction import write_transaction

logger = logging.getLogger(__name__)

# Columns that decide whether a re-fetched document changed (fetched_at/cleaned_at always do).
COMPARED_COLUMNS = (
    "title",
    "text",
    "published",
    "author",
    "section",
    "tags",
    "source_credit",
    "outlet_name",
    "status",
    "status_reason",
    "duplicate_of",
    "cleaner_version",
)
# Curation statuses that mean the page gave no usable article text (counted against the extraction yield).
NO_TEXT_STATUSES = ("empty", "too_short", "link_list", "rejected")


@dataclass(frozen=True)
class Page:
    """One fetched (or failed) article URL, as any fetcher hands it over."""

    url: str  # as requested (before redirects)
    outlet: str
    fetched_at: str
    body: bytes | None = None  # raw bytes, stored as they came
    headers: dict[str, str] = field(default_factory=dict)  # {name: value} response headers
    status: int | None = None  # HTTP status; None when the download itself failed
    final_url: str | None = None  # after redirects
    canonical_url: str | None = None  # rel=canonical when it is an article URL of the outlet
    error: str | None = None  # why the fetch gave nothing to clean: "download:TimeoutError", "binary", ...
    discovered_from: str | None = None  # the sitemap/feed/section URL that linked it
    lastmod: str | None = None
    encoding_fix: str | None = None  # the fetcher's own note on a repaired charset, if it made one
    warc_file: str | None = None  # where an archived page was read (corpus import-warc); None when crawled
    warc_record_id: str | None = None
    warc_offset: int | None = None

    @property
    def id(self) -> str:
        return doc_id_for_url(self.canonical_url or self.final_url or self.url)

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Page:
        """From a crawler item or a Redis payload: a mapping with these field names (others ignored)."""
        fields: dict[str, Any] = {
            name: item.get(name) for name in cls.__dataclass_fields__ if item.get(name) is not None
        }
        return cls(**fields)


@dataclass(frozen=True)
class PageOptions:
    cleaning: CleaningOptions | None = None  # the outlet's cleaning overrides (cleaners' `outlet` argument)
    settings: CurationSettings = CurationSettings()
    crawl_id: int | None = None
    timezone: str | None = None  # the outlet's zone (registry): `published` gets its UTC offset


@dataclass(frozen=True)
class Cleaned:
    """A source after the CPU half: the document (or why there is none) and how its bytes were read."""

    document: Document | None  # None when the cleaners never ran (a failed fetch)
    error: str | None = None  # why there is no article: the fetch's reason or the cleaners' rejection
    measured: Measured | None = None
    encoding: str | None = None
    encoding_source: str | None = None
    encoding_fix: str | None = None


@dataclass(frozen=True)
class Prepared:
    page: Page
    cleaned: Cleaned
    reached_cleaner: bool  # a fetched 2xx article page the cleaners got to read (the extraction yield)
    html: bytes | None = None  # the body as pages.html stores it (zlib), compressed in the worker


@dataclass(frozen=True)
class Outcome:
    """What process_page did: new, updated, unchanged or failed (with the reason), and the curation status."""

    outcome: str
    reached_cleaner: bool
    error: str | None = None
    status: str | None = None
    curation_error: bool = False  # curation raised: stored uncurated

    def stat_keys(self) -> list[str]:
        """The crawl stats this outcome counts (without the "corpus/" prefix)."""
        keys = []
        if self.reached_cleaner:
            keys.append("yield/pages")
            if self.error:
                keys += [f"extraction_failures/{self.error}", f"yield/no_text/{self.error}"]
        if self.curation_error:
            keys.append("errors/curation")
        keys.append(f"articles/{self.outcome}")
        if self.outcome == "failed":
            keys.append(f"failures/{self.error or 'unknown'}")
        else:
            status = self.status or "uncurated"
            keys.append(f"curation_status/{status}")
            if status in NO_TEXT_STATUSES:
                keys.append(f"yield/no_text/{status}")
        return keys


# ---------------------------------------------------------------------- the CPU half (no database)


def clean_html_source(
    body: bytes | None,
    content_type: str | None,
    url: str | None,
    cleaning: CleaningOptions | None,
    settings: CurationSettings,
) -> Cleaned:
    """Decode with the headers the server sent, clean, measure."""
    decoded = decode(body or b"", content_type)
    document = cleaners.clean_html(decoded.text, url=url, outlet=cleaning)
    how: dict[str, Any] = {"encoding": decoded.encoding, "encoding_source": decoded.source, "encoding_fix": decoded.fix}
    if document.rejected:
        return Cleaned(document, document.rejected, **how)
    return Cleaned(document, None, measure(document, settings), **how)


def clean_text_source(raw: str, cleaning: CleaningOptions | None, settings: CurationSettings) -> Cleaned:
    """Already-extracted text (imports): clean and measure. A rejection still makes a document (status rejected)."""
    document = cleaners.clean_text(raw, outlet=cleaning)
    return Cleaned(document, None, None if document.rejected else measure(document, settings))


def prepare_page(page: Page, options: PageOptions) -> Prepared:
    """Decode and clean a fetched page and measure its text; never raises for a bad page."""
    if not is_good_page(page.status, page.error):
        return Prepared(page, Cleaned(None, page.error or f"http_{page.status}"), False)
    try:
        cleaned = clean_html_source(
            page.body, content_type_of(page.headers), page.final_url, options.cleaning, options.settings
        )
    except Exception as exc:  # noqa: BLE001 - one odd page must not stop a run; its reason is kept
        cleaned = Cleaned(None, f"cleaner_error:{type(exc).__name__}")
    return Prepared(page, cleaned, True, compress_html(page.body) if page.body is not None else None)


# ---------------------------------------------------------------------- the write half (one transaction)


def page_row(page: Page, cleaned: Cleaned, crawl_id: int | None = None) -> Row:
    """The pages row (save_page compresses the body)."""
    return {
        "id": page.id,
        "url": page.url,
        "final_url": page.final_url,
        "outlet": page.outlet,
        "status": page.status,
        "headers": page.headers or {},
        "body": page.body,
        "encoding": cleaned.encoding,
        "encoding_fix": page.encoding_fix or cleaned.encoding_fix,
        "encoding_source": cleaned.encoding_source,
        "fetched_at": page.fetched_at,
        "crawl_id": crawl_id,
        "error": page.error if page.error else cleaned.error,
        "discovered_from": page.discovered_from,
        "lastmod": page.lastmod,
        "kind": "article",  # failed sitemaps/feeds/sections are pages rows too (the spider records them)
        "warc_file": page.warc_file,
        "warc_record_id": page.warc_record_id,
        "warc_offset": page.warc_offset,
    }


def document_row_for(page: Page, document: Document, timezone: str | None = None) -> Row:
    """The documents row for a cleaned page: identity from the canonical URL, provenance from the fetch,
    `published` as printed with the outlet's UTC offset (ISO 8601)."""
    url = page.final_url or page.url
    row = document_row(
        document,
        id=page.id,
        url=url,
        canonical_url=page.canonical_url or url,
        outlet=page.outlet,
        fetched_at=page.fetched_at,
        origin="crawl",
        cleaner_version=cleaners.CLEANER_VERSION,
    )
    row["published"] = with_offset(row.get("published"), timezone)
    return row


def document_outcome(db: Database, row: Row) -> str:
    """new, updated or unchanged, against the stored row of the same id."""
    existing = db.execute(COMPARED_SELECT, [row["id"]]).fetchone()
    if existing is None:
        return "new"
    return "unchanged" if all(value == row.get(c) for c, value in zip(COMPARED_COLUMNS, existing)) else "updated"


COMPARED_SELECT = f"SELECT {', '.join(f'[{c}]' for c in COMPARED_COLUMNS)} FROM documents WHERE id = ?"


def curated(db: Database, row: Row, cleaned: Cleaned, settings: CurationSettings) -> tuple[Row, list[Removal], bool]:
    """(row, removals, curation failed): curation in its own savepoint; if it raises, the document is
    stored uncurated (logged and counted) rather than lost."""
    assert cleaned.document is not None  # only a cleaned page is curated
    try:
        row, learned = curate(db, row, cleaned.document, settings, cleaned.measured)
    except Exception:  # noqa: BLE001 - one bad document must not stop the run; it is stored uncurated
        logger.exception("curation failed for %s; storing it uncurated", row.get("url") or row["id"])
        return row, list(cleaned.document.removed), True
    return row, list(cleaned.document.removed) + list(learned or ()), False


def known_index(cleaned: Cleaned) -> KnownEntry | None:
    return cleaned.measured.known_index() if cleaned.measured else None


def curate_and_save(db: Database, row: Row, cleaned: Cleaned, settings: CurationSettings) -> tuple[Row, bool]:
    """Curate and save one document (reclean and imports: no page to record), in one write transaction."""
    with write_transaction(db):
        row, removals, failed = curated(db, row, cleaned, settings)
        save_document(db, row, removals, known_index(cleaned))
    return row, failed


def store_prepared(db: Database, prepared: Prepared, options: PageOptions) -> Outcome:
    """The page (always) and its document (if it has one) in one write transaction; idempotent.

    A failure (404, timeout, ...) never overwrites a page that was fetched fine before: a transient
    error must not destroy stored HTML. Raises if the transaction cannot be written (nothing of it is)."""
    page, cleaned = prepared.page, prepared.cleaned
    with write_transaction(db):
        row_for_page = page_row(page, cleaned, options.crawl_id)
        if prepared.html is not None:
            row_for_page["html"] = prepared.html
        if cleaned.error or cleaned.document is None:
            if not has_good_page(db, page.id):
                save_page(db, row_for_page)
            return Outcome("failed", prepared.reached_cleaner, cleaned.error)
        row, removals, failed = curated(
            db, document_row_for(page, cleaned.document, options.timezone), cleaned, options.settings
        )
        outcome = document_outcome(db, row)
        save_page(db, row_for_page)
        if outcome != "unchanged":
            save_document(db, row, removals, known_index(cleaned))
    return Outcome(outcome, prepared.reached_cleaner, None, row.get("status"), failed)


def process_page(db: Database, page: Page, options: PageOptions = PageOptions()) -> Outcome:
    """decode -> clean -> curate -> store one fetched page; returns what happened."""
    return store_prepared(db, prepare_page(page, options), options)
