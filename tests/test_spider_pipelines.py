"""The pipelines' library functions on real pages, the real cleaners, the real curation and a real corpus.db."""
from __future__ import annotations

import urllib.request

import pytest

from cleaners import CLEANER_VERSION
from corpus.ids import doc_id_for_url
from corpus.store import decompress_html, open_db
from crawler.items import PageItem
from crawler.pipelines import (
    SharedDatabase, clean_page, crawl_status, curate_row, document_row_for, load_curate, page_row, store_page,
)
from crawler.registry import load_registry
from crawler.stats import outlet_summary, run_summary


def fetched_item(server, site: str, index: int = 0, **changes) -> PageItem:
    """A PageItem as the spider makes it, from a real demo article."""
    article = server.articles(site)[index]
    with urllib.request.urlopen(article.url, timeout=10) as answer:
        body, headers = answer.read(), dict(answer.headers)
    encoding = server.outlets[site].site.encoding
    item = PageItem(url=article.url, final_url=article.url, canonical_url=article.url, status=200, headers=headers,
                    body=body, encoding=encoding, encoding_fix=None, outlet=f"demo_{site}",
                    fetched_at="2024-06-01T10:00:00+00:00", discovered_from="test", lastmod=None, error=None)
    item.update(changes)
    return item


def cleaned(item, site: str):
    document, error = clean_page(item, load_registry()[f"demo_{site}"].cleaning_options())
    assert error is None
    item["document"] = document
    item["row"] = document_row_for(item, document)
    return item


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "corpus.db")
    yield database
    database.close()


def counts(db) -> dict:
    return {name: db[name].count for name in ("documents", "pages", "removals")}


# ---------------------------------------------------------------------- cleaning


def test_clean_page_makes_a_document_of_an_article(module_demo_server):
    item = fetched_item(module_demo_server, "sada")
    document, error = clean_page(item, {"name": "demo_sada", "display_name": "صدى اليوم"})
    assert error is None and document.title == module_demo_server.articles("sada")[0].title
    assert document.paragraphs


def test_clean_page_reads_the_body_with_the_items_encoding(module_demo_server):
    item = fetched_item(module_demo_server, "qafila")
    assert item["encoding"] == "windows-1256"
    document, _ = clean_page(item, None)
    assert document.title == module_demo_server.articles("qafila")[0].title


@pytest.mark.parametrize("changes, reason", [
    ({"status": 404}, "http_404"),
    ({"status": 503}, "http_503"),
    ({"status": None, "body": None, "error": "download:TimeoutError"}, "download:TimeoutError"),
    ({"error": "redirected_to_non_article"}, "redirected_to_non_article"),
])
def test_clean_page_names_why_there_is_no_document(module_demo_server, changes, reason):
    assert clean_page(fetched_item(module_demo_server, "sada", **changes), None) == (None, reason)


def test_a_page_the_cleaners_reject_is_a_failure_with_their_reason(module_demo_server):
    document, reason = clean_page(fetched_item(module_demo_server, "sada", body=b""), None)
    assert document is None and reason


def test_document_row_is_keyed_by_the_canonical_url(module_demo_server):
    item = cleaned(fetched_item(module_demo_server, "manara", final_url="http://x/other"), "manara")
    row = item["row"]
    assert row["id"] == doc_id_for_url(item["canonical_url"])
    assert (row["url"], row["origin"], row["cleaner_version"], row["outlet"]) == (
        "http://x/other", "crawl", CLEANER_VERSION, "demo_manara")


# ---------------------------------------------------------------------- storing


def test_store_is_idempotent_and_tells_new_unchanged_updated(db, module_demo_server):
    item = cleaned(fetched_item(module_demo_server, "mawja"), "mawja")
    assert store_page(db, item, crawl_id=7) == "new"
    first = counts(db)
    assert first["documents"] == 1 and first["pages"] == 1 and first["removals"] == len(item["document"].removed)
    assert store_page(db, item, crawl_id=8) == "unchanged"
    assert counts(db) == first
    assert db["pages"].get(item["row"]["id"])["crawl_id"] == 8  # the page records the latest fetch
    item["row"] = dict(item["row"], text=item["row"]["text"] + "\n\nفقرة أضيفت بعد النشر.")
    assert store_page(db, item) == "updated"
    assert counts(db) == first
    page = db["pages"].get(item["row"]["id"])
    assert decompress_html(page["html"]) == item["body"] and page["discovered_from"] == "test"


def test_failures_are_stored_as_pages_without_documents(db, module_demo_server):
    item = fetched_item(module_demo_server, "sada", status=404, body=b"<html>not found</html>")
    item["error"] = "http_404"
    assert store_page(db, item) == "failed"
    assert counts(db)["documents"] == 0
    page = db["pages"].get(doc_id_for_url(item["url"]))
    assert (page["status"], page["error"]) == (404, "http_404")


def test_a_failure_never_overwrites_a_good_page(db, module_demo_server):
    good = cleaned(fetched_item(module_demo_server, "sada"), "sada")
    store_page(db, good)
    bad = fetched_item(module_demo_server, "sada", status=500, body=b"oops", error="http_500")
    assert store_page(db, bad) == "failed"
    page = db["pages"].get(good["row"]["id"])
    assert page["status"] == 200 and page["error"] is None and decompress_html(page["html"]) == good["body"]


def test_page_and_document_are_written_together_or_not_at_all(db, module_demo_server):
    item = cleaned(fetched_item(module_demo_server, "manara"), "manara")
    item["row"] = dict(item["row"], broken=object())  # sqlite cannot store this: the document write fails
    with pytest.raises(Exception):
        store_page(db, item)
    assert counts(db) == {"documents": 0, "pages": 0, "removals": 0}
    assert not db.conn.in_transaction


def test_page_row_has_every_pages_column(module_demo_server, db):
    row = page_row(fetched_item(module_demo_server, "sada"), crawl_id=3)
    columns = set(db["pages"].columns_dict) - {"html"}
    assert columns <= set(row) | {"html"} and "body" in row


# ---------------------------------------------------------------------- curation in the same transaction


def test_curation_and_store_share_one_transaction(tmp_path, module_demo_server):
    curate = load_curate()
    assert curate is not None
    shared = SharedDatabase(str(tmp_path / "corpus.db"))
    item = cleaned(fetched_item(module_demo_server, "sada", 1), "sada")
    shared.begin_document()
    item["row"], item["removals"] = curate_row(curate, shared.db, item["row"], item["document"])
    assert item["row"]["status"] == "ok" and item["row"]["lang"] == "ar"
    assert store_page(shared.db, item) == "new"
    assert not shared.db.conn.in_transaction
    stored = shared.db["documents"].get(item["row"]["id"])
    assert stored["status"] == "ok" and stored["text_hash"]

    # A store failure takes curation's writes down with it.
    other = cleaned(fetched_item(module_demo_server, "sada", 2), "sada")
    before = {t: shared.db[t].count for t in shared.db.table_names() if not t.startswith("documents_fts")}
    shared.begin_document()
    other["row"], other["removals"] = curate_row(curate, shared.db, other["row"], other["document"])
    other["row"]["broken"] = object()
    with pytest.raises(Exception):
        store_page(shared.db, other)
    after = {t: shared.db[t].count for t in shared.db.table_names() if not t.startswith("documents_fts")}
    assert after == before
    shared.close()


def test_begin_document_rolls_back_a_transaction_left_open(tmp_path):
    shared = SharedDatabase(str(tmp_path / "corpus.db"))
    shared.begin_document()
    shared.db.execute("INSERT INTO crawls (started_at, status) VALUES ('x', 'running')")
    shared.begin_document()
    assert shared.db["crawls"].count == 0
    shared.close()


# ---------------------------------------------------------------------- stats


def test_outlet_summary_from_scrapy_stats():
    stats = {
        "downloader/request_count": 30, "downloader/response_status_count/200": 25,
        "downloader/response_status_count/404": 5, "corpus/articles_found": 14, "corpus/articles/new": 12,
        "corpus/articles/failed": 1, "corpus/failures/http_404": 1, "corpus/encoding_fixes": 3,
        "corpus/articles_skipped/robots": 2, "corpus/sitemaps": 1, "finish_reason": "finished",
        "elapsed_time_seconds": 2.5,
    }
    summary = outlet_summary("demo_sada", stats)
    assert summary["ok"] and summary["requests"] == 30 and summary["responses"] == {"200": 25, "404": 5}
    assert summary["articles"] == {"found": 14, "new": 12, "updated": 0, "unchanged": 0, "failed": 1, "duplicate": 0}
    assert summary["failures"] == {"http_404": 1} and summary["skipped"] == {"robots": 2}
    assert summary["encoding_fixes"] == 3 and summary["discovery"]["sitemaps"] == 1
    unreachable = outlet_summary("x", {"finish_reason": "finished", "corpus/discovery_errors": 3})
    assert not unreachable["ok"]
    run = run_summary({"a": summary, "b": unreachable})
    assert not run["ok"] and run["totals"]["articles"]["new"] == 12 and run["totals"]["requests"] == 30
    assert crawl_status("finished") == "finished" and crawl_status("shutdown") == "interrupted"
