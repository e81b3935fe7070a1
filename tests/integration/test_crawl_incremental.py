"""Incremental crawls through conditional requests: a sitemap that answers 304 is not read again, but the
articles found through it whose fetch failed are retried; --refresh asks unconditionally."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from conftest import fast_crawl_args, run_corpus
from test_crawl import rows

from corpus.ids import doc_id_for_url

pytestmark = pytest.mark.slow


def sitemap_only_registry(tmp_path, base: str):
    """sada's articles through its sitemap alone (no feed, no sections that would list them too)."""
    registry = tmp_path / "outlets.toml"
    registry.write_text(
        textwrap.dedent(f"""
        [sitemap_sada]
        display_name = "صدى اليوم"
        domains = ["127.0.0.1"]
        sitemaps = ["{base}/sitemap.xml"]
        article_pattern = '^/news/[a-z]+/\\d+-[^/]+/$'
    """),
        encoding="utf-8",
    )
    return registry


def test_a_304_sitemap_still_retries_its_failed_articles_and_refresh_asks_unconditionally(demo_server, tmp_path):
    base = demo_server.base_urls["sada"]
    registry = sitemap_only_registry(tmp_path, base)
    flaky = demo_server.articles("sada")[3]
    demo_server.inject("sada", re.escape(flaky.url[len(base) :]) + "$", status=500, times=3)  # fails the first crawl

    def crawl(*extra):
        result = run_corpus(
            "crawl",
            "sitemap_sada",
            "--registry",
            registry,
            "--db",
            tmp_path / "c.db",
            *fast_crawl_args(),
            "--set",
            "RETRY_BACKOFF_BASE=0.01",
            "--json",
            *extra,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout)["outlets"]["sitemap_sada"]

    first = crawl()
    assert first["failures"] == {"http_500": 1} and first["retries"]["gave_up"] == 1
    demo_server.clear_requests()
    second = crawl()
    assert second["discovery"]["not_modified"] == 1 and second["articles"]["new"] == 1
    fetched = [(r.path, r.status) for r in demo_server.requests]
    assert fetched == [("/robots.txt", 200), ("/sitemap.xml", 304), (flaky.url[len(base) :], 200)]
    assert rows(tmp_path / "c.db", "SELECT count(*) AS n FROM documents")[0]["n"] == len(demo_server.articles("sada"))
    assert rows(tmp_path / "c.db", "SELECT error FROM pages WHERE id = ?", [doc_id_for_url(flaky.url)]) == [
        {"error": None}
    ]

    demo_server.clear_requests()
    third = crawl("--refresh")  # the name for --refetch: everything again, sitemap included
    assert third["discovery"]["not_modified"] == 0 and third["articles"]["unchanged"] == len(
        demo_server.articles("sada")
    )
    assert ("/sitemap.xml", 200) in [(r.path, r.status) for r in demo_server.requests]
