"""Stream documents out of corpus.db as .txt files, JSON Lines or Parquet.

Memory stays flat whatever the corpus size: rows come off a cursor in batches and go straight to
disk (Parquet row group by row group). Every export folder holds a manifest.csv; it is what marks
the folder as ours, so re-exporting may replace it and nothing else. The new export is written
into a hidden staging folder beside the target and swapped in at the end: readers see the old
export or the new one, never a mix, and an interrupted run leaves the old one untouched.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterator, Literal, Protocol

import sqlite_utils

from corpus.dataset_card import CARD_NAME, write_card
from corpus.errors import CorpusError
from corpus.search import DocumentFilter

FORMATS = ("txt", "jsonl", "parquet")
MANIFEST = "manifest.csv"
MANIFEST_FIELDS = ["file", "id", "url", "outlet", "title", "published"]
DATA_FILES = {"jsonl": "documents.jsonl", "parquet": "documents.parquet"}

# What a JSONL/Parquet record carries, in this order (columns missing from an older db are skipped).
EXPORT_COLUMNS = [
    "id",
    "url",
    "canonical_url",
    "outlet",
    "outlet_name",
    "title",
    "text",
    "published",
    "author",
    "section",
    "tags",
    "source_credit",
    "lang",
    "lang_prob",
    "arabic_ratio",
    "word_count",
    "status",
    "text_hash",
    "cluster_id",
    "duplicate_of",
    "origin",
    "fetched_at",
    "cleaned_at",
    "cleaner_version",
    "seq",
]
JSON_LIST_COLUMNS = {"tags", "source_credit"}
FLOAT_COLUMNS = {"lang_prob", "arabic_ratio"}
INT_COLUMNS = {"word_count", "seq"}
PROGRESS_STEP = 100
DICTIONARY_COLUMNS = ["outlet", "outlet_name", "section", "lang", "status", "origin", "cleaner_version"]


class ExportError(CorpusError):
    """An export that cannot proceed; the message is one line naming the path and the reason."""


@dataclass(frozen=True)
class ExportOptions:
    fmt: str
    out_dir: Path
    filter: DocumentFilter = field(default_factory=DocumentFilter)
    batch_size: int = 1000  # rows fetched per cursor round trip = rows per Parquet row group

    def __post_init__(self) -> None:
        if self.fmt not in FORMATS:
            raise ValueError(f"unknown format {self.fmt!r}; choose one of {', '.join(FORMATS)}")


@dataclass
class ExportResult:
    out_dir: Path
    fmt: str
    documents: int


class _NoProgress:
    def __init__(self, total: int) -> None:
        pass

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> Literal[False]:
        return False

    def update(self, n: int) -> None:
        pass


class Progress(Protocol):
    def update(self, n: int) -> None: ...


ProgressFactory = Callable[[int], ContextManager[Progress]]  # total -> a context manager with .update(n)
# One exported document: its documents columns, JSON list columns decoded (tags, source_credit).
Record = dict[str, Any]


def export_documents(
    db: sqlite_utils.Database, options: ExportOptions, progress: ProgressFactory = _NoProgress
) -> ExportResult:
    target = Path(options.out_dir).absolute()
    check_target(target)
    columns = export_columns(db)
    with read_snapshot(db):  # the count and the rows come from the same moment of a live database
        total = count_documents(db, options.filter)
        with staging_dir(target) as staging, progress(total) as bar:
            writer = WRITERS[options.fmt](staging, total, columns, options.batch_size)
            with contextlib.closing(writer):
                for n, row in enumerate(iter_documents(db, options.filter, columns, options.batch_size), 1):
                    writer.write(row)
                    if n % PROGRESS_STEP == 0 or n == total:  # redrawing per row would cost more than writing
                        bar.update(PROGRESS_STEP if n % PROGRESS_STEP == 0 else n % PROGRESS_STEP)
            write_card(db, staging, options.fmt, options.filter)  # same snapshot: the card matches the files
            swap_in(staging, target)
    return ExportResult(target, options.fmt, total)


# --- reading ------------------------------------------------------------------------------------


@contextlib.contextmanager
def read_snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """A read transaction: in WAL mode it sees one consistent snapshot while crawls keep writing."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("ROLLBACK")  # nothing was written


def export_columns(db: sqlite_utils.Database) -> list[str]:
    present = set(db["documents"].columns_dict)
    return [c for c in EXPORT_COLUMNS if c in present]


def order_by(db: sqlite_utils.Database) -> str:
    """Imported documents keep their import order (seq) and come first; crawled ones (no seq) follow
    by published date. id breaks ties, so the same corpus always exports in the same order."""
    if (
        "seq" in db["documents"].columns_dict
        and db.execute("SELECT 1 FROM documents WHERE seq IS NOT NULL LIMIT 1").fetchone()
    ):
        return "documents.seq IS NULL, documents.seq, documents.published, documents.id"
    return "documents.published, documents.id"  # can walk the (published, id) index instead of sorting


def count_documents(db: sqlite_utils.Database, flt: DocumentFilter) -> int:
    where, params = flt.where()
    count: int = db.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0]
    return count


def iter_documents(
    db: sqlite_utils.Database, flt: DocumentFilter, columns: list[str], batch_size: int = 1000
) -> Iterator[Record]:
    """Rows as export records (JSON list columns decoded), straight off the cursor.

    Curation stores exact duplicates without text (duplicate_of says whose text it is), so with
    --keep-duplicates their text comes from the original they duplicate."""
    where, params = flt.where()
    selected = ", ".join(
        "coalesce(documents.text, original.text)" if c == "text" else f"documents.[{c}]" for c in columns
    )
    cursor = db.execute(
        f"SELECT {selected} FROM documents LEFT JOIN documents AS original ON original.id = documents.duplicate_of "
        f"WHERE {where} ORDER BY {order_by(db)}",
        params,
    )
    while batch := cursor.fetchmany(batch_size):
        for values in batch:
            yield export_record(dict(zip(columns, values)))


def export_record(row: Record) -> Record:
    for column in JSON_LIST_COLUMNS & row.keys():
        row[column] = json_list(row[column])
    return row


def json_list(value: str | None) -> list[str]:
    """tags/source_credit are stored as JSON text; loaders want a real list (never null)."""
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    return [str(item) for item in parsed] if isinstance(parsed, list) else [str(parsed)]


# --- writers: one per format, each also writing the manifest ------------------------------------


class ManifestWriter:
    def __init__(self, folder: Path):
        self._file = open(folder / MANIFEST, "w", encoding="utf-8", newline="")
        self._csv = csv.DictWriter(self._file, MANIFEST_FIELDS, extrasaction="ignore")
        self._csv.writeheader()

    def write(self, file_name: str, row: Record) -> None:
        self._csv.writerow({**row, "file": file_name})

    def close(self) -> None:
        self._file.close()


class TxtWriter:
    """NNN_<id>.txt per document: documents.text exactly, UTF-8, no trailing newline."""

    def __init__(self, folder: Path, total: int, columns: list[str], batch_size: int):
        self.folder = folder
        self.width = max(3, len(str(max(total - 1, 0))))  # one width for every file of the export
        self.index = 0
        self.manifest = ManifestWriter(folder)

    def file_name(self, row: Record) -> str:
        return f"{self.index:0{self.width}d}_{row['id']}.txt"

    def write(self, row: Record) -> None:
        name = self.file_name(row)
        with open(self.folder / name, "w", encoding="utf-8", newline="") as f:
            f.write(row["text"] or "")
        self.manifest.write(name, row)
        self.index += 1

    def close(self) -> None:
        self.manifest.close()


class JsonlWriter:
    """documents.jsonl: one JSON object per line, lists as lists, Arabic unescaped."""

    def __init__(self, folder: Path, total: int, columns: list[str], batch_size: int):
        self.name = DATA_FILES["jsonl"]
        self._file = open(folder / self.name, "w", encoding="utf-8", newline="\n")
        self.manifest = ManifestWriter(folder)

    def write(self, row: Record) -> None:
        self._file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.manifest.write(self.name, row)

    def close(self) -> None:
        self._file.close()
        self.manifest.close()


class ParquetWriter:
    """documents.parquet, written one row group per batch (pyarrow.parquet.ParquetWriter)."""

    def __init__(self, folder: Path, total: int, columns: list[str], batch_size: int):
        import pyarrow.parquet as pq

        self.name = DATA_FILES["parquet"]
        self.schema = parquet_schema(columns)
        # Dictionary-encode only the repetitive columns: trying it on every article text costs memory.
        repetitive = [c for c in DICTIONARY_COLUMNS if c in columns]
        self._writer = pq.ParquetWriter(folder / self.name, self.schema, compression="zstd", use_dictionary=repetitive)
        self.manifest = ManifestWriter(folder)
        self.batch_size = batch_size
        self._pending: list[Record] = []

    def write(self, row: Record) -> None:
        self._pending.append(row)
        self.manifest.write(self.name, row)
        if len(self._pending) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            self._writer.write_batch(pa.RecordBatch.from_pylist(self._pending, schema=self.schema))
            self._pending = []

    def close(self) -> None:
        try:
            self._flush()
        finally:
            self._writer.close()
            self.manifest.close()


def parquet_schema(columns: list[str]) -> Any:  # a pyarrow.Schema (pyarrow is imported only here)
    import pyarrow as pa

    def arrow_type(column: str) -> Any:
        if column in JSON_LIST_COLUMNS:
            return pa.list_(pa.string())
        if column in FLOAT_COLUMNS:
            return pa.float64()
        if column in INT_COLUMNS:
            return pa.int64()
        return pa.string()

    return pa.schema([pa.field(c, arrow_type(c)) for c in columns])


WRITERS: dict[str, type[TxtWriter | JsonlWriter | ParquetWriter]] = {
    "txt": TxtWriter,
    "jsonl": JsonlWriter,
    "parquet": ParquetWriter,
}


# --- the target folder: check, stage, swap ------------------------------------------------------


def is_export_folder(folder: Path) -> bool:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return False
    with open(manifest, encoding="utf-8", newline="") as f:
        return f.readline().strip() == ",".join(MANIFEST_FIELDS)


EXPORT_MEMBER = re.compile(
    r"^(\d{3,}_[0-9a-f]{16}\.txt|" + "|".join(map(re.escape, [MANIFEST, CARD_NAME, *DATA_FILES.values()])) + ")$"
)


def check_target(target: Path) -> None:
    """Refuse to replace anything that is not an earlier export (or an empty folder).

    An earlier export holds only what an export writes: a file someone added, or another export
    nested inside it, would be lost with the swap, so it stops the export too."""
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: exists and is not a folder")
    if not target.is_dir() or not any(target.iterdir()):
        return
    if not is_export_folder(target):
        raise ExportError(
            f"{target}: not an export folder (no {MANIFEST}), refusing to replace it; choose another --out"
        )
    foreign = next((p for p in target.iterdir() if not (p.is_file() and EXPORT_MEMBER.match(p.name))), None)
    if foreign is not None:
        raise ExportError(
            f"{target}: holds {foreign.name}, which no export writes; refusing to replace it (move it away first)"
        )


@contextlib.contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A hidden folder beside the target (same filesystem, so the final rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        yield staging
    finally:  # on success swap_in has moved it away; on any failure nothing half-written stays
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, target: Path) -> None:
    """Put the staged export at `target`, replacing an earlier export."""
    if not target.exists():
        os.replace(staging, target)
        return
    if _exchange(staging, target):  # now `staging` holds the old export
        shutil.rmtree(staging, ignore_errors=True)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, retired / "export")
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result: int = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
