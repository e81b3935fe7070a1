"""Import a folder of extracted text files (the raw seed shape) into corpus.db.

Each `.txt` file is cleaned with cleaners.clean_text, curated like a crawled page and saved with
origin "import". Ids: a file named `NNN_<16 hex>.txt` keeps its id; any other file gets the hash of
its raw content (corpus.ids.doc_id_for_text), so importing the same file twice updates one row.
Order: `seq` is the NNN of the file name, or the next free number, so an export in seq order writes
the same `NNN_<id>.txt` names back. The raw text goes to `imported_texts` for `corpus reclean`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import cleaners

from corpus.curate import CurationSettings, curate, document_transaction
from corpus.ids import doc_id_for_text, id_from_filename
from corpus.reclean import registry_overrides
from corpus.store import document_row, now_iso, save_document

SEQ_PREFIX = re.compile(r"^(\d{3,})_")


@dataclass
class ImportReport:
    imported: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, reason)


@dataclass(frozen=True)
class SourceFile:
    path: Path
    raw: str
    id: str
    seq: int | None  # from the file name, if it has one


def text_files(folder: Path) -> list[Path]:
    """The .txt files directly in the folder, in name order (the seed's NNN order)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")


def read_source(path: Path) -> SourceFile:
    """Read one file (UTF-8, BOM tolerated); raises ValueError with a short reason if it is not text."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start})") from None
    match = SEQ_PREFIX.match(path.name)
    return SourceFile(path, raw, id_from_filename(path.name) or doc_id_for_text(raw), int(match.group(1)) if match else None)


def assign_seq(db, source: SourceFile) -> int:
    """The file's own number, else the number this document already had, else the next free one."""
    if source.seq is not None:
        return source.seq
    found = db.execute("SELECT seq FROM documents WHERE id = ?", [source.id]).fetchone()
    if found and found[0] is not None:
        return found[0]
    return db.execute("SELECT coalesce(max(seq), -1) + 1 FROM documents").fetchone()[0]


def import_file(db, source: SourceFile, outlet: str, settings: CurationSettings, cleaning: dict | None = None) -> dict:
    """Clean (with the outlet's cleaning overrides, if any), curate and save one file; returns the row."""
    document = cleaners.clean_text(source.raw, outlet=cleaning)
    row = document_row(
        document, id=source.id, outlet=outlet, origin="import", source_name=source.path.name,
        seq=assign_seq(db, source), cleaner_version=cleaners.CLEANER_VERSION,
    )
    with document_transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO imported_texts (id, source_name, seq, raw, imported_at) VALUES (?, ?, ?, ?, ?)",
            [source.id, source.path.name, row["seq"], source.raw, now_iso()],
        )
        row, learned = curate(db, row, document, settings)
        save_document(db, row, list(document.removed) + learned)
    return row


def failure_reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    if isinstance(exc, ValueError):
        return str(exc)
    return f"cleaning failed: {type(exc).__name__}: {exc}"


def import_text(
    db,
    folder: str | Path,
    outlet: str,
    settings: CurationSettings = CurationSettings(),
    progress: Callable[[int], None] = lambda n: None,
    files: list[Path] | None = None,
    done: Callable[[Path, str | None], None] = lambda path, failure: None,
) -> ImportReport:
    """Import every .txt file of `folder` (or just `files`: what a resumed run has left) as documents of
    `outlet`. A file that cannot be read or cleaned is reported (file, reason) and skipped; the others are
    imported. done(path, failure reason or None) is told after each file (corpus.import_runs records it)."""
    report = ImportReport()
    cleaning = registry_overrides().get(outlet)
    for path in text_files(Path(folder)) if files is None else files:
        try:
            row = import_file(db, read_source(path), outlet, settings, cleaning)
        except Exception as exc:  # one bad file is reported by name; the rest still get imported
            report.failed.append((path, failure_reason(exc)))
            done(path, report.failed[-1][1])
        else:
            report.imported += 1
            report.by_status[row["status"]] = report.by_status.get(row["status"], 0) + 1
            done(path, None)
        progress(1)
    return report
