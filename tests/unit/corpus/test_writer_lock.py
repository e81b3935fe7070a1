"""Writers wait for each other (the database's lock, corpus.db.lock), and a crawl whose process is gone
is marked interrupted by the next writer. Real processes: a lock holder, a killed crawl, `corpus` commands."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT, TESTS, run_corpus, subprocess_env

from corpus.runs import this_host
from corpus.store import open_db

RAW_SEEDS = TESTS / "data" / "seeds" / "raw"

HOLDER = """
import sys, time
from corpus.runs import record_owner, writer_lock
from corpus.store import open_db, start_crawl
with writer_lock(sys.argv[1], "crawl"):
    db = open_db(sys.argv[1])
    crawl_id = start_crawl(db, ["demo_sada"])
    record_owner(db, crawl_id)
    db.close()
    print(crawl_id, flush=True)
    time.sleep(float(sys.argv[2]))
"""


def start_holder(db_path: Path, seconds: float) -> tuple[subprocess.Popen, int]:
    """A process holding the database's lock as a crawl does (with its running crawls row); returns it and
    the row's id once it holds the lock."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), str(seconds)],
        cwd=REPO_ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    return holder, int(holder.stdout.readline())


def crawl_status(db_path: Path, crawl_id: int) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT status FROM crawls WHERE id = ?", [crawl_id]).fetchone()[0]


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for path in sorted(RAW_SEEDS.glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_a_second_writer_waits_for_the_crawl_and_says_whom_it_waits_for(tmp_path, seeds):
    """The holder keeps the lock until the writer has said it waits (however slow the machine), then goes."""
    db_path = tmp_path / "c.db"
    holder, crawl_id = start_holder(db_path, 240)
    writer = subprocess.Popen(
        [sys.executable, "-m", "corpus", "import-text", str(seeds), "--outlet", "seeds", "--db", str(db_path)],
        cwd=tmp_path,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        said = [writer.stderr.readline() for _ in range(1)]  # blocks until the writer says something
        while "waiting for" not in said[-1] and said[-1] and len(said) < 20:
            said.append(writer.stderr.readline())
        assert said[-1].strip() == f"waiting for the crawl (pid {holder.pid}) to release c.db", said
        assert crawl_status(db_path, crawl_id) == "running" and writer.poll() is None  # waiting, not done
    finally:
        holder.terminate()  # the lock is a file lock: it goes with the process
        holder.wait(timeout=30)
    rest, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    assert "waiting for" not in errors  # one line, not one per poll
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM documents WHERE outlet = 'seeds'").fetchone()[0] == 3


def test_no_wait_exits_at_once_naming_the_holder(tmp_path):
    db_path = tmp_path / "c.db"
    holder, _ = start_holder(db_path, 30)
    try:
        started = time.monotonic()
        result = run_corpus("reclean", "--no-wait", "--db", db_path, cwd=tmp_path)
        assert time.monotonic() - started < 20
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"Error: {db_path}.lock: another run holds the lock (pid {holder.pid})"
    )


def test_a_killed_crawl_is_marked_interrupted_by_the_next_writer(tmp_path, seeds):
    db_path = tmp_path / "c.db"
    holder, crawl_id = start_holder(db_path, 120)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert crawl_status(db_path, crawl_id) == "running"  # nobody could say otherwise yet
    db = open_db(db_path)  # a running row of a live process (this one) on this host is left alone
    alive = (
        db["crawls"]
        .insert(
            {
                "started_at": "2026-01-01T00:00:00+00:00",
                "status": "running",
                "stats": "{}",
                "outlets": "[]",
                "pid": os.getpid(),
                "host": this_host(),
            }
        )
        .last_pk
    )
    db.close()
    result = run_corpus("import-text", seeds, "--outlet", "seeds", "--db", db_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "waiting for" not in result.stderr  # the kernel freed the dead holder's lock
    assert crawl_status(db_path, crawl_id) == "interrupted"
    assert crawl_status(db_path, alive) == "running"
