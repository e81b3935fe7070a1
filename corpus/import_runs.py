"""Runs of `corpus import-text` in `import_runs`, and resuming one that was interrupted.

A run records, after each file it finishes, that file's name (files go in name order), so a run killed
halfway is continued by the next import of the same folder and outlet: the files up to that name are
skipped without being read or cleaned (one indexed lookup of the run row), and the files the interrupted
run could not import are tried again, so none is lost. Only the file being stored when the process died
may be stored twice (importing a file again updates its one row).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import sqlite_utils

from cleaners import CLEANER_VERSION
from corpus.runs import this_host
from corpus.store import now_iso
from corpus.transaction import write_transaction


@dataclass(frozen=True)
class Resume:
    """Where an interrupted run of this folder and outlet stopped."""

    run_id: int
    last_file: str
    failed: tuple[tuple[str, str], ...]  # (file name, reason) of the files they could not import: tried again

    def remaining(self, files: list[Path]) -> list[Path]:
        retry = {name for name, _ in self.failed}
        return [path for path in files if path.name > self.last_file or path.name in retry]


def folder_key(folder: str | Path) -> str:
    return str(Path(folder).resolve())


def resume_point(db: sqlite_utils.Database, folder: str | Path, outlet: str) -> Resume | None:
    """The latest run importing this folder as this outlet, if it stopped early (killed, Ctrl-C, an error)
    after finishing a file."""
    row = db.execute(
        "SELECT id, status, last_file, failures FROM import_runs "
        "WHERE folder = ? AND outlet = ? ORDER BY id DESC LIMIT 1",
        [folder_key(folder), outlet],
    ).fetchone()
    if not row or row[1] not in ("interrupted", "failed") or not row[2]:
        return None
    run_id, _, last_file, failures = row
    return Resume(run_id, last_file, tuple(tuple(failure) for failure in json.loads(failures or "[]")))


class ImportRun:
    """One `import_runs` row, kept up to date as files are finished."""

    def __init__(
        self, db: sqlite_utils.Database, folder: str | Path, outlet: str, files: int, resume: Resume | None = None
    ):
        self.db = db
        # failures of the interrupted run stay on record until they are tried again here
        self.failures: list[tuple[str, str]] = list(resume.failed) if resume else []
        table = db.table("import_runs")
        with write_transaction(db):
            table.insert(
                {
                    "started_at": now_iso(),
                    "folder": folder_key(folder),
                    "outlet": outlet,
                    "status": "running",
                    "cleaner_version": CLEANER_VERSION,
                    "pid": os.getpid(),
                    "host": this_host(),
                    "files": files,
                    "imported": 0,
                    "failed": 0,
                    # a resumed run that is interrupted again still resumes after the first run's point
                    "last_file": resume.last_file if resume else None,
                    "failures": json.dumps(self.failures, ensure_ascii=False),
                    "resumed_from": resume.run_id if resume else None,
                },
                pk="id",
            )
            self.id = cast(int, table.last_pk)  # set by the insert just made

    @classmethod
    def reopen(cls, db: sqlite_utils.Database, run_id: int) -> ImportRun:
        """The run of this id, to go on recording into (a restarted `corpus ingest` of a Redis import)."""
        run = cls.__new__(cls)
        run.db, run.id = db, run_id
        row = db.execute("SELECT failures FROM import_runs WHERE id = ?", [run_id]).fetchone()
        run.failures = [tuple(entry) for entry in json.loads((row and row[0]) or "[]")]
        return run

    def file_done(self, path: Path, failure: str | None = None) -> None:
        """Record that this file is finished (imported, or failed with this reason)."""
        before = len(self.failures)
        self.failures = [entry for entry in self.failures if entry[0] != path.name]
        if failure is not None:
            self.failures.append((path.name, failure))
        counter = "imported" if failure is None else "failed"
        with write_transaction(self.db):
            self.db.execute(
                f"UPDATE import_runs SET {counter} = {counter} + 1, "
                "last_file = max(coalesce(last_file, ''), ?) WHERE id = ?",
                [path.name, self.id],
            )
            if failure is not None or len(self.failures) != before:  # rare: the list is rewritten only then
                self.db.execute(
                    "UPDATE import_runs SET failures = ? WHERE id = ?",
                    [json.dumps(self.failures, ensure_ascii=False), self.id],
                )

    def finish(self, status: str = "finished") -> None:
        with write_transaction(self.db):
            self.db.table("import_runs").update(self.id, {"status": status, "finished_at": now_iso()})
