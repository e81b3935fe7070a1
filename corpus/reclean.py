"""Re-derive every document from what was stored of its source, with the current cleaning rules.

Crawled documents come back from their raw HTML (`pages.html`, decoded with the headers stored with it:
the same decoder and the same charset the crawl used), imported ones from their raw text
(`imported_texts.raw_zlib`, or `raw` for rows before m100); nothing is fetched. The CPU half of the page path (decode, clean, language,
MinHash: corpus.pages) runs in a process pool on every core; the parent is the single writer: it curates
and saves each result in source order, in batched transactions, so "first document" keeps meaning the
same thing for duplicates.
"""

from __future__ import annotations

import collections
import functools
import json
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator, cast

from sqlite_utils import Database

import cleaners
from corpus.config import settings_record
from corpus.curate import CurationSettings, measure
from corpus.errors import ConfigError
from corpus.good_page import good_page_sql
from corpus.pages import Cleaned, clean_html_source, clean_text_source, curate_and_save
from corpus.published import keep_offset
from corpus.registry import CleaningOptions, RegistryFiles
from corpus.store import Row, decompress_html, document_row, imported_raw, now_iso
from corpus.transaction import write_transaction
from corpus.workers import WorkerPool, default_workers, write_in_batches

HTML = "html"
TEXT = "text"
# Columns a re-clean must carry over from the stored row: they describe the source, not the text.
SOURCE_COLUMNS = ("url", "canonical_url", "outlet", "origin", "fetched_at", "seq", "source_name")


class RegistryUnavailable(ConfigError):
    """The outlet registry exists but cannot be loaded; the message names the file and the reason."""


@dataclass(frozen=True)
class Job:
    """One source to clean: raw HTML bytes of a page (with its stored headers) or raw text of an imported file."""

    id: str
    kind: str  # HTML or TEXT
    raw: bytes | str
    url: str | None
    outlet: str | None
    cleaning: CleaningOptions | None = None  # the outlet's cleaning overrides (cleaners' `outlet` argument)
    content_type: str | None = None  # the Content-Type header the page was served with
    zlib: bytes | None = None  # the source as stored, compressed (raw is then empty): unpacked in the worker

    def source(self) -> bytes | str:
        """The raw HTML bytes or text, decompressed if the job carries it compressed."""
        if self.zlib is None:
            return self.raw
        return decompress_html(self.zlib) if self.kind == HTML else imported_raw(None, self.zlib)

    def unpacked(self) -> Job:
        return self if self.zlib is None else replace(self, raw=self.source(), zlib=None)

    def without_source(self) -> Job:
        """What the writer needs back from a worker: everything but the (large) source."""
        return replace(self, raw=b"" if self.kind == HTML else "", zlib=None)


@dataclass
class RecleanReport:
    cleaner_version: str
    total: int = 0  # sources cleaned
    changed: int = 0  # documents whose text differs from before
    status_changes: collections.Counter[str] = field(default_factory=collections.Counter)  # "old->new": n
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)
    pending: int = 0  # re-cleaned once more at the end: a line of theirs became learned boilerplate after them


# --- what to re-clean ---------------------------------------------------------------------------


def count_sources(db: Database, outlet: str | None = None) -> int:
    return sum(db.execute(f"SELECT count(*) {sql}", params).fetchone()[0] for sql, params in source_queries(db, outlet))


def source_queries(db: Database, outlet: str | None) -> list[tuple[str, list[str]]]:
    """FROM/WHERE clauses of the two sources: successful pages with a body, and imported texts."""
    page_where = f"pages.html IS NOT NULL AND {good_page_sql()}"
    text_where = "1"
    params: list[str] = []
    if outlet:
        page_where += " AND documents.outlet = ?"
        text_where = "documents.outlet = ?"
        params = [outlet]
    # Only pages that made a document: listing pages or fetch errors are not documents to re-derive.
    queries = [(f"FROM pages JOIN documents ON documents.id = pages.id WHERE {page_where}", params)]
    if db["imported_texts"].exists():
        queries.append(
            (f"FROM imported_texts JOIN documents ON documents.id = imported_texts.id WHERE {text_where}", params)
        )
    return queries


def iter_jobs(
    db: Database,
    outlet: str | None = None,
    overrides: dict[str, CleaningOptions] | None = None,
    batch_size: int = 200,
    ids: list[str] | None = None,
) -> Iterator[Job]:
    """Pages then imports, each in the order their documents were first stored (so an original is
    re-curated before its duplicates); one batch of raw sources in memory at a time. ids: only these
    documents (a short list: the queue of reclean_pending)."""
    overrides = overrides or {}
    queries = source_queries(db, outlet)
    if ids is not None:
        queries = [
            (f"{sql} AND documents.id IN ({', '.join('?' * len(ids))})", [*params, *ids]) for sql, params in queries
        ]
    page_sql, page_params = queries[0]
    page_select = (
        "SELECT documents.rowid, pages.id, pages.html, coalesce(pages.final_url, pages.url), "
        f"coalesce(documents.outlet, pages.outlet), pages.headers {page_sql}"
    )
    for _, id_, blob, url, outlet_, headers in paged(db, page_select, page_params, batch_size):
        yield Job(id_, HTML, b"", url, outlet_, overrides.get(outlet_), stored_content_type(headers), blob or None)
    if len(queries) > 1:
        text_sql, text_params = queries[1]
        text_select = (
            "SELECT documents.rowid, imported_texts.id, imported_texts.raw, imported_texts.raw_zlib, "
            f"documents.outlet {text_sql}"
        )
        for _, id_, raw, raw_zlib, outlet_ in paged(db, text_select, text_params, batch_size):
            packed = raw_zlib if raw is None else None  # rows before m100 hold the text itself
            yield Job(id_, TEXT, raw or "", None, outlet_, overrides.get(outlet_), zlib=packed)


def paged(db: Database, select: str, params: list[str], batch_size: int) -> Iterator[tuple[Any, ...]]:
    """Rows of `select` (first column documents.rowid) in rowid order, one batch per query: no read
    cursor stays open while the same connection writes and commits the re-cleaned documents."""
    last = -1
    while True:
        rows = db.execute(
            f"{select} AND documents.rowid > ? ORDER BY documents.rowid LIMIT ?", [*params, last, batch_size]
        ).fetchall()
        yield from rows
        if len(rows) < batch_size:
            return
        last = rows[-1][0]


# --- cleaning (runs in worker processes) --------------------------------------------------------


def registry_overrides(files: RegistryFiles = None) -> dict[str, CleaningOptions]:
    """{outlet name: the `outlet` dict clean_html/clean_text take (its cleaning overrides)} from the
    registry FILES (default: the bundled one; {} when it is not a file). A registry that does not load
    raises RegistryUnavailable: re-cleaning without an outlet's overrides would quietly change its texts."""
    from corpus import registry as outlet_registry

    if not files and not outlet_registry.REGISTRY_PATH.exists():
        return {}
    try:
        registry = outlet_registry.load_registry(files)
    except Exception as exc:  # RegistryError and friends: one line naming the file and the reason
        raise RegistryUnavailable(str(exc)) from None
    return {name: outlet.cleaning_options() for name, outlet in registry.items()}


def stored_content_type(headers_json: str | None) -> str | None:
    """The Content-Type of a pages row's stored headers (JSON {name: value}); None if there is none."""
    from cleaners.decode import content_type_of

    try:
        headers = json.loads(headers_json) if headers_json else {}
    except ValueError:
        return None
    return content_type_of(headers) if isinstance(headers, dict) else None


def clean_job(
    job: Job, settings: CurationSettings, clean: Callable[[Job], cleaners.Document] | None = None
) -> tuple[Job, Cleaned | None, str | None]:
    """(job, cleaned, None) or (job, None, reason): the CPU half, in a worker. One bad page never stops the
    run. `clean` replaces the cleaners (a picklable top-level function Job -> Document), e.g. in tests."""
    try:
        job = job.unpacked()
        if clean is not None:
            document = clean(job)
            cleaned = Cleaned(document, None, None if document.rejected else measure(document, settings))
        elif job.kind == HTML:
            cleaned = clean_html_source(cast(bytes, job.raw), job.content_type, job.url, job.cleaning, settings)
        else:
            cleaned = clean_text_source(cast(str, job.raw), job.cleaning, settings)  # TEXT jobs hold str
        return job, cleaned, None
    except Exception as exc:  # the reason goes into the report, naming the document
        return job, None, f"{type(exc).__name__}: {exc}"


def clean_for_writer(
    job: Job, settings: CurationSettings, clean: Callable[[Job], cleaners.Document] | None = None
) -> tuple[Job, Cleaned | None, str | None]:
    """clean_job, handing the job back without its source (not pickled back to the writer)."""
    _, cleaned, error = clean_job(job, settings, clean)
    return job.without_source(), cleaned, error


# --- writing (the parent) -----------------------------------------------------------------------


def stored_row(db: Database, document_id: str) -> Row | None:
    rows = list(db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
    return rows[0] if rows else None


def new_row(job: Job, document: cleaners.Document, old: Row) -> Row:
    """The documents row from a fresh cleaning, keeping the source columns of the stored row."""
    source = {key: old.get(key) for key in SOURCE_COLUMNS if key in old}
    row = document_row(document, id=job.id, cleaner_version=cleaners.CLEANER_VERSION, **source)
    row["published"] = keep_offset(row.get("published"), old.get("published"))
    return row


def apply_result(db: Database, job: Job, cleaned: Cleaned, settings: CurationSettings, report: RecleanReport) -> None:
    """Curate and save one re-cleaned document (the page path's write steps); count what changed."""
    old = stored_row(db, job.id)
    assert old is not None and cleaned.document is not None  # jobs come from stored rows; cleaned has a document
    row, _ = curate_and_save(db, new_row(job, cleaned.document, old), cleaned, settings)
    report.total += 1
    if (old.get("text") or "") != (row.get("text") or ""):
        report.changed += 1
    if old.get("status") != row.get("status"):
        report.status_changes[f"{old.get('status')}->{row.get('status')}"] += 1


def reclean(
    db: Database,
    outlet: str | None = None,
    settings: CurationSettings = CurationSettings(),
    workers: int | None = None,
    clean: Callable[[Job], cleaners.Document] | None = None,
    overrides: dict[str, CleaningOptions] | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> RecleanReport:
    """Re-clean every stored page and imported text (of one outlet, or all) with the current rules
    and re-curate it, in the order the documents were first stored, on `workers` processes (default:
    every core; `clean`, if given, must be a picklable top-level function). progress(n) is called after each document is committed. Returns the report;
    documents whose cleaning failed keep their stored row untouched. overrides: {outlet: cleaning
    overrides}, default the bundled registry's (registry_overrides)."""
    report = RecleanReport(cleaner_version=cleaners.CLEANER_VERSION)
    overrides = registry_overrides() if overrides is None else overrides
    run_jobs(db, iter_jobs(db, outlet, overrides), settings, report, workers or default_workers(), clean, progress)
    # Lines that reached their threshold during this pass: the documents re-cleaned before that hold them.
    report.pending = reclean_pending(db, settings, outlet, overrides, workers=1, clean=clean).total
    record_run(db, outlet, report, settings)
    return report


def run_jobs(
    db: Database,
    jobs: Iterator[Job],
    settings: CurationSettings,
    report: RecleanReport,
    workers: int,
    clean: Callable[[Job], cleaners.Document] | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> None:
    """Clean the jobs on `workers` processes, curate and save each result in job order; count into report."""

    def write(result: tuple[Job, Cleaned | None, str | None]) -> None:
        job, cleaned, error = result
        if error:
            report.failed.append((job.id, error))
        else:
            assert cleaned is not None  # clean_job gives a Cleaned whenever it gives no error
            apply_result(db, job, cleaned, settings, report)

    with WorkerPool(workers) as pool:
        results = pool.map(functools.partial(clean_for_writer, settings=settings, clean=clean), jobs)
        write_in_batches(db, results, write, after=lambda result, _: progress(1))


PENDING_CHUNK = 500  # ids per query (SQLite's limit on ? marks is far above)


def pending_documents(db: Database, outlet: str | None = None) -> list[tuple[str, str]]:
    """(outlet, document id) queued by learned boilerplate (corpus.curate.boilerplate), in stored order."""
    if not db["boilerplate_pending"].exists():
        return []
    where, params = ("WHERE p.outlet = ?", [outlet]) if outlet else ("", [])
    return [
        (row[0], row[1])
        for row in db.execute(
            "SELECT p.outlet, p.document_id FROM boilerplate_pending p JOIN documents d ON d.id = p.document_id "
            f"{where} ORDER BY d.rowid",
            params,
        )
    ]


def reclean_pending(
    db: Database,
    settings: CurationSettings = CurationSettings(),
    outlet: str | None = None,
    overrides: dict[str, CleaningOptions] | None = None,
    workers: int = 1,
    clean: Callable[[Job], cleaners.Document] | None = None,
) -> RecleanReport:
    """Re-clean the documents stored before a line of theirs became learned boilerplate (queued in
    boilerplate_pending when the line reached its threshold), so they lose it too; then empty the queue
    (of one outlet, or all). Crawls, imports, ingest and reclean call it at their end; it is a few
    documents per newly learned line. overrides: as for reclean (default: the registry's)."""
    report = RecleanReport(cleaner_version=cleaners.CLEANER_VERSION)
    queued = pending_documents(db, outlet)
    if not queued:
        return report
    overrides = registry_overrides() if overrides is None else overrides
    for start in range(0, len(queued), PENDING_CHUNK):
        ids = [id_ for _, id_ in queued[start : start + PENDING_CHUNK]]
        run_jobs(db, iter_jobs(db, None, overrides, ids=ids), settings, report, workers, clean)
    with write_transaction(db):  # also the ones without a stored source or whose cleaning failed
        db.conn.executemany("DELETE FROM boilerplate_pending WHERE outlet = ? AND document_id = ?", queued)
    return report


def record_run(
    db: Database, outlet: str | None, report: RecleanReport, settings: CurationSettings | None = None
) -> None:
    """One row per re-clean in `reclean_runs`, so the cleaner version of a corpus is on record."""
    db.table("reclean_runs").insert(
        {
            "finished_at": now_iso(),
            "outlet": outlet,
            "cleaner_version": report.cleaner_version,
            "documents": report.total,
            "changed": report.changed,
            "failed": len(report.failed),
            "status_changes": json.dumps(dict(report.status_changes)),
            "settings": settings_record(settings or CurationSettings()),  # the thresholds it applied
        },
        pk="id",
    )
