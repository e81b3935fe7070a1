"""The CPU half of reclean and text imports on any machine, through Redis.

    corpus reclean --redis URL            # pushes every stored source of corpus.db (a "job") and exits
    corpus import-text DIR --outlet X --redis URL   # pushes every .txt file of DIR (bytes and name)
    corpus work --redis URL               # any number, on any machine: pop a source, clean, measure, push
    corpus ingest --redis URL             # the database's one writer: curates and stores, in source order

Keys, for prefix "corpus":

    corpus:sources                    list  sources waiting for a worker (JSON, oldest at the right)
    corpus:sources:processing:NAME    list  the source worker NAME is cleaning right now
    corpus:sources:alive:NAME         key   expires WORKER_TIMEOUT s after NAME last showed it is alive
    corpus:results                    list  prepared results waiting for `corpus ingest` (JSON)
    corpus:results:processing         list  results ingest popped and has not stored yet
    corpus:job:ID                     hash  one pushed reclean/import: kind, total, settings, progress
    corpus:jobs                       set   ids of jobs not stored completely yet

Nothing is lost: a worker moves a source onto its own processing list (RPOPLPUSH) and removes it only
in the transaction that pushes its result; a worker whose alive key expired (killed, machine gone) has
its sources put back by the next worker that looks. A source cleaned twice that way gives the same
result twice; ingest stores each source number of a job once. Workers never touch the database.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlsplit, urlunsplit

from cleaners.document import Document, Removal
from corpus.curate import CurationSettings, Measured
from corpus.errors import CorpusError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from corpus.pages import Cleaned
    from corpus.registry import CleaningOptions

logger = logging.getLogger(__name__)

FORMAT = 1  # the version of the source and result payloads; a worker refuses others
DEFAULT_PREFIX = "corpus"
WORKER_TIMEOUT = 60  # s without a sign of life before a worker's sources go back on the list
PUSH_BATCH = 200  # sources per Redis round trip when pushing
# A JSON object as json.loads gives it: source and result payloads, the settings and measures inside them.
Payload = dict[str, Any]


class RedisUnavailable(CorpusError):
    """Redis cannot be reached; the message names the URL (without its password) and the reason."""


def sources_key(prefix: str) -> str:
    return f"{prefix}:sources"


def results_key(prefix: str) -> str:
    return f"{prefix}:results"


def job_key(prefix: str, job_id: int | str) -> str:
    return f"{prefix}:job:{job_id}"


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def connect(url: str) -> Any:
    """A connected redis-py client, or RedisUnavailable in one line."""
    import redis

    try:
        server = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)
        server.ping()
    except Exception as exc:  # noqa: BLE001 - bad URL, refused, auth: all one line for the user
        raise RedisUnavailable(f"{safe_url(url)}: cannot reach Redis ({exc})") from None
    return server


# ---------------------------------------------------------------------- JSON of the dataclasses


def settings_to_json(settings: CurationSettings) -> Payload:
    return dataclasses.asdict(settings)


def settings_from_json(data: Payload) -> CurationSettings:
    fields = {f.name for f in dataclasses.fields(CurationSettings)}
    values = {k: v for k, v in data.items() if k in fields}
    if "arabic_langs" in values:
        values["arabic_langs"] = tuple(values["arabic_langs"])
    return CurationSettings(**values)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def measured_to_json(measured: Measured | None) -> Payload | None:
    """Every field as it is, the MinHash signature as stored (base64)."""
    if measured is None:
        return None
    from corpus.curate.dedup import signature_blob

    out: Payload = {}
    for f in dataclasses.fields(measured):
        value = getattr(measured, f.name)
        if f.name == "minhash":
            value = {"minhash": b64(signature_blob(value))}
        elif isinstance(value, CurationSettings):
            value = settings_to_json(value)
        out[f.name] = value
    return out


def measured_from_json(data: Payload | None) -> Measured | None:
    if data is None:
        return None
    from corpus.curate.dedup import signature_values

    values = dict(data)
    values["settings"] = settings = settings_from_json(data["settings"])
    for name, value in data.items():
        if isinstance(value, dict) and set(value) == {"minhash"}:
            values[name] = signature_values(base64.b64decode(value["minhash"]), settings.num_perm)
    for name in ("quality", "index_values"):
        values[name] = tuple(values[name])
    values["band_keys"] = tuple(tuple(key) for key in values["band_keys"])
    values["line_hashes"] = tuple(values["line_hashes"])
    return Measured(**values)


def cleaned_to_json(cleaned: Cleaned | None) -> Payload | None:
    if cleaned is None:
        return None
    document = dataclasses.asdict(cleaned.document) if cleaned.document is not None else None
    return {
        "document": document,
        "error": cleaned.error,
        "measured": measured_to_json(cleaned.measured),
        "encoding": cleaned.encoding,
        "encoding_source": cleaned.encoding_source,
        "encoding_fix": cleaned.encoding_fix,
    }


def cleaned_from_json(data: Payload | None) -> Cleaned | None:
    from corpus.pages import Cleaned

    if data is None:
        return None
    document = None
    if data.get("document") is not None:
        fields = dict(data["document"])
        fields["removed"] = [Removal(**removal) for removal in fields.get("removed") or []]
        document = Document(**fields)
    return Cleaned(
        document,
        data.get("error"),
        measured_from_json(data.get("measured")),
        data.get("encoding"),
        data.get("encoding_source"),
        data.get("encoding_fix"),
    )


def dumps(payload: Payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def loads(raw: bytes | str, what: str) -> Payload:
    """A payload of this FORMAT, or ValueError naming what it should have been."""
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"not a {what} (not JSON: {exc})") from None
    if not isinstance(payload, dict) or payload.get("v") != FORMAT or "job" not in payload or "n" not in payload:
        version = payload.get("v") if isinstance(payload, dict) else "?"
        raise ValueError(f"not a {what} of format {FORMAT} (format {version})")
    return payload


# ---------------------------------------------------------------------- pushing a job


def push_job(
    server: Any, prefix: str, kind: str, sources: Iterable[Payload], settings: CurationSettings, **info: Any
) -> tuple[int, int]:
    """Record a job (kind "reclean" or "import"), push its sources numbered 0.. in order; returns (its id,
    how many sources). The job is on record before its sources, so ingest knows every result's job; its total once all are
    pushed (the database may change while it is read)."""
    job_id = int(server.incr(f"{prefix}:jobs:last"))
    server.hset(
        job_key(prefix, job_id),
        mapping={
            "kind": kind,
            "next": 0,
            "settings": json.dumps(settings_to_json(settings)),
            "info": json.dumps(info, ensure_ascii=False),
            "pushed_at": time.time(),
            "report": "{}",
        },
    )
    server.sadd(f"{prefix}:jobs", job_id)
    settings_json = settings_to_json(settings)  # in every source: a worker needs no other key
    batch, pushed = [], 0
    for n, source in enumerate(sources):
        batch.append(dumps({"v": FORMAT, "job": job_id, "n": n, "kind": kind, "settings": settings_json, **source}))
        if len(batch) >= PUSH_BATCH:
            server.lpush(sources_key(prefix), *batch)
            pushed, batch = pushed + len(batch), []
    if batch:
        server.lpush(sources_key(prefix), *batch)
        pushed += len(batch)
    server.hset(job_key(prefix, job_id), "total", pushed)  # only now: ingest finishes a job once it knows the end
    if not pushed:  # nothing for ingest to wait for
        server.pipeline().srem(f"{prefix}:jobs", job_id).delete(job_key(prefix, job_id)).execute()
    return job_id, pushed


def reclean_sources(db: Database, outlet: str | None, overrides: dict[str, CleaningOptions]) -> Iterable[Payload]:
    """corpus.reclean's jobs as payloads: the stored bytes (base64) or text, and what cleaning needs."""
    from corpus.reclean import iter_jobs

    for job in iter_jobs(db, outlet, overrides):
        source = job.source()
        raw = {"body": b64(source)} if isinstance(source, bytes) else {"text": source}
        yield {
            "source": job.kind,
            "id": job.id,
            "url": job.url,
            "outlet": job.outlet,
            "cleaning": job.cleaning,
            "content_type": job.content_type,
            **raw,
        }


def import_sources(files: Iterable[Path], cleaning: CleaningOptions | None) -> Iterable[Payload]:
    """Each file's name and bytes: a worker on another machine has no folder to read."""
    for path in files:
        try:
            yield {"name": path.name, "body": b64(path.read_bytes()), "cleaning": cleaning}
        except OSError as exc:  # reported by ingest like a file a local import cannot read
            yield {"name": path.name, "unreadable": exc.strerror or str(exc), "cleaning": cleaning}


# ---------------------------------------------------------------------- the worker


def prepare_source(payload: Payload) -> Payload:
    """The CPU half of one source (decode, clean, language, MinHash), as the result payload."""
    from corpus.importer import prepare_bytes
    from corpus.reclean import Job, clean_job

    settings = settings_from_json(payload.get("settings") or {})
    out: Payload = {"v": FORMAT, "job": payload["job"], "n": payload["n"], "kind": payload["kind"]}
    if payload["kind"] == "reclean":
        raw = base64.b64decode(payload["body"]) if "body" in payload else payload.get("text") or ""
        job = Job(
            payload["id"],
            payload["source"],
            raw,
            payload.get("url"),
            payload.get("outlet"),
            payload.get("cleaning"),
            payload.get("content_type"),
        )
        _, cleaned, error = clean_job(job, settings)
        out.update(id=job.id, source=job.kind, url=job.url, outlet=job.outlet, error=error)
    elif payload["kind"] == "import":
        name = payload["name"]
        if "unreadable" in payload:
            source, cleaned, error = None, None, payload["unreadable"]
        else:
            source, cleaned, error = prepare_bytes(
                name, base64.b64decode(payload["body"]), payload.get("cleaning"), settings
            )
        out.update(name=name, error=error)
        if source is not None:
            out.update(id=source.id, raw=source.raw, seq=source.seq)
    else:
        raise ValueError(f"unknown job kind {payload['kind']!r}")
    out["cleaned"] = cleaned_to_json(cleaned)
    return out


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def reclaim(server: Any, prefix: str) -> int:
    """Put back on the sources list what workers that stopped showing signs of life were holding."""
    moved = 0
    for key in server.scan_iter(match=f"{prefix}:sources:processing:*", count=100):
        name = key.decode() if isinstance(key, bytes) else key
        worker = name.split(":sources:processing:", 1)[1]
        if server.exists(f"{prefix}:sources:alive:{worker}"):
            continue
        while server.rpoplpush(name, sources_key(prefix)) is not None:
            moved += 1
    if moved:
        logger.warning("%s: %d source(s) of stopped workers put back on the list", sources_key(prefix), moved)
    return moved


class WorkerReport(TypedDict):
    worker: str  # host:pid:random
    sources: int  # cleaned and pushed
    bad: int  # not a source payload: set aside
    seconds: float
    cpu_seconds: float  # this process's, start-up included


def work(
    redis_url: str,
    prefix: str = DEFAULT_PREFIX,
    *,
    follow: bool = False,
    poll: float = 1.0,
    should_stop: Callable[[], bool] = lambda: False,
    timeout: int = WORKER_TIMEOUT,
) -> WorkerReport:
    """Pop sources, clean and measure them, push the results, until the list is empty (follow: until
    should_stop()). Returns {"worker", "sources", "bad", "seconds"}."""
    server = connect(redis_url)
    name = worker_name()
    processing, alive = f"{prefix}:sources:processing:{name}", f"{prefix}:sources:alive:{name}"
    sources, results = sources_key(prefix), results_key(prefix)
    counts = WorkerReport(worker=name, sources=0, bad=0, seconds=0.0, cpu_seconds=0.0)
    started = time.monotonic()
    reclaim(server, prefix)
    try:
        while not should_stop():
            server.set(alive, 1, ex=timeout)
            raw = server.rpoplpush(sources, processing)
            if raw is None:
                if reclaim(server, prefix):
                    continue
                if not follow:
                    break
                raw = server.brpoplpush(sources, processing, timeout=max(1, round(poll)))
                if raw is None:
                    continue
            try:
                result = dumps(prepare_source(loads(raw, "source payload")))
            except (ValueError, KeyError, TypeError) as exc:
                counts["bad"] += 1
                logger.warning("%s: not a source, moved to %s:bad (%s)", sources, sources, exc)
                server.pipeline().lpush(f"{sources}:bad", raw).lrem(processing, 1, raw).execute()
                continue
            server.pipeline().lpush(results, result).lrem(processing, 1, raw).execute()  # MULTI: both or neither
            counts["sources"] += 1
    finally:
        server.delete(alive)
    counts["seconds"] = round(time.monotonic() - started, 3)
    counts["cpu_seconds"] = round(time.process_time(), 3)
    return counts
