"""corpus.db: the schema (sqlite-utils migrations) and idempotent writes.

Tables
- documents: one clean document per canonical URL (or per imported file).
- pages:     the raw HTML (zlib-compressed) with HTTP status and headers, to re-clean without re-crawling.
- removals:  the audit trail, one row per piece of text a cleaner dropped, with its rule.
- crawls:    one row per run with its stats.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import sys
import weakref
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, cast

import sqlite_utils
from sqlite_utils.db import jsonify_if_needed

from cleaners import CLEANER_VERSION
from corpus.migrations import adopt_legacy_records, corpus_migrations
from corpus.search_index import KnownEntry, ensure_index_current, indexed_source, reindex_document
from corpus.transaction import write_transaction as write_transaction  # re-exported: the one way to write

if TYPE_CHECKING:
    from cleaners.document import Document, Removal

DEFAULT_DB = "corpus.db"
# A table row as sqlite-utils reads and writes it: column name -> value (str, int, float, bytes or None;
# dicts and lists are stored as JSON).
Row = dict[str, Any]


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database has not seen yet (sqlite-utils' Migrations); returns their names."""
    migrations = corpus_migrations()
    adopt_legacy_records(db, migrations)
    pending = [migration.name for migration in migrations.pending(db)]
    migrations.apply(db)
    return pending


# Page size of a new database. A documents row (3-4 KB: text, title, metadata) and a compressed raw
# text fill most of a 4 KB page, which then wastes the rest: at 16 KB the file of the same corpus is
# ~8 % smaller. SQLite fixes the size when the first table is made (a database in WAL mode keeps it
# until a VACUUM in rollback mode), so existing databases keep theirs.
PAGE_SIZE = 16384


def open_db(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    """Open (creating and migrating) a corpus database. WAL lets readers query while a crawl writes."""
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # no effect on a database that has tables
    db.enable_wal()
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA synchronous = NORMAL")
    migrate(db)
    try:
        ensure_index_current(
            db,
            on_rebuild=lambda total: (
                total
                and print(
                    f"{path}: the search index is missing or was built by another normalizer; "
                    f"rebuilding it ({total:,} documents)",
                    file=sys.stderr,
                )
            ),
        )
    except sqlite3.OperationalError:  # a read-only database: search what is indexed
        pass
    return db


def compress_html(body: bytes | str) -> bytes:
    if isinstance(body, str):
        body = body.encode("utf-8")
    return zlib.compress(body, 6)


def decompress_html(blob: bytes | None) -> bytes:
    return zlib.decompress(blob) if blob else b""


def imported_raw(raw: str | None, raw_zlib: bytes | None) -> str:
    """An imported_texts row's raw text: compressed in raw_zlib (m100 on), or as text in raw (before)."""
    return raw if raw is not None else decompress_html(raw_zlib).decode("utf-8")


def save_page(db: sqlite_utils.Database, page: Row) -> None:
    """Upsert one fetched page (body given as raw bytes under "body", or already compressed under
    "html")."""
    row = dict(page)
    body = row.pop("body", None)
    if body is not None and row.get("html") is None:
        row["html"] = compress_html(body)
    if isinstance(row.get("headers"), dict):
        row["headers"] = json.dumps(row["headers"], ensure_ascii=False)
    upsert_row(db, "pages", row)


def document_row(doc: Document, **fields: Any) -> Row:
    """Flatten a cleaners.Document into a documents row; extra columns come from **fields."""
    row = {
        "title": doc.title,
        "text": doc.text,
        "published": doc.published,
        "author": doc.author,
        "section": doc.section,
        "tags": json.dumps(doc.tags, ensure_ascii=False),
        "source_credit": json.dumps(doc.source_credit, ensure_ascii=False),
        "outlet_name": doc.outlet_name,
        "word_count": doc.word_count,
        "cleaned_at": now_iso(),
    }
    row.update(fields)
    return row


def save_document(
    db: sqlite_utils.Database, row: Row, removals: Iterable[Removal] = (), known_index: KnownEntry | None = None
) -> None:
    """Upsert a document and replace its audit trail, in one transaction (no half-written document).

    A row carrying "text" or "title" is (re)indexed for search in the same transaction; rows without
    them (status updates) leave the index alone. known_index: its index entry worked out ahead
    (corpus.curate.Measured.known_index), used if the row still has that title and text."""
    with write_transaction(db):
        searchable = "text" in row or "title" in row
        before = indexed_source(db, row["id"]) if searchable else None
        upsert_row(db, "documents", row)
        if searchable:
            reindex_document(db, row["id"], before, known_index)
        replace_removals(db, row["id"], removals)


def upsert_row(db: sqlite_utils.Database, table: str, row: Row, pk: str = "id") -> None:
    """What `db[table].upsert(row, pk=pk, alter=True)` does, as one prepared statement: the sqlite-utils
    call re-reads the table's schema on every row (most of the cost of storing a document or page).
    A column the table lacks still goes through sqlite-utils, which adds it."""
    columns = list(row)
    per_db = _table_columns.setdefault(db, {})
    known = per_db.get(table)
    if known is None or not known.issuperset(columns):
        known = per_db[table] = frozenset(c.name for c in db[table].columns)
        if not known.issuperset(columns):
            db.table(table).upsert(row, pk=pk, alter=True)
            per_db.pop(table, None)
            return
    values = [row[c] for c in columns]
    db.execute(
        _upsert_statement(table, pk, tuple(columns)),
        [value if type(value) in _STORED_AS_IS else jsonify_if_needed(value) for value in values],
    )


# Column values SQLite takes as they are (jsonify_if_needed's many isinstance checks skipped).
_STORED_AS_IS = frozenset({str, int, float, bytes, type(None)})


# db -> {table: its columns}
_table_columns: weakref.WeakKeyDictionary[sqlite_utils.Database, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


@functools.lru_cache(maxsize=64)
def _upsert_statement(table: str, pk: str, columns: tuple[str, ...]) -> str:
    updates = [c for c in columns if c != pk]
    return (
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ([{pk}]) DO "
        + (f"UPDATE SET {', '.join(f'[{c}] = excluded.[{c}]' for c in updates)}" if updates else "NOTHING")
    )


REMOVAL_INSERT = "INSERT INTO removals (document_id, rule, stage, text, removed_at) VALUES (?, ?, ?, ?, ?)"


def replace_removals(db: sqlite_utils.Database, document_id: str, removals: Iterable[Removal]) -> None:
    db.execute("DELETE FROM removals WHERE document_id = ?", [document_id])
    stamp = now_iso()
    db.conn.executemany(REMOVAL_INSERT, [(document_id, r.rule, r.stage, r.text, stamp) for r in removals])


def start_crawl(db: sqlite_utils.Database, outlets: list[str]) -> int:
    table = db.table("crawls")
    table.insert(
        {
            "started_at": now_iso(),
            "outlets": json.dumps(outlets),
            "status": "running",
            "stats": "{}",
            "cleaner_version": CLEANER_VERSION,
        },
        pk="id",
    )
    return cast(int, table.last_pk)  # set by the insert just made


def finish_crawl(db: sqlite_utils.Database, crawl_id: int, stats: dict[str, Any], status: str = "finished") -> None:
    row = db.table("crawls").get(crawl_id)
    started = datetime.fromisoformat(row["started_at"])
    db.table("crawls").update(
        crawl_id,
        {
            "finished_at": now_iso(),
            "status": status,
            "stats": json.dumps(stats, ensure_ascii=False, default=str),
            "duration_s": round((datetime.now(UTC) - started).total_seconds(), 3),
        },
    )
