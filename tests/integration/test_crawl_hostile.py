"""Hostile servers: every article URL the crawler decided to fetch ends as a document or as a `pages` row
with its reason; failed sitemaps and feeds are recorded too; crawls end in bounded time, saying which
bound ended them. Real crawls (`python -m corpus crawl`) of a real local HTTP server (tests/hostile_sites.py)."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from conftest import fast_crawl_args, run_corpus
from hostile_sites import HOSTILE_ARTICLES, HOSTILE_SETTINGS, HostileSite

from corpus.ids import doc_id_for_url

pytestmark = pytest.mark.slow


@pytest.fixture
def site():
    with HostileSite() as server:
        yield server


def crawl(site, tmp_path, name: str, *extra: str, sitemaps=(), feeds=(), timeout: float = 120, hostile=True):
    """`corpus crawl NAME` of the site; hostile: with HOSTILE_SETTINGS (small size limit, short timeout)."""
    registry = tmp_path / "outlets.toml"
    registry.write_text(site.registry(name, sitemaps, feeds), encoding="utf-8")
    settings = [arg for key, value in HOSTILE_SETTINGS.items() for arg in ("--set", f"{key}={value}") if hostile]
    started = time.monotonic()
    result = run_corpus(
        "crawl",
        name,
        "--registry",
        registry,
        "--db",
        tmp_path / "c.db",
        *fast_crawl_args(),
        *settings,
        *extra,
        cwd=tmp_path,
        timeout=timeout,
    )
    return result, time.monotonic() - started


def query(db_path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def test_every_hostile_article_is_a_document_or_a_failed_page_with_its_reason(site, tmp_path):
    result, _ = crawl(
        site, tmp_path, "hostile", "--json", sitemaps=["/sitemap.xml", "/not-a-sitemap.xml"], feeds=["/broken-feed.xml"]
    )
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    stats = json.loads(result.stdout)
    summary = stats["outlets"]["hostile"]
    articles = summary["articles"]
    stored = articles["new"] + articles["updated"] + articles["unchanged"]
    assert articles["found"] == len(HOSTILE_ARTICLES) == stored + articles["failed"]
    assert summary["skipped"] == {}  # nothing merely counted: every URL has its row

    db = tmp_path / "c.db"
    errors = dict(query(db, "SELECT url, error FROM pages WHERE kind IS NULL OR kind = 'article'"))
    expected = {site.url(path): reason for path, reason in HOSTILE_ARTICLES.items()}
    assert errors == expected
    assert [row[0] for row in query(db, "SELECT url FROM documents")] == [site.url("/news/ok-1")]
    assert summary["failures"] == {r: list(expected.values()).count(r) for r in expected.values() if r}

    # the failed feed and the sitemap that is not one: in pages with their reason, in the summary, no document
    discovery = query(db, "SELECT url, kind, error, status FROM pages WHERE kind IN ('sitemap', 'feed') ORDER BY url")
    assert discovery == [
        (site.url("/broken-feed.xml"), "feed", "http_500", 500),
        (site.url("/not-a-sitemap.xml"), "sitemap", "not_a_sitemap", 200),
    ]
    assert sorted((f["url"], f["kind"], f["reason"]) for f in summary["discovery"]["failed"]) == [
        (url, kind, reason) for url, kind, reason, _ in discovery
    ]
    assert summary["errors"] == {"discovery:http_500": 1, "discovery:not_a_sitemap": 1}
    assert not query(
        db,
        "SELECT 1 FROM documents WHERE id IN (?, ?)",
        [doc_id_for_url(site.url("/broken-feed.xml")), doc_id_for_url(site.url("/not-a-sitemap.xml"))],
    )
    assert not any(path.startswith("/news/private-") for path in site.requests)  # robots.txt obeyed


def test_a_crawl_whose_entry_points_all_fail_says_why_in_its_json(site, tmp_path):
    result, _ = crawl(site, tmp_path, "broken", "--json", sitemaps=["/not-a-sitemap.xml"], feeds=["/broken-feed.xml"])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    stats = json.loads(result.stdout)
    summary = stats["outlets"]["broken"]
    assert not summary["ok"] and stats["status"] == "failed"
    assert summary["errors"] == {"discovery:http_500": 1, "discovery:not_a_sitemap": 1}
    crawls = query(tmp_path / "c.db", "SELECT status, stats FROM crawls")
    assert crawls[0][0] == "failed" and json.loads(crawls[0][1])["outlets"]["broken"]["errors"] == summary["errors"]


def test_an_endless_chain_of_sitemap_indexes_ends_at_the_depth_bound(site, tmp_path):
    result, _seconds = crawl(site, tmp_path, "chain", "--json", sitemaps=["/chain/0.xml"], timeout=60, hostile=False)
    stats = json.loads(result.stdout)
    summary = stats["outlets"]["chain"]
    assert summary["bounds"] == {"sitemap_depth": 1}
    assert stats["bounds_hit"] == {"chain": ["sitemap_depth"]}
    assert [p for p in site.requests if p.startswith("/chain/")] == [f"/chain/{n}.xml" for n in range(4)]
    # bounded time: crawl() fails on its timeout; a wall-clock assertion would only measure the machine's load


def test_a_huge_sitemap_index_is_cut_by_the_sitemap_and_article_bounds(site, tmp_path):
    result, _ = crawl(
        site,
        tmp_path,
        "huge",
        "--set",
        "CORPUS_MAX_SITEMAPS=20",
        "--set",
        "CORPUS_MAX_ARTICLES=150",
        sitemaps=["/huge-index.xml"],
        hostile=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = result.stdout.strip().splitlines()[0]
    assert line.startswith("huge: 150 article URLs found, 150 stored"), line
    assert "bound hit: " in line and "max_articles (" in line and "max_sitemaps (" in line
    parts = [p for p in site.requests if p.startswith("/part/")]
    assert 0 < len(parts) <= 19  # the index itself is one of the 20
    ((status, raw),) = query(tmp_path / "c.db", "SELECT status, stats FROM crawls")
    assert status == "finished"
    recorded = json.loads(raw)["outlets"]["huge"]["bounds"]
    assert recorded["max_sitemaps"] > 0 and recorded["max_articles"] > 0


def test_the_wall_clock_budget_ends_an_outlet_normally_and_says_so(site, tmp_path):
    site.slow_articles = 1.0
    result, _seconds = crawl(
        site,
        tmp_path,
        "slow",
        "--set",
        "CORPUS_OUTLET_BUDGET_S=4",
        "--set",
        "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        sitemaps=["/huge-index.xml"],
        timeout=90,
        hostile=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "bound hit: wall_clock_budget (" in result.stdout  # and it ended within crawl()'s timeout
    ((status, raw),) = query(tmp_path / "c.db", "SELECT status, stats FROM crawls")
    assert status == "finished"
    summary = json.loads(raw)["outlets"]["slow"]
    assert summary["bounds"]["wall_clock_budget"] == 1 and summary["not_fetched"] > 0
