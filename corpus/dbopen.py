"""Open a corpus database for a command: readers refuse what is not a corpus, writers say when they create one.

A read command pointed at a typo (`--db typo.db`) must not create an empty corpus and report 0 results, and
one pointed at an unrelated SQLite file must not add our tables to it or switch it to WAL. So the file is
inspected read-only first (sqlite's mode=ro never creates a file), and only a corpus is opened for real.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from corpus.errors import CorpusError
from corpus.store import open_db

# Tables every corpus has had since its first migration; their absence means "not a corpus". The record of
# migrations is sqlite-utils' `_sqlite_migrations` (a database from an older release has `_migrations`).
CORPUS_TABLES = ("documents",)
MIGRATION_TABLES = ("_sqlite_migrations", "_migrations")


class NotACorpus(CorpusError, ValueError):
    """The path is missing, not SQLite, or SQLite without the corpus schema: the message is one line."""


def file_tables(path: Path) -> list[str]:
    """The tables of an existing SQLite file, read without creating or changing anything."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise NotACorpus(f"{path}: cannot open: {exc}") from None
    try:
        return [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as exc:  # "file is not a database"
        raise NotACorpus(f"{path}: not a corpus database: not an SQLite file ({exc})") from None
    finally:
        conn.close()


def check_corpus(path: str | Path) -> Path:
    """path if it is an existing corpus database, else NotACorpus saying why."""
    path = Path(path)
    if not path.exists():
        raise NotACorpus(f"{path}: no such corpus database (make one with `corpus crawl` or `corpus demo`)")
    if path.is_dir():
        raise NotACorpus(f"{path}: is a directory, not a corpus database")
    tables = file_tables(path)
    missing = [t for t in CORPUS_TABLES if t not in tables]
    if not any(t in tables for t in MIGRATION_TABLES):
        missing.append(MIGRATION_TABLES[0])
    if missing:
        what = (
            "an empty SQLite file"
            if not tables
            else f"an SQLite file without the corpus schema (no {', '.join(missing)} table)"
        )
        raise NotACorpus(f"{path}: not a corpus database: {what}")
    return path


def open_existing(path: str | Path) -> sqlite_utils.Database:
    """Open an existing corpus (migrating it to this version's schema), or NotACorpus."""
    return open_db(check_corpus(path))


def check_writable_target(path: str | Path) -> bool:
    """For commands that write: True when the database will be created (missing or empty file), False for an
    existing corpus; NotACorpus for anything else (an unrelated SQLite file is never turned into a corpus)."""
    path = Path(path)
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return True
    check_corpus(path)
    return False
