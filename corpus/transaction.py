"""The one way to write to corpus.db (store, curation, search index, runs, migrations' callers)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlite_utils


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """The one way to write: everything inside commits together or not at all.

    The outermost one starts `BEGIN IMMEDIATE`: it takes the write lock at once, so a competing writer
    waits on the busy timeout instead of failing half-way (a deferred transaction that reads first and
    then writes gets "database is locked" at once). Nested ones are savepoints (sqlite-utils' atomic):
    their failure rolls back their own writes and re-raises."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
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
