"""Distributed crawling: two `corpus crawl --redis` processes share one real redis-server, then
`corpus ingest` stores what they pushed.

A redis-server of the test's own (random free port on 127.0.0.1, no persistence, in a temporary
directory, killed at the end) and the real demo server, whose request log says who fetched what.
`make setup-redis` installs redis-server (make test depends on it); without it these tests skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
import sqlite_utils
from conftest import REPO_ROOT, fast_crawl_args, run_corpus, subprocess_env
from servers import free_port

from corpus.ids import doc_id_for_url

pytestmark = pytest.mark.slow

SITE = "manara"  # its articles carry a house line: ingest strips it from the first pages as the crawl does
SLOW_CRAWL = ["--set", "CONCURRENT_REQUESTS=2", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """redis://127.0.0.1:PORT/0 of a redis-server started for this module, always killed afterwards."""
    import redis

    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("redis-server is not installed (run `make setup-redis`)")
    folder = tmp_path_factory.mktemp("redis")
    for _attempt in range(3):  # a free port can be taken between choosing it and binding it
        port = free_port()
        log = open(folder / "redis.log", "w")
        proc = subprocess.Popen(
            [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        if proc.poll() is None:
            break
        log.close()
    else:
        pytest.fail(f"redis-server did not start: {(folder / 'redis.log').read_text()[-2000:]}")
    try:
        client.ping()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.kill()
        proc.wait(timeout=10)
        log.close()


def crawl_process(server, url, cwd, *extra) -> subprocess.Popen:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "corpus",
            "crawl",
            f"demo_{SITE}",
            "--redis",
            url,
            "--base-url",
            f"{SITE}={server.base_urls[SITE]}",
            *fast_crawl_args(),
            "--json",
            *extra,
        ],
        cwd=cwd,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen, timeout: float = 90) -> dict:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-4000:]
    return json.loads(out)


def table_counts(db_path) -> dict[str, int]:
    db = sqlite_utils.Database(db_path)
    return {name: db[name].count for name in ("documents", "pages", "removals")}


def paths(requests) -> Counter:
    return Counter(r.path for r in requests if r.site == SITE)


@pytest.fixture(scope="module")
def distributed(module_demo_server, redis_url, tmp_path_factory):
    server = module_demo_server
    tmp = tmp_path_factory.mktemp("distributed")
    server.clear_requests()
    # Two crawler processes at once, each in its own directory (no corpus.db there: nothing to skip). A
    # local page takes a millisecond, so one process could take the whole queue before the other is up:
    # pages answer in 0.1 s and each process has 2 requests in flight, so that both get some work.
    server.inject(SITE, ".", times=None, delay=0.1)
    procs = [crawl_process(server, redis_url, tmp / f"crawler{n}", *SLOW_CRAWL) for n in (1, 2)]
    runs = [finish(proc) for proc in procs]
    requests = server.requests
    db_path = tmp / "corpus.db"
    ingest = run_corpus("ingest", "--redis", redis_url, "--db", db_path, "--json", cwd=tmp)
    assert ingest.returncode == 0, ingest.stderr[-4000:]
    counts = table_counts(db_path)
    again = run_corpus("ingest", "--redis", redis_url, "--db", db_path, "--json", cwd=tmp)
    assert again.returncode == 0, again.stderr[-4000:]
    counts_again = table_counts(db_path)
    # A later run: the entry points are read again, the articles are remembered in Redis.
    server.clear_requests()
    later = finish(crawl_process(server, redis_url, tmp / "crawler3"))
    requests_later = server.requests
    ingest_later = run_corpus("ingest", "--redis", redis_url, "--db", db_path, "--json", cwd=tmp)
    assert ingest_later.returncode == 0, ingest_later.stderr[-4000:]
    # The same site crawled the plain way, for comparison.
    plain_db = tmp / "plain" / "corpus.db"
    plain_db.parent.mkdir()
    plain = run_corpus(
        "crawl",
        f"demo_{SITE}",
        "--db",
        plain_db,
        "--base-url",
        f"{SITE}={server.base_urls[SITE]}",
        *fast_crawl_args(),
        cwd=plain_db.parent,
    )
    assert plain.returncode == 0, plain.stderr[-4000:]
    return {
        "server": server,
        "runs": runs,
        "requests": requests,
        "db": db_path,
        "ingest": json.loads(ingest.stdout),
        "counts": counts,
        "ingest_again": json.loads(again.stdout),
        "counts_again": counts_again,
        "later": later,
        "requests_later": requests_later,
        "ingest_later": json.loads(ingest_later.stdout),
        "counts_later": table_counts(db_path),
        "plain_db": plain_db,
    }


def article_paths(server) -> set[str]:
    return {urlsplit(article.url).path for article in server.articles(SITE)}


def test_every_url_is_fetched_once_by_the_two_processes_together(distributed):
    fetched = paths(distributed["requests"])
    assert article_paths(distributed["server"]) <= set(fetched)
    per_process = [run["outlets"][f"demo_{SITE}"] for run in distributed["runs"]]
    # robots.txt: read by each process that fetched anything (before its first request)
    assert fetched.pop("/robots.txt") == sum(1 for p in per_process if p["requests"])
    assert {path: n for path, n in fetched.items() if n != 1} == {}  # entry points, listings and articles: once
    assert sum(p["requests"] for p in per_process) == sum(paths(distributed["requests"]).values())
    assert sum(p["redis"]["pages_queued"] for p in per_process) == distributed["ingest"]["pages"]
    assert all(run["ok"] for run in distributed["runs"])


def test_ingest_stores_every_article_exactly_once(distributed):
    db = sqlite_utils.Database(distributed["db"])
    stored = [row["id"] for row in db.query("SELECT id FROM documents WHERE outlet = ?", [f"demo_{SITE}"])]
    assert len(stored) == len(set(stored))
    assert set(stored) == {doc_id_for_url(article.url) for article in distributed["server"].articles(SITE)}
    summary = distributed["ingest"]["outlets"][f"demo_{SITE}"]
    assert summary["articles"]["new"] == len(stored)
    assert summary["failures"] == {"http_404": 1}  # the demo's dead link, recorded as a failed page
    crawl = list(db.query("SELECT outlets, status FROM crawls"))
    assert crawl == [{"outlets": json.dumps([f"demo_{SITE}"]), "status": "finished"}]


def test_ingest_stores_what_a_plain_crawl_stores(distributed):
    def documents(path):
        return sorted(
            sqlite_utils.Database(path).query(
                "SELECT id, url, canonical_url, title, text, published, status, duplicate_of FROM documents"
            ),
            key=lambda row: row["id"],
        )

    def pages(path):
        return sorted(
            (row["id"], row["url"], row["status"], row["error"], row["html"])
            for row in sqlite_utils.Database(path).query("SELECT id, url, status, error, html FROM pages")
        )

    assert documents(distributed["db"]) == documents(distributed["plain_db"])
    assert pages(distributed["db"]) == pages(distributed["plain_db"])


def test_a_second_ingest_adds_nothing(distributed):
    assert distributed["ingest_again"]["pages"] == 0
    assert distributed["counts_again"] == distributed["counts"]


def test_a_later_run_reads_the_entry_points_again_but_fetches_no_article_again(distributed):
    fetched = paths(distributed["requests_later"])
    assert "/sitemap.xml" in fetched or any("sitemap" in path or "feed" in path for path in fetched)
    assert not set(fetched) & article_paths(distributed["server"])
    summary = distributed["later"]["outlets"][f"demo_{SITE}"]
    assert summary["redis"]["pages_queued"] == 0 and summary["redis"]["filtered"]["articles"] > 0
    assert distributed["ingest_later"]["pages"] == 0
    assert distributed["counts_later"] == distributed["counts"]


def test_unreachable_redis_is_a_one_line_error(tmp_path, module_demo_server):
    url = f"redis://127.0.0.1:{free_port()}/0"
    crawl = run_corpus(
        "crawl",
        f"demo_{SITE}",
        "--redis",
        url,
        "--base-url",
        f"{SITE}={module_demo_server.base_urls[SITE]}",
        cwd=tmp_path,
    )
    ingest = run_corpus("ingest", "--redis", url, "--db", tmp_path / "corpus.db", cwd=tmp_path)
    for result in (crawl, ingest):
        assert result.returncode == 1
        assert result.stderr.startswith(f"Error: {url}: cannot reach Redis")
        assert len(result.stderr.strip().splitlines()) == 1


def test_ingest_follow_stores_pages_as_they_come_and_recovers_a_killed_ingests_page(
    module_demo_server, redis_url, tmp_path
):
    import signal
    import urllib.request

    import redis

    from corpus.demo.registry import DEMO_REGISTRY_PATH
    from corpus.registry import load_registry
    from crawler.items import PageItem
    from crawler.redis_queue import page_payload

    prefix = "followtest"
    server = redis.Redis.from_url(redis_url)
    cleaning = load_registry(DEMO_REGISTRY_PATH)[f"demo_{SITE}"].cleaning_options()

    def payload(article):
        with urllib.request.urlopen(article.url, timeout=10) as response:
            body, headers = response.read(), dict(response.headers.items())
        return page_payload(
            PageItem(
                url=article.url,
                final_url=article.url,
                canonical_url=article.url,
                status=200,
                headers=headers,
                body=body,
                encoding="utf-8",
                encoding_fix=None,
                outlet=f"demo_{SITE}",
                fetched_at="2026-01-01T00:00:00+00:00",
                discovered_from="test",
                lastmod=None,
                error=None,
            ),
            cleaning,
        )

    first, second = module_demo_server.articles(SITE)[:2]
    server.lpush(f"{prefix}:items:processing", payload(first))  # left there by an ingest that was killed
    db_path = tmp_path / "corpus.db"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "corpus",
            "ingest",
            "--redis",
            redis_url,
            "--db",
            str(db_path),
            "--prefix",
            prefix,
            "--follow",
            "--json",
        ],
        cwd=REPO_ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def stored():
            try:
                return {row["id"] for row in sqlite_utils.Database(db_path).query("SELECT id FROM documents")}
            except Exception:  # noqa: BLE001 - not created yet
                return set()

        deadline = time.monotonic() + 30
        while stored() != {doc_id_for_url(first.url)} and time.monotonic() < deadline:
            time.sleep(0.1)
        server.lpush(f"{prefix}:items", payload(second))  # while it waits
        while len(stored()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert stored() == {doc_id_for_url(first.url), doc_id_for_url(second.url)}
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-4000:]
    stats = json.loads(out)
    assert stats["pages"] == 2 and stats["outlets"][f"demo_{SITE}"]["articles"]["new"] == 2
    assert server.llen(f"{prefix}:items") == server.llen(f"{prefix}:items:processing") == 0
    crawls = list(sqlite_utils.Database(db_path).query("SELECT status FROM crawls"))
    assert crawls == [{"status": "interrupted"}]
