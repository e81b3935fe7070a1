"""Interrupted crawls: Ctrl-C stops gracefully and --resume continues where it stopped; a crawl killed
outright (SIGKILL) leaves a consistent database and the next run completes the set.

The crawl runs as a real `python -m corpus crawl` subprocess against the demo server, whose article
pages answer slowly (an injected delay) so there is time to stop it half-way.
"""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing

import pytest
from conftest import fast_crawl_args, subprocess_env
from test_crawl import base_url_args, crawl, rows

from corpus.ids import doc_id_for_url
from crawler.runner import INTERRUPTED_MARK, jobs_dir

pytestmark = pytest.mark.slow

ARTICLE_PATH = r"^/news/[a-z-]+/\d+-[^/]+/$"  # sada's canonical article URLs (the dead link too)
SLOW = ["--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "--set", "CONCURRENT_REQUESTS=2"]


def start_crawl(server, db_path, *extra) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "corpus",
        "crawl",
        "demo_sada",
        "--db",
        str(db_path),
        *base_url_args(server, ["sada"]),
        *fast_crawl_args(),
        *SLOW,
        *extra,
    ]
    return subprocess.Popen(
        command, cwd=db_path.parent, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def documents_stored(db_path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created (or not migrated) yet
        return 0


def wait_for_documents(process, db_path, n: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while documents_stored(db_path) < n:
        assert process.poll() is None, process.communicate()[1][-3000:]
        assert time.monotonic() < deadline, "the crawl stored nothing in time"
        time.sleep(0.05)


def article_fetches(server) -> Counter:
    return Counter(
        r.path for r in server.requests if r.status == 200 and r.path.startswith("/news/") and r.path.count("/") == 4
    )


def assert_consistent(db_path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute(
            "SELECT count(*) FROM documents LEFT JOIN pages ON pages.id = documents.id WHERE pages.id IS NULL"
        ).fetchone()[0]
        assert orphans == 0, "a document without its page"
        stray = conn.execute(
            "SELECT count(*) FROM removals WHERE document_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        assert stray == 0, "removals of a document that was never written"
        unindexed = conn.execute(
            "SELECT count(*) FROM documents WHERE rowid NOT IN (SELECT id FROM documents_fts_docsize)"
        ).fetchone()[0]
        assert unindexed == 0


def test_ctrl_c_stops_gracefully_and_resume_continues_where_it_left_off(demo_server, tmp_path):
    db_path = tmp_path / "c.db"
    expected = {doc_id_for_url(a.url) for a in demo_server.articles("sada")}
    # slow articles (1 s each, two at a time): a stop after the first few leaves most of them unfetched
    demo_server.inject("sada", ARTICLE_PATH, delay=1.0, times=None)
    process = start_crawl(demo_server, db_path)
    wait_for_documents(process, db_path, 3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode != 0 and "crawl interrupted; run the same command with --resume" in err, err[-3000:]
    stored_before = documents_stored(db_path)
    assert 3 <= stored_before < len(expected)
    assert rows(db_path, "SELECT status FROM crawls") == [{"status": "interrupted"}]
    job = jobs_dir(db_path, ["demo_sada"]) / "demo_sada"
    assert (job / INTERRUPTED_MARK).exists()
    # Scrapy's JOBDIR state: the requests already sent, and the pending ones queued on disk
    assert (job / "requests.seen").stat().st_size > 0
    assert json.loads((job / "requests.queue" / "active.json").read_text())
    assert_consistent(db_path)

    result = crawl(demo_server, db_path, "--resume", "--json", "--verbose", *SLOW, sites=["sada"])
    assert result.returncode == 0, result.stderr[-3000:]
    resumed = re.search(r"Resuming crawl \((\d+) requests scheduled\)", result.stderr)  # Scrapy read the disk queue
    assert resumed and int(resumed.group(1)) >= 1, result.stderr[-3000:]
    stored = [r["id"] for r in rows(db_path, "SELECT id FROM documents")]
    assert sorted(stored) == sorted(expected)  # every article, each once
    fetches = article_fetches(demo_server)
    assert max(fetches.values()) == 1, [p for p, n in fetches.items() if n > 1]  # nothing fetched twice
    assert json.loads(result.stdout)["outlets"]["demo_sada"]["articles"]["new"] == len(expected) - stored_before
    assert json.loads(result.stdout)["resumed"] == ["demo_sada"]
    assert [r["status"] for r in rows(db_path, "SELECT status FROM crawls ORDER BY id")] == ["interrupted", "finished"]
    assert not jobs_dir(db_path, ["demo_sada"]).parent.exists()  # a finished crawl leaves no job state behind


def test_a_killed_crawl_leaves_a_consistent_db_and_the_next_run_completes_it(demo_server, tmp_path):
    db_path = tmp_path / "c.db"
    expected = {doc_id_for_url(a.url) for a in demo_server.articles("sada")}
    demo_server.inject("sada", ARTICLE_PATH, delay=0.3, times=None)
    process = start_crawl(demo_server, db_path)
    wait_for_documents(process, db_path, 3)
    process.kill()
    process.communicate(timeout=30)
    assert_consistent(db_path)
    assert 3 <= documents_stored(db_path) < len(expected)
    assert rows(db_path, "SELECT status FROM crawls") == [{"status": "running"}]  # it never got to say otherwise

    # --resume does not trust a killed crawl's job state (its seen-requests file lists unanswered requests):
    # the outlet starts afresh, skipping what is stored.
    result = crawl(demo_server, db_path, "--resume", sites=["sada"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("demo_sada: no stopped crawl to resume (none, or it was killed): crawled afresh")
    stored = [r["id"] for r in rows(db_path, "SELECT id FROM documents")]
    assert sorted(stored) == sorted(expected)
    assert_consistent(db_path)
    assert not jobs_dir(db_path, ["demo_sada"]).parent.exists()
