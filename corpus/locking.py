"""One crawl at a time per database: an advisory lock file next to it."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another process holds the lock."""


def lock_path_for(db_path: str | Path) -> Path:
    return Path(f"{db_path}.lock")


@contextmanager
def exclusive_lock(path: str | Path):
    """Hold an exclusive, non-blocking flock on PATH for the duration; the kernel frees it if we die.

    Raises AlreadyRunning naming the holder's pid when another process has it.
    """
    path = Path(path)
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise AlreadyRunning(f"{path}: another run holds the lock (pid {holder})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield path
    finally:
        handle.close()
