"""store.write_transaction: the one way to write (BEGIN IMMEDIATE, savepoints when nested)."""

from __future__ import annotations

import threading
import time

import pytest
import sqlite_utils

from corpus.store import write_transaction


@pytest.fixture
def db(tmp_path):
    db = sqlite_utils.Database(tmp_path / "t.db")
    db.enable_wal()
    db["items"].create({"id": int, "name": str}, pk="id")
    return db


def names(db) -> list[str]:
    return [row["name"] for row in db.query("SELECT name FROM items ORDER BY id")]


def test_commits_together_or_not_at_all(db):
    with write_transaction(db):
        db["items"].insert({"id": 1, "name": "a"})
        db["items"].insert({"id": 2, "name": "b"})
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            db["items"].insert({"id": 3, "name": "c"})
            raise RuntimeError("half-way")
    assert names(db) == ["a", "b"] and not db.conn.in_transaction


def test_nested_blocks_are_savepoints_and_never_commit_the_outer_one(db):
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            db["items"].insert({"id": 1, "name": "outer"})
            with write_transaction(db):  # e.g. save_document inside a page's transaction
                db["items"].upsert({"id": 2, "name": "inner"}, pk="id")
            assert db.conn.in_transaction  # the inner block did not commit the outer one
            with pytest.raises(ValueError):
                with write_transaction(db):
                    db["items"].insert({"id": 3, "name": "rolled back alone"})
                    raise ValueError
            raise RuntimeError("the outer block fails after all")
    assert names(db) == []
    with write_transaction(db):
        db["items"].insert({"id": 1, "name": "outer"})
        with pytest.raises(ValueError):
            with write_transaction(db):
                db["items"].insert({"id": 3, "name": "rolled back alone"})
                raise ValueError
    assert names(db) == ["outer"]


def test_a_second_writer_waits_for_the_first_instead_of_failing(db, tmp_path):
    db.execute("PRAGMA busy_timeout = 10000")
    holding = threading.Event()

    def first_writer():
        other = sqlite_utils.Database(tmp_path / "t.db")  # its own connection, in its own thread
        with write_transaction(other):
            other.execute("SELECT count(*) FROM items").fetchone()  # reads, then writes: the deferred trap
            holding.set()
            time.sleep(0.5)
            other["items"].insert({"id": 1, "name": "first"})

    thread = threading.Thread(target=first_writer)
    thread.start()
    holding.wait(5)
    started = time.monotonic()
    with write_transaction(db):
        count = db.execute("SELECT count(*) FROM items").fetchone()[0]
        db["items"].insert({"id": 2, "name": f"second saw {count}"})
    thread.join()
    assert time.monotonic() - started > 0.2  # it waited for the lock
    assert names(db) == ["first", "second saw 1"]
