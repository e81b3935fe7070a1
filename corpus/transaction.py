"""The one way to write to corpus.db (store, curation, search index, runs, migrations' callers)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import sqlite_utils


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """The one way to write: everything inside commits together or not at all.

    The outermost one starts `BEGIN IMMEDIATE`: it takes the write lock at once, so a competing writer
    waits on the busy timeout instead of failing half-way (a deferred transaction that reads first and
    then writes gets "database is locked" at once). Nested ones are savepoints:
    their failure rolls back their own writes and re-raises."""
    conn = db.conn
    if conn.in_transaction:
        yield from _savepoint(conn, db)
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


# One name for every nesting level: SQLite releases or rolls back the innermost savepoint of a name,
# and a fixed statement is prepared once (sqlite-utils' atomic names each one anew: parsed every time).
SAVEPOINT = "corpus_write"


def _savepoint(conn: sqlite3.Connection, db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    conn.execute(f"SAVEPOINT {SAVEPOINT}")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:  # an error that ended the whole transaction leaves no savepoint to undo
            conn.execute(f"ROLLBACK TO {SAVEPOINT}")
            conn.execute(f"RELEASE {SAVEPOINT}")
        raise
    conn.execute(f"RELEASE {SAVEPOINT}")
