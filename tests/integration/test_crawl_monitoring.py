"""Monitoring: a run whose article pages stop giving article text (a changed template) fails loudly,
naming the outlet and why, in one line; the crawls row says so too."""

from __future__ import annotations

import json
import re

import pytest
from test_crawl import crawl, rows

pytestmark = pytest.mark.slow

CHANGED_TEMPLATE = """<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>صدى اليوم</title></head>
<body><div id="app" data-hydrate="article"></div><script src="/static/app.js"></script></body></html>"""


def test_a_changed_article_template_fails_the_run_with_one_line_naming_outlet_and_reason(demo_server, tmp_path):
    demo_server.inject("sada", r"^/news/[a-z-]+/(?!8999-)\d+-[^/]+/$", body=CHANGED_TEMPLATE, times=None)
    db_path = tmp_path / "c.db"
    result = crawl(demo_server, db_path, sites=["sada"])
    assert result.returncode != 0
    n = len(demo_server.articles("sada"))
    message = [line for line in result.stderr.splitlines() if "yield" in line]  # (trafilatura logs a line per page)
    assert message == [
        f"Error: demo_sada: extraction yield collapsed: {n} of {n} article pages gave no article "
        f"text (no_article_text {n})"
    ], result.stderr[-3000:]
    assert result.stderr.strip().splitlines()[-1] == message[0]
    crawl_row = rows(db_path, "SELECT status, stats FROM crawls")[0]
    assert crawl_row["status"] == "yield_collapsed"
    stats = json.loads(crawl_row["stats"])
    assert stats["problems"] == [message[0].removeprefix("Error: ")]
    assert stats["outlets"]["demo_sada"]["extraction_failures"] == {"no_article_text": n}
    assert not rows(db_path, "SELECT id FROM documents")


def test_a_few_empty_pages_are_dropped_but_do_not_fail_the_run(demo_server, tmp_path):
    base = demo_server.base_urls["sada"]
    broken = demo_server.articles("sada")[:2]
    for article in broken:
        demo_server.inject("sada", re.escape(article.url[len(base) :]) + "$", body=CHANGED_TEMPLATE, times=None)
    result = crawl(demo_server, tmp_path / "c.db", "--json", sites=["sada"])
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads(result.stdout)["outlets"]["demo_sada"]
    assert stats["extraction_failures"] == {"no_article_text": 2}
    assert stats["dropped"]["no_article_text"] == 2 and stats["ok"]
