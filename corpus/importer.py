"""Import a folder of extracted text files (the raw seed shape) into corpus.db.

Each `.txt` file is cleaned with cleaners.clean_text, curated like a crawled page and saved with
origin "import". Ids: a file named `NNN_<16 hex>.txt` keeps its id; any other file gets the hash of
its raw content (corpus.ids.doc_id_for_text), so importing the same file twice updates one row.
Order: `seq` is the NNN of the file name, or the next free number, so an export in seq order writes
the same `NNN_<id>.txt` names back. The raw text goes to `imported_texts` for `corpus reclean`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlite_utils import Database

import cleaners
from cleaners.decode import UndecodableText, decode_text
from corpus.curate import CurationSettings
from corpus.ids import doc_id_for_text, id_from_filename
from corpus.pages import Cleaned, clean_text_source, curate_and_save
from corpus.reclean import reclean_pending, registry_overrides
from corpus.registry import CleaningOptions, RegistryFiles
from corpus.store import Row, compress_html, document_row, now_iso
from corpus.transaction import write_transaction
from corpus.workers import WorkerPool, write_in_batches

SEQ_PREFIX = re.compile(r"^(\d{3,})_")


@dataclass
class ImportReport:
    imported: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, reason)
    boilerplate_recleaned: int = 0  # earlier documents re-cleaned: a line of theirs became learned boilerplate


@dataclass(frozen=True)
class SourceFile:
    path: Path
    raw: str
    id: str
    seq: int | None  # from the file name, if it has one
    raw_zlib: bytes | None = None  # raw compressed where it was read (a worker), else on demand

    def compressed(self) -> bytes:
        return self.raw_zlib if self.raw_zlib is not None else compress_html(self.raw)


def text_files(folder: Path) -> list[Path]:
    """The .txt files directly in the folder, in name order (the seed's NNN order)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")


def read_source(path: Path) -> SourceFile:
    """Read one file (UTF-8 or UTF-16 with or without BOM, or Arabic windows-1256/ISO-8859-6: the one
    decoder's decode_text); raises ValueError with a short reason if it is not text."""
    return source_from_bytes(path, path.read_bytes())


def source_from_bytes(path: Path, data: bytes) -> SourceFile:
    """read_source of bytes already read (a `corpus work` worker gets them through Redis)."""
    try:
        raw = decode_text(data, path.name)
    except UndecodableText as exc:
        raise ValueError(str(exc).removeprefix(f"{path.name}: ")) from None
    match = SEQ_PREFIX.match(path.name)
    return SourceFile(
        path,
        raw,
        id_from_filename(path.name) or doc_id_for_text(raw),
        int(match.group(1)) if match else None,
        compress_html(raw),
    )


def assign_seq(db: Database, source: SourceFile) -> int:
    """The file's own number, else the number this document already had, else the next free one."""
    if source.seq is not None:
        return source.seq
    found = db.execute("SELECT seq FROM documents WHERE id = ?", [source.id]).fetchone()
    if found and found[0] is not None:
        stored: int = found[0]
        return stored
    following: int = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM documents").fetchone()[0]
    return following


def store_file(db: Database, source: SourceFile, cleaned: Cleaned, outlet: str, settings: CurationSettings) -> Row:
    """The write half for one file: its raw text, then its curated document, in one write transaction."""
    assert cleaned.document is not None  # text sources are always cleaned (a rejection is a document too)
    with write_transaction(db):
        row = document_row(
            cleaned.document,
            id=source.id,
            outlet=outlet,
            origin="import",
            source_name=source.path.name,
            seq=assign_seq(db, source),
            cleaner_version=cleaners.CLEANER_VERSION,
        )
        db.execute(
            "INSERT OR REPLACE INTO imported_texts (id, source_name, seq, raw, raw_zlib, imported_at) "
            "VALUES (?, ?, ?, NULL, ?, ?)",
            [source.id, source.path.name, row["seq"], source.compressed(), now_iso()],
        )
        row, _ = curate_and_save(db, row, cleaned, settings)
    return row


def import_file(
    db: Database, source: SourceFile, outlet: str, settings: CurationSettings, cleaning: CleaningOptions | None = None
) -> Row:
    """Clean (with the outlet's cleaning overrides, if any), curate and save one file; returns the row."""
    return store_file(db, source, clean_text_source(source.raw, cleaning, settings), outlet, settings)


def failure_reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    if isinstance(exc, ValueError):
        return str(exc)
    return f"cleaning failed: {type(exc).__name__}: {exc}"


def prepare_file(
    path: Path, cleaning: CleaningOptions | None, settings: CurationSettings
) -> tuple[Path, SourceFile | None, Cleaned | None, str | None]:
    """(path, source, cleaned, None) or (path, None, None, reason): read, decode, clean and measure one
    file (the CPU half, in a worker process when there are several)."""
    try:
        source = read_source(path)
        return path, source, clean_text_source(source.raw, cleaning, settings), None
    except Exception as exc:  # one bad file is reported by name; the rest still get imported
        return path, None, None, failure_reason(exc)


def prepare_bytes(
    name: str, data: bytes, cleaning: CleaningOptions | None, settings: CurationSettings
) -> tuple[SourceFile | None, Cleaned | None, str | None]:
    """(source, cleaned, None) or (None, None, reason): prepare_file of a file's name and bytes."""
    try:
        source = source_from_bytes(Path(name), data)
        return source, clean_text_source(source.raw, cleaning, settings), None
    except Exception as exc:  # one bad file is reported by name; the rest still get imported
        return None, None, failure_reason(exc)


def import_text(
    db: Database,
    folder: str | Path,
    outlet: str,
    settings: CurationSettings = CurationSettings(),
    progress: Callable[[int], None] = lambda n: None,
    workers: int = 1,
    files: list[Path] | None = None,
    done: Callable[[Path, str | None], None] = lambda path, failure: None,
    registry: RegistryFiles = None,
) -> ImportReport:
    """Import every .txt file of `folder` (or just `files`: what a resumed run has left) as documents of
    `outlet`, cleaning on `workers` processes and storing in batched transactions (this process is the
    one writer). A file that cannot be read or cleaned is reported (file, reason) and skipped; the others
    are imported. A file that cannot be stored fails the import (the exception propagates; its batch is
    rolled back). done(path, failure reason or None) is told inside the transaction that stores the file
    (corpus.import_runs records it), so a resumed run starts exactly after what was committed. The
    outlet's cleaning overrides come from the registry files (default: the bundled registry)."""
    report = ImportReport()
    cleaning = registry_overrides(registry).get(outlet)

    def write(result: tuple[Path, SourceFile | None, Cleaned | None, str | None]) -> dict[str, Any] | None:
        path, source, cleaned, reason = result
        if reason:
            report.failed.append((path, reason))
            done(path, reason)
            return None
        assert source is not None and cleaned is not None  # prepare_file gives both when it gives no reason
        row = store_file(db, source, cleaned, outlet, settings)
        done(path, None)
        return row

    def counted(result: object, row: dict[str, Any] | None) -> None:
        if row is not None:
            report.imported += 1
            report.by_status[row["status"]] = report.by_status.get(row["status"], 0) + 1
        progress(1)

    with WorkerPool(workers) as pool:
        results = pool.map(
            functools.partial(prepare_file, cleaning=cleaning, settings=settings),
            text_files(Path(folder)) if files is None else files,
        )
        write_in_batches(db, results, write, after=counted)
    report.boilerplate_recleaned = reclean_pending(db, settings, outlet, {outlet: cleaning} if cleaning else {}).total
    return report
