"""`corpus ingest`'s half of the jobs in corpus.redis_jobs: store the workers' results, one writer.

Results arrive in whatever order the workers finish; each job's are stored in the order its sources
were pushed (source number n), as a local reclean or import stores them, so "the first document" of
a duplicate pair and the `seq` of an imported file are the same whoever cleaned what. A result that
arrives early waits on PREFIX:results:processing (popped there with RPOPLPUSH, so a killed ingest
loses nothing) until the ones before it are stored. Curation (duplicates, learned boilerplate) runs
here, against the corpus. Stored in batched transactions; after each one the job's hash records how
far it got, so a restarted ingest stores every source exactly once and skips results seen twice.
"""

from __future__ import annotations

import collections
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus.redis_jobs import (
    Payload,
    cleaned_from_json,
    job_key,
    loads,
    results_key,
    settings_from_json,
)
from corpus.transaction import write_transaction
from corpus.workers import BATCH_SIZE

if TYPE_CHECKING:
    from sqlite_utils import Database

    from corpus.curate import CurationSettings
    from corpus.import_runs import ImportRun
    from corpus.pages import Cleaned
    from corpus.reclean import RecleanReport

logger = logging.getLogger(__name__)

FINISHED_JOB_TTL = 7 * 24 * 3600  # s a finished job's hash stays readable in Redis


@dataclass
class JobState:
    id: int
    kind: str  # "reclean" or "import"
    total: int | None  # None while the pushing command is still pushing
    next: int  # sources 0..next-1 are stored
    settings: CurationSettings
    info: Payload  # outlet (and folder, for imports) as the pushing command gave them
    report: Payload  # what a local reclean or import would report, as JSON
    waiting: dict[int, tuple[bytes, Payload]] = field(
        default_factory=dict
    )  # n -> (raw, payload): popped early, stored in turn
    import_run: ImportRun | None = None
    error: str | None = None  # storing failed in this ingest: the job's results stay on Redis
    finished: bool = False

    def summary(self) -> Payload:
        done = self.total is not None and self.next >= self.total
        return {
            "job": self.id,
            "kind": self.kind,
            "total": self.total,
            "stored": self.next,
            "done": done,
            "error": self.error,
            "report": self.report,
            **self.info,
        }


class ResultWriter:
    """Stores the results on Redis into db; drain() whenever the crawled pages leave time."""

    def __init__(self, server: Any, db: Database, prefix: str) -> None:
        self.server, self.db, self.prefix = server, db, prefix
        self.results = results_key(prefix)
        self.processing = f"{self.results}:processing"
        self.jobs: dict[int, JobState] = {}
        self.leftover: collections.deque[bytes] | None = None
        self.stored = self.bad = 0

    def drain(self) -> int:
        """Store every result on Redis that can be stored in order; returns how many were stored."""
        before = self.stored
        if self.leftover is None:  # what a previous ingest popped and did not store
            self.leftover = collections.deque(self.server.lrange(self.processing, 0, -1))
        while True:
            raw = self.leftover.popleft() if self.leftover else self.server.rpoplpush(self.results, self.processing)
            if raw is None:
                break
            job = self.take(raw)
            if job is not None and len(self.ready(job)) >= BATCH_SIZE:
                self.flush(job)
        for job in list(self.jobs.values()):
            self.flush(job)
            if job.next and not job.finished:  # its total may have come after its last result
                self.finish_if_done(job)
        return self.stored - before

    def take(self, raw: bytes) -> JobState | None:
        try:
            payload = loads(raw, "result payload")
            job = self.job(int(payload["job"]))
        except (ValueError, TypeError) as exc:
            self.bad += 1
            logger.warning("%s: moved to %s:bad (%s)", self.results, self.results, exc)
            self.server.pipeline().lpush(f"{self.results}:bad", raw).lrem(self.processing, 1, raw).execute()
            return None
        n = int(payload["n"])
        if n < job.next or n in job.waiting:  # cleaned twice (a worker was presumed dead), stored once
            self.server.lrem(self.processing, 1, raw)
            return job
        job.waiting[n] = (raw, payload)
        return job

    def job(self, job_id: int) -> JobState:
        if job_id in self.jobs:
            return self.jobs[job_id]
        fields = {k.decode(): v.decode() for k, v in self.server.hgetall(job_key(self.prefix, job_id)).items()}
        if "kind" not in fields:
            raise ValueError(f"job {job_id} is not on record (its hash {job_key(self.prefix, job_id)} is gone)")
        total = int(fields["total"]) if fields.get("total") else None
        job = JobState(
            job_id,
            fields["kind"],
            total,
            int(fields["next"]),
            settings_from_json(json.loads(fields["settings"])),
            json.loads(fields["info"]),
            json.loads(fields.get("report") or "{}"),
        )
        if job.kind == "import" and fields.get("import_run"):
            from corpus.import_runs import ImportRun

            job.import_run = ImportRun.reopen(self.db, int(fields["import_run"]))
        self.jobs[job_id] = job
        return job

    def ready(self, job: JobState) -> list[tuple[bytes, Payload]]:
        """The waiting results that come next, in order, at most one batch."""
        batch: list[tuple[bytes, Payload]] = []
        n = job.next
        while n in job.waiting and len(batch) < BATCH_SIZE:
            batch.append(job.waiting[n])
            n += 1
        return batch

    def flush(self, job: JobState) -> None:
        while job.error is None and (batch := self.ready(job)):
            report = json.loads(json.dumps(job.report))  # kept as it was if the batch rolls back
            try:
                if job.kind == "import" and job.import_run is None:
                    self.start_import_run(job)
                with write_transaction(self.db):
                    for _raw, payload in batch:
                        self.write(job, payload, report)
            except Exception as exc:  # noqa: BLE001 - rolled back; the results stay on Redis for the next ingest
                job.error = f"{type(exc).__name__}: {exc}"
                logger.error("job %s: could not store source %s: %s", job.id, job.next, job.error)
                return
            for _raw, payload in batch:
                del job.waiting[int(payload["n"])]
            job.next += len(batch)
            job.report = report
            pipe = self.server.pipeline()
            for raw, _payload in batch:
                pipe.lrem(self.processing, 1, raw)
            pipe.hset(job_key(self.prefix, job.id), mapping={"next": job.next, "report": json.dumps(report)})
            pipe.execute()
            self.stored += len(batch)
            self.finish_if_done(job)

    def finish_if_done(self, job: JobState) -> None:
        if job.total is None and (total := self.server.hget(job_key(self.prefix, job.id), "total")) is not None:
            job.total = int(total)
        if job.total is not None and job.next >= job.total and not job.finished and job.error is None:
            job.finished = True
            self.finish(job)

    def write(self, job: JobState, payload: Payload, report: Payload) -> None:
        """One result's write half: a local reclean's or import's, inside the batch's transaction."""
        cleaned = cleaned_from_json(payload.get("cleaned"))
        if job.kind == "reclean":
            write_reclean(self.db, job, payload, cleaned, report)
        else:
            write_import(self.db, job, payload, cleaned, report)

    def start_import_run(self, job: JobState) -> None:
        from corpus.import_runs import ImportRun

        job.import_run = ImportRun(
            self.db, job.info.get("folder") or "", job.info.get("outlet") or "", job.info.get("files", 0)
        )
        self.server.hset(job_key(self.prefix, job.id), "import_run", job.import_run.id)

    def finish(self, job: JobState) -> None:
        """The run's record in the database, as the local command makes it; the job leaves the open set."""
        if job.kind == "reclean":
            from corpus.reclean import record_run

            with write_transaction(self.db):
                record_run(self.db, job.info.get("outlet"), reclean_report(job.report), job.settings)
        elif job.import_run is not None:
            job.import_run.finish()
        key = job_key(self.prefix, job.id)
        self.server.pipeline().srem(f"{self.prefix}:jobs", job.id).hset(key, "finished_at", time.time()).expire(
            key, FINISHED_JOB_TTL
        ).execute()

    def summaries(self) -> list[Payload]:
        """Every job this ingest stored part of, and every job still open on Redis, by id."""
        for raw_id in self.server.smembers(f"{self.prefix}:jobs"):
            try:
                self.job(int(raw_id))
            except ValueError:
                continue
        return [self.jobs[job_id].summary() for job_id in sorted(self.jobs)]


def write_reclean(db: Database, job: JobState, payload: Payload, cleaned: Cleaned | None, report: Payload) -> None:
    from corpus.reclean import Job, apply_result, stored_row

    failed = report.setdefault("failed", [])
    error = payload.get("error")
    if error is None and stored_row(db, payload["id"]) is None:
        error = "the document is no longer in the database"
    if error:
        failed.append([payload["id"], error])
        return
    assert cleaned is not None  # a worker sends its cleaning whenever it reports no error
    counts = reclean_report(report)
    apply_result(
        db,
        Job(payload["id"], payload["source"], "", payload.get("url"), payload.get("outlet")),
        cleaned,
        job.settings,
        counts,
    )
    report.update(total=counts.total, changed=counts.changed, status_changes=dict(counts.status_changes))


def reclean_report(report: Payload) -> RecleanReport:
    import cleaners
    from corpus.reclean import RecleanReport

    return RecleanReport(
        cleaners.CLEANER_VERSION,
        report.get("total", 0),
        report.get("changed", 0),
        collections.Counter(report.get("status_changes") or {}),
        [tuple(entry) for entry in report.get("failed") or []],
    )


def write_import(db: Database, job: JobState, payload: Payload, cleaned: Cleaned | None, report: Payload) -> None:
    from corpus.importer import SourceFile, store_file

    path = Path(payload["name"])
    if payload.get("error"):
        report.setdefault("failed", []).append([path.name, payload["error"]])
        assert job.import_run is not None  # started before the job's first batch
        job.import_run.file_done(path, payload["error"])
        return
    assert cleaned is not None  # a worker sends its cleaning whenever it reports no error
    source = SourceFile(path, payload["raw"], payload["id"], payload.get("seq"))
    row = store_file(db, source, cleaned, job.info["outlet"], job.settings)
    assert job.import_run is not None
    job.import_run.file_done(path, None)
    report["imported"] = report.get("imported", 0) + 1
    by_status = report.setdefault("by_status", {})
    by_status[row["status"]] = by_status.get(row["status"], 0) + 1


def job_lines(summary: Payload) -> list[tuple[str, bool]]:
    """(line, to stderr) about one job, in the words of the local reclean and import-text."""
    report, lines = summary["report"], []
    failed = report.get("failed") or []
    if summary["kind"] == "reclean":
        for document_id, reason in failed:
            lines.append((f"{document_id}: not re-cleaned (stored row kept): {reason}", True))
        changes = ", ".join(f"{c} {n}" for c, n in sorted((report.get("status_changes") or {}).items()))
        what = (
            f"re-cleaned {report.get('total', 0):,} document(s): {report.get('changed', 0):,} text(s) changed"
            + (f"; status {changes}" if changes else "")
            + (f"; {len(failed)} failed" if failed else "")
        )
    else:
        for name, reason in failed:
            lines.append((f"{name}: not imported: {reason}", True))
        statuses = ", ".join(f"{s} {n}" for s, n in sorted((report.get("by_status") or {}).items()))
        what = (
            f"imported {report.get('imported', 0):,} file(s) from {summary.get('folder')} as "
            f"{summary.get('outlet')}" + (f" ({statuses})" if statuses else "")
        )
    total = f"{summary['total']:,}" if summary["total"] is not None else "? (still being pushed)"
    state = (
        "done"
        if summary["done"]
        else (f"{summary['stored']:,} of {total} sources stored so far; the rest are not cleaned yet (`corpus work`)")
    )
    line = f"{summary['kind']} job {summary['job']}: {what} [{state}]"
    if summary["error"]:
        line += f"  [NOT OK: could not store: {summary['error']}; the results stay on Redis]"
    lines.append((line, False))
    return lines
