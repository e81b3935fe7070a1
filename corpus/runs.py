"""Who runs a crawl, and the writer's lock that notices runs whose process is gone.

A run that takes the database's lock records its pid and host in its `crawls` row (record_owner). A row
still `running` whose process is gone (killed, machine rebooted) would stay `running` forever; the next
command that takes the lock marks it `interrupted` (interrupt_dead_runs).
"""

from __future__ import annotations

import os
import socket
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import sqlite_utils

from corpus.locking import exclusive_lock, lock_path_for
from corpus.store import now_iso, open_db
from corpus.transaction import write_transaction

if TYPE_CHECKING:
    from corpus.curate.settings import CurationSettings


def this_host() -> str:
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def record_owner(db: sqlite_utils.Database, crawl_id: int) -> None:
    """Note this process as the one running crawl_id."""
    db.table("crawls").update(crawl_id, {"pid": os.getpid(), "host": this_host()})


def record_settings(db: sqlite_utils.Database, crawl_id: int, curation: CurationSettings) -> None:
    """Note the curation thresholds (a CurationSettings) this run applies in its `crawls` row."""
    from corpus.config import settings_record

    db.table("crawls").update(crawl_id, {"settings": settings_record(curation)})


# Tables with one row per run of a writing command, each with status, pid, host and finished_at.
# (reclean_runs is written once a reclean has finished: a killed one leaves no row behind.)
RUN_TABLES = ("crawls", "import_runs")


def interrupt_dead_runs(db: sqlite_utils.Database, table: str = "crawls") -> list[int]:
    """Mark `interrupted` the runs of `table` left `running` by a process that is gone; returns their ids.

    Call it holding the lock. Only runs that took the lock record a pid, so a live one would hold the lock
    we hold: on this host its pid is checked (a live pid is left alone, in case of doubt); a row from
    another host cannot be checked and is judged by the lock alone. Rows without a pid (`scrapy crawl`,
    scrapyd: they take no lock) are left alone."""
    host, me = this_host(), os.getpid()
    dead = []
    for row in db.query(f"SELECT id, pid, host FROM [{table}] WHERE status = 'running' AND pid IS NOT NULL"):
        if row["host"] == host and (row["pid"] == me or process_alive(row["pid"])):
            continue
        dead.append(row["id"])
    if dead:
        with write_transaction(db):
            for crawl_id in dead:
                db.table(table).update(crawl_id, {"status": "interrupted", "finished_at": now_iso()})
    return dead


def database_path(db: sqlite_utils.Database) -> str:
    """The file an open Database is (for commands handed a Database rather than a path)."""
    path: str = db.conn.execute("PRAGMA database_list").fetchone()[2]
    return path


def stderr_line(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextmanager
def writer_lock(
    db_path: str | Path, command: str, *, wait: bool = True, announce: Callable[[str], None] | None = None
) -> Iterator[list[int]]:
    """The database's lock for a command that writes (waiting for it unless wait=False: AlreadyRunning);
    once held, runs left `running` by dead processes are marked interrupted. Yields the crawls' ids.
    The waiting line goes to stderr unless announce says otherwise."""
    announce = announce or stderr_line
    with exclusive_lock(lock_path_for(db_path), wait=wait, command=command, announce=announce):
        interrupted: list[int] = []
        if Path(db_path).exists():
            db = open_db(db_path)
            try:
                interrupted = interrupt_dead_runs(db)
                for table in RUN_TABLES[1:]:
                    interrupt_dead_runs(db, table)
            finally:
                db.close()
        yield interrupted
