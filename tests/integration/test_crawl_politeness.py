"""Politeness beyond robots and AutoThrottle: retries wait (Retry-After, else exponential backoff).

The crawl runs for real against the demo server; the server's request log carries each request's
arrival time, so the tests measure the gap between a refused request and its retry.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from conftest import fast_crawl_args, run_corpus
from test_crawl import base_url_args, rows

from corpus.ids import doc_id_for_url
from crawler.retry import backoff_delay, retry_after_seconds

pytestmark = pytest.mark.slow


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now) == 30.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0  # in the past: at once
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None


def test_backoff_doubles_and_both_waits_are_capped():
    waits = [backoff_delay(n, None, base=1.0, backoff_max=5.0, retry_after_max=60.0) for n in (1, 2, 3, 4)]
    assert waits == [1.0, 2.0, 4.0, 5.0]
    assert backoff_delay(1, 30.0, base=1.0, backoff_max=5.0, retry_after_max=60.0) == 30.0  # the server's word wins
    assert backoff_delay(1, 3600.0, base=1.0, backoff_max=5.0, retry_after_max=60.0) == 60.0


def test_429_is_retried_after_retry_after_and_5xx_with_exponential_backoff(demo_server, tmp_path):
    base = demo_server.base_urls["mawja"]
    throttled, failing = demo_server.articles("mawja")[:2]
    path = lambda a: a.url[len(base) :]  # noqa: E731
    demo_server.inject("mawja", re.escape(path(throttled)) + "$", status=429, times=1)  # sends Retry-After: 1
    demo_server.inject("mawja", re.escape(path(failing)) + "$", status=500, times=2)  # no Retry-After
    result = run_corpus(
        "crawl",
        "demo_mawja",
        "--db",
        tmp_path / "c.db",
        *base_url_args(demo_server, ["mawja"]),
        *fast_crawl_args(),
        "--set",
        "RETRY_BACKOFF_BASE=0.4",
        "--url",
        throttled.url,
        "--url",
        failing.url,
        "--json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]

    def arrivals(article):
        return [(r.status, r.at) for r in demo_server.requests if r.path == path(article)]

    (s1, t1), (s2, t2) = arrivals(throttled)
    assert (s1, s2) == (429, 200) and t2 - t1 >= 0.95  # Retry-After: 1
    (f1, u1), (f2, u2), (f3, u3) = arrivals(failing)
    assert (f1, f2, f3) == (500, 500, 200)
    assert u2 - u1 >= 0.38 and u3 - u2 >= 0.78  # 0.4 s, then 0.8 s
    stored = {r["id"] for r in rows(tmp_path / "c.db", "SELECT id FROM documents")}
    assert stored == {doc_id_for_url(throttled.url), doc_id_for_url(failing.url)}
    stats = json.loads(result.stdout)["outlets"]["demo_mawja"]
    assert stats["retries"] == {
        "count": 3,
        "gave_up": 0,
        "waits": 3,
        "wait_s": pytest.approx(2.2, abs=0.01),
        "slowed_down": 1,
    }


def test_ctrl_c_cuts_a_long_backoff_short_and_records_the_page_as_failed(demo_server, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from conftest import subprocess_env

    base = demo_server.base_urls["mawja"]
    article = demo_server.articles("mawja")[0]
    path = article.url[len(base) :]
    demo_server.inject("mawja", re.escape(path) + "$", status=500, times=None)
    db_path = tmp_path / "c.db"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "corpus",
            "crawl",
            "demo_mawja",
            "--db",
            str(db_path),
            *base_url_args(demo_server, ["mawja"]),
            *fast_crawl_args(),
            "--set",
            "RETRY_BACKOFF_BASE=60",
            "--url",
            article.url,
        ],
        cwd=tmp_path,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not any(r.path == path for r in demo_server.requests):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()[1][-3000:]
        time.sleep(0.05)
    time.sleep(0.3)  # now in the 60 s wait
    stopped_at = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    assert time.monotonic() - stopped_at < 10  # not the 60 s backoff
    assert [r.status for r in demo_server.requests if r.path == path] == [500]  # no retry after the stop
    assert rows(db_path, "SELECT status, error FROM pages") == [{"status": 500, "error": "http_500"}]
    assert rows(db_path, "SELECT status FROM crawls") == [{"status": "interrupted"}]


def test_a_429_slows_down_every_request_to_that_site_not_only_the_retry(demo_server, tmp_path):
    articles = demo_server.articles("mawja")[:5]
    demo_server.inject("mawja", r"^/(?!robots)", status=429, times=1)  # the first page asked for; Retry-After: 1
    # Pages take 0.2 s, as on a real network: the 429 is handled while the rest are still to be fetched.
    demo_server.inject("mawja", r"^/(?!robots)", delay=0.2, times=None)
    result = run_corpus(
        "crawl",
        "demo_mawja",
        "--db",
        tmp_path / "c.db",
        *base_url_args(demo_server, ["mawja"]),
        *fast_crawl_args(),
        "--set",
        "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "--set",
        "DOWNLOAD_DELAY=0.05",  # (Scrapy 2.19 enforces the slot's concurrency only with a delay)
        *[arg for a in articles for arg in ("--url", a.url)],
        "--json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    log = [r for r in demo_server.requests if r.path != "/robots.txt"]
    assert log[0].status == 429 and len(log) == 6
    gaps = [later.at - earlier.at for earlier, later in zip(log, log[1:])]
    # Without the slow-down they follow each other every 0.2 s; with it at least 1 s (+-50 % jitter) apart.
    assert min(gaps[-3:]) >= 0.45, gaps
    stats = json.loads(result.stdout)["outlets"]["demo_mawja"]
    assert stats["articles"]["new"] == 5 and stats["retries"]["slowed_down"] == 1
