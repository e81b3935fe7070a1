"""One writer at a time per database: an advisory lock file next to it (`corpus.db.lock`).

Every command that writes takes it: crawl, demo, import-text, reclean, ingest. An interactive command
waits for it (saying once, after a few seconds, who it waits for); a scheduled crawl does not
(`wait=False`): it exits at once, so cron runs never pile up behind a long crawl.

The lock file holds "PID COMMAND" of the holder, so a waiter can name it. The kernel frees the lock
when the holder dies (even by SIGKILL), so a stale file never blocks anyone.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterator

from corpus.errors import DatabaseUnavailable

ANNOUNCE_AFTER_S = 3.0  # how long a writer waits quietly before saying what it waits for
POLL_S = 0.2


class AlreadyRunning(DatabaseUnavailable, RuntimeError):
    """Another process holds the lock (and we were told not to wait)."""


def lock_path_for(db_path: str | Path) -> Path:
    return Path(f"{db_path}.lock")


def lock_holder(handle: IO[str]) -> tuple[str, str]:
    """(pid, command) written by the holder; ("unknown", "") while it has not written them yet."""
    handle.seek(0)
    words = handle.read().split(maxsplit=1)
    return (words[0] if words else "unknown"), (words[1].strip() if len(words) > 1 else "")


def waiting_line(path: Path, pid: str, command: str) -> str:
    """ "waiting for the crawl (pid 123) to release corpus.db" """
    database = path.name[: -len(".lock")] if path.name.endswith(".lock") else path.name
    return f"waiting for the {command or 'other writer'} (pid {pid}) to release {database}"


@contextmanager
def exclusive_lock(
    path: str | Path,
    *,
    wait: bool = False,
    command: str = "",
    announce: Callable[[str], None] | None = None,
    announce_after: float = ANNOUNCE_AFTER_S,
) -> Iterator[str | Path]:
    """Hold an exclusive flock on PATH for the duration; the kernel frees it if we die.

    wait=False: raises AlreadyRunning naming the holder's pid when another process has it.
    wait=True: waits for it; after announce_after seconds calls announce(one line) once.
    command ("crawl", "reclean", ...) is written next to our pid for the others' messages."""
    path = Path(path)
    handle = open(path, "a+")
    try:
        started = time.monotonic()
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pid, holder_command = lock_holder(handle)
                if not wait:
                    raise AlreadyRunning(f"{path}: another run holds the lock (pid {pid})") from None
                if not announced and announce is not None and time.monotonic() - started >= announce_after:
                    announce(waiting_line(path, pid, holder_command))
                    announced = True
                time.sleep(POLL_S)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {command}".strip())
        handle.flush()
        yield path
    finally:
        handle.close()
