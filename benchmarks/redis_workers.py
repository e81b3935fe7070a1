"""Reclean and import-text through Redis: one `corpus work` process against two, side by side.

    python benchmarks/redis_workers.py --pages 400

The corpus is pool_speedup.py's (demo article pages, re-mixed into distinct documents, stored through
the page path), and its texts as .txt files. A redis-server of its own (free port, no persistence,
killed at the end). For 1 and then 2 workers: push the job (`corpus reclean --redis`, `corpus
import-text --redis`), run the workers at once until the list is empty, then `corpus ingest`. Prints
one JSON object: wall seconds of the worker phase (process start included) and of the ingest, the
workers' own seconds inside their loop and CPU seconds, and the ratio 1 vs 2 worker phase. Both runs must give the
same documents (checked). The local in-process reclean on one process is there for scale.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from pool_speedup import build_with_texts  # noqa: E402 - importable once the path above is set

from corpus.reclean import reclean  # noqa: E402
from corpus.store import open_db  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def corpus(*args) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "corpus", *map(str, args)], env=ENV, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"corpus {' '.join(map(str, args))} failed: {done.stderr[-2000:]}")
    return done.stdout


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


def worker_phase(url: str, count: int) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "corpus", "work", "--redis", url, "--json"],
            env=ENV,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    counts = [json.loads(proc.communicate()[0]) for proc in procs]
    return time.perf_counter() - started, counts


def run(kind: str, url: str, workers: int, db_path: Path, texts: Path) -> dict:
    if kind == "reclean":
        corpus("reclean", "--db", db_path, "--redis", url)
    else:
        corpus("import-text", texts, "--outlet", "bench", "--db", db_path, "--redis", url)
    wall, counts = worker_phase(url, workers)
    started = time.perf_counter()
    corpus("ingest", "--redis", url, "--db", db_path)
    ingest = time.perf_counter() - started
    return {
        "workers_wall_s": round(wall, 2),
        "ingest_s": round(ingest, 2),
        "per_worker": [{"sources": c["sources"], "loop_s": c["seconds"], "cpu_s": c["cpu_seconds"]} for c in counts],
    }


def documents(path: Path) -> list:
    db = open_db(path)
    rows = db.execute("SELECT id, text, status, duplicate_of, seq FROM documents ORDER BY id").fetchall()
    db.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="redis_workers_"))
    redis_proc = None
    try:
        base, texts, result = build_with_texts(work, args.pages)
        local = work / "local.db"
        shutil.copy(base, local)
        db = open_db(local)
        started = time.perf_counter()
        reclean(db, workers=1, overrides={})
        result["local_reclean_1_process_s"] = round(time.perf_counter() - started, 2)
        db.close()
        redis_proc, url = start_redis(work)
        for kind in ("reclean", "import"):
            outcomes = {}
            for workers in (1, 2):
                copy = work / f"{kind}_{workers}.db"
                if kind == "reclean":
                    shutil.copy(base, copy)
                result[f"{kind}_{workers}_workers"] = run(kind, url, workers, copy, texts)
                outcomes[workers] = documents(copy)
            assert outcomes[1] == outcomes[2], f"{kind}: 1 and 2 workers stored different documents"
            result[f"{kind}_worker_phase_speedup_2_vs_1"] = round(
                result[f"{kind}_1_workers"]["workers_wall_s"] / result[f"{kind}_2_workers"]["workers_wall_s"], 2
            )
        result["load_average"] = [round(x, 1) for x in os.getloadavg()]
        result["cpus"] = os.cpu_count()
        print(json.dumps(result, indent=1))
    finally:
        if redis_proc is not None:
            redis_proc.kill()
            redis_proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
