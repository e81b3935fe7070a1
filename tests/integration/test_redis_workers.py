"""reclean and import-text through Redis: `corpus work` processes clean, `corpus ingest` stores.

A real redis-server (test_distributed's fixture: its own port, killed at the end) and real `corpus`
subprocesses. Each test compares the database the Redis way makes with the one the local command
makes from the same start: the same documents, removals and near-duplicate signatures.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from conftest import REPO_ROOT, TESTS, run_corpus, subprocess_env
from test_distributed import redis_url  # noqa: F401 - the module's own redis-server

from corpus.store import open_db
from tests.unit.corpus.test_reclean import ARTICLES, SLOGAN, article_html, crawl_page

pytestmark = pytest.mark.slow

RAW = TESTS / "data" / "seeds" / "raw"
SETTINGS = ["--set", "boilerplate_min_pages=3"]


@pytest.fixture
def redis_client(redis_url):  # noqa: F811 - the imported fixture
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    return client


def corpus_ok(*args, cwd=REPO_ROOT) -> str:
    done = run_corpus(*args, cwd=cwd)
    assert done.returncode == 0, f"corpus {' '.join(map(str, args))}: {done.stderr[-3000:]}"
    return done.stdout


def run_workers(url: str, count: int) -> list[dict]:
    """`count` workers at once until the list is empty; each one's counts."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "corpus", "work", "--redis", url, "--json"],
            cwd=REPO_ROOT,
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr[-3000:]
        out.append(json.loads(stdout))
    return out


def reverse_results(client) -> int:
    """The workers' results in the opposite order: ingest must still store them in pushed order."""
    results = client.lrange("corpus:results", 0, -1)
    client.delete("corpus:results")
    if results:
        client.lpush("corpus:results", *results)  # lrange's first (newest) ends up at the right: popped first
    return len(results)


def documents(path: Path) -> list[dict]:
    db = sqlite_utils.Database(path)
    rows = list(db.query("SELECT * FROM documents ORDER BY id"))
    for row in rows:
        del row["cleaned_at"]
    return rows


def removals(path: Path) -> list[tuple]:
    db = sqlite_utils.Database(path)
    return sorted(db.execute("SELECT document_id, rule, stage, text FROM removals").fetchall())


def signatures(path: Path) -> list[tuple]:
    db = sqlite_utils.Database(path)
    return sorted(db.execute("SELECT * FROM minhashes").fetchall())


def assert_same_corpus(local: Path, remote: Path) -> None:
    assert documents(remote) == documents(local)
    assert removals(remote) == removals(local)
    assert signatures(remote) == signatures(local)


@pytest.fixture
def crawled_corpus(tmp_path) -> Path:
    """Pages of two outlets (a slogan to learn, an exact copy, texts edited since) plus imported texts."""
    path = tmp_path / "start.db"
    db = open_db(path)
    ids = [
        crawl_page(db, f"https://sada.test/news/{i}", "sada", article_html(ARTICLES[i], slogan=True)) for i in range(5)
    ]
    crawl_page(db, "https://manara.test/copy", "manara", article_html(ARTICLES[2]))
    crawl_page(db, "https://manara.test/other", "manara", article_html(ARTICLES[4], extra_class_last=False))
    db["documents"].update(ids[1], {"text": "نص عبث به أحدهم"})
    db.close()
    corpus_ok("import-text", RAW, "--outlet", "seeds", "--db", path)
    return path


def test_reclean_through_two_workers_is_the_local_reclean(tmp_path, crawled_corpus, redis_url, redis_client):  # noqa: F811
    local, remote = tmp_path / "local.db", tmp_path / "remote.db"
    shutil.copy(crawled_corpus, local)
    shutil.copy(crawled_corpus, remote)
    local_out = corpus_ok("reclean", "--db", local, "--workers", "1", *SETTINGS)
    assert "re-cleaned 12 document(s)" in local_out

    pushed = corpus_ok("reclean", "--db", remote, "--redis", redis_url, *SETTINGS)
    assert "reclean job 1: 12 source(s) pushed" in pushed
    assert sqlite_utils.Database(remote)["reclean_runs"].count == 0  # pushing writes nothing
    counts = run_workers(redis_url, 2)
    assert sum(c["sources"] for c in counts) == 12 and not any(c["bad"] for c in counts)
    assert reverse_results(redis_client) == 12
    ingested = corpus_ok("ingest", "--redis", redis_url, "--db", remote)
    assert "reclean job 1: re-cleaned 12 document(s)" in ingested and "[done]" in ingested

    assert_same_corpus(local, remote)
    docs = {d["url"]: d for d in documents(remote)}
    assert not any(SLOGAN in (d["text"] or "") for d in docs.values())  # learned with min pages 3: settings went along
    assert docs["https://manara.test/copy"]["duplicate_of"] == docs["https://sada.test/news/2"]["id"]
    run_local, run_remote = (list(sqlite_utils.Database(p)["reclean_runs"].rows)[-1] for p in (local, remote))
    for column in ("documents", "changed", "failed", "status_changes", "settings", "cleaner_version"):
        assert run_remote[column] == run_local[column], column
    assert redis_client.llen("corpus:results:processing") == 0 and not redis_client.smembers("corpus:jobs")


def test_import_text_through_workers_is_the_local_import(tmp_path, redis_url, redis_client):  # noqa: F811
    folder = tmp_path / "texts"
    folder.mkdir()
    raw = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    for name, text in [("c.txt", raw[0]), ("a.txt", raw[1]), ("b.txt", raw[1]), ("d.txt", raw[2])]:
        (folder / name).write_text(text, encoding="utf-8")  # no numbers: seq in name order; b is a copy of a
    (folder / "e.txt").write_text(raw[3], encoding="windows-1256")
    (folder / "f.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary")  # not text: reported by name
    local, remote = tmp_path / "local.db", tmp_path / "remote.db"
    local_run = run_corpus("import-text", folder, "--outlet", "misc", "--db", local)
    pushed = corpus_ok("import-text", folder, "--outlet", "misc", "--db", remote, "--redis", redis_url)
    assert "import job 1: 6 file(s)" in pushed
    counts = run_workers(redis_url, 2)
    assert sum(c["sources"] for c in counts) == 6
    reverse_results(redis_client)
    ingested = run_corpus("ingest", "--redis", redis_url, "--db", remote)
    assert ingested.returncode == 0, ingested.stderr[-3000:]

    assert_same_corpus(local, remote)
    assert "f.txt: not imported" in local_run.stderr and "f.txt: not imported" in ingested.stderr
    texts = [
        sorted(
            sqlite_utils.Database(p)
            .execute("SELECT id, source_name, seq, raw, raw_zlib FROM imported_texts")
            .fetchall()
        )
        for p in (local, remote)
    ]
    assert texts[0] == texts[1] and len(texts[0]) == 4  # b.txt has a's content: a's id, one row
    seqs = sqlite_utils.Database(remote).execute("SELECT source_name, seq FROM documents ORDER BY seq").fetchall()
    assert seqs == [("b.txt", 0), ("c.txt", 1), ("d.txt", 2), ("e.txt", 3)]  # numbered in name order, not arrival
    run = list(sqlite_utils.Database(remote)["import_runs"].rows)[-1]
    assert (run["status"], run["files"], run["imported"], run["failed"]) == ("finished", 6, 5, 1)


def test_nothing_is_lost_when_a_worker_or_the_ingest_dies(tmp_path, crawled_corpus, redis_url, redis_client):  # noqa: F811
    local, remote = tmp_path / "local.db", tmp_path / "remote.db"
    shutil.copy(crawled_corpus, local)
    shutil.copy(crawled_corpus, remote)
    corpus_ok("reclean", "--db", local, "--workers", "1")
    corpus_ok("reclean", "--db", remote, "--redis", redis_url)
    # A worker that died holding two sources: no alive key, so the next worker puts them back.
    dead = "corpus:sources:processing:gone-host:4242:abcdef"
    for _ in range(2):
        redis_client.rpoplpush("corpus:sources", dead)
    counts = run_workers(redis_url, 1)
    assert counts[0]["sources"] == 12 and not redis_client.exists(dead)
    # An ingest that died after popping results: they are on its processing list; and one result twice.
    results = redis_client.lrange("corpus:results", 0, -1)
    redis_client.lpush("corpus:results", results[3])
    for _ in range(4):
        redis_client.rpoplpush("corpus:results", "corpus:results:processing")
    ingested = corpus_ok("ingest", "--redis", redis_url, "--db", remote, "--json")
    stats = json.loads(ingested)
    assert stats["results"]["stored"] == 12 and stats["jobs"][0]["done"]
    assert_same_corpus(local, remote)
    assert redis_client.llen("corpus:results:processing") == 0 and redis_client.llen("corpus:results") == 0


def test_a_bad_result_is_set_aside_and_work_needs_redis(tmp_path, redis_url, redis_client):  # noqa: F811
    redis_client.lpush("corpus:results", b"not json")
    redis_client.lpush("corpus:sources", json.dumps({"v": 99}))
    assert run_workers(redis_url, 1)[0]["bad"] == 1
    stats = json.loads(corpus_ok("ingest", "--redis", redis_url, "--db", tmp_path / "c.db", "--json"))
    assert stats["results"]["bad"] == 1 and redis_client.llen("corpus:results:bad") == 1
    refused = run_corpus("work", "--redis", "redis://127.0.0.1:1/0")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines()[-1].startswith("Error: redis://127.0.0.1:1/0: cannot reach Redis")
