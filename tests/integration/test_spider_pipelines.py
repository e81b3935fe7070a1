"""The page path (corpus.pages) on real pages, the real cleaners, the real curation and a real corpus.db;
the crawl's PagePipeline is a thin wrapper over it (its stats: crawler.stats)."""

from __future__ import annotations

import urllib.request

import pytest

from cleaners import CLEANER_VERSION
from corpus.demo.registry import DEMO_REGISTRY_PATH
from corpus.ids import doc_id_for_url
from corpus.pages import Page, PageOptions, document_row_for, page_row, prepare_page, process_page, store_prepared
from corpus.registry import load_registry
from corpus.store import decompress_html, open_db, write_transaction
from crawler.pipelines import crawl_status
from crawler.stats import outlet_summary, run_summary


def fetched_page(server, site: str, index: int = 0, **changes) -> Page:
    """A Page as the spider hands it over, from a real demo article."""
    article = server.articles(site)[index]
    with urllib.request.urlopen(article.url, timeout=10) as answer:
        body, headers = answer.read(), dict(answer.headers)
    fields = dict(
        url=article.url,
        final_url=article.url,
        canonical_url=article.url,
        status=200,
        headers=headers,
        body=body,
        outlet=f"demo_{site}",
        fetched_at="2024-06-01T10:00:00+00:00",
        discovered_from="test",
    )
    fields.update(changes)
    return Page(**fields)


def options(site: str | None, **more) -> PageOptions:
    return PageOptions(
        cleaning=load_registry(DEMO_REGISTRY_PATH)[f"demo_{site}"].cleaning_options() if site else None, **more
    )


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "corpus.db")
    yield database
    database.close()


def counts(db) -> dict:
    return {name: db[name].count for name in ("documents", "pages", "removals")}


# ---------------------------------------------------------------------- decoding and cleaning (no database)


def test_prepare_makes_a_document_of_an_article(module_demo_server):
    prepared = prepare_page(fetched_page(module_demo_server, "sada"), options("sada"))
    assert prepared.cleaned.error is None and prepared.reached_cleaner
    assert prepared.cleaned.document.title == module_demo_server.articles("sada")[0].title
    assert prepared.cleaned.document.paragraphs and prepared.cleaned.measured.language["lang"] == "ar"


def test_prepare_reads_the_body_with_the_headers_the_server_sent(module_demo_server):
    page = fetched_page(module_demo_server, "qafila")  # windows-1256 bytes, the header says ISO-8859-1
    prepared = prepare_page(page, options(None))
    assert prepared.cleaned.document.title == module_demo_server.articles("qafila")[0].title
    assert (prepared.cleaned.encoding, prepared.cleaned.encoding_source) == ("windows-1256", "repaired")
    assert prepared.cleaned.encoding_fix == "header iso-8859-1 → windows-1256 (meta)"


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"status": 404}, "http_404"),
        ({"status": 503}, "http_503"),
        ({"status": None, "body": None, "error": "download:TimeoutError"}, "download:TimeoutError"),
        ({"error": "redirected_to_non_article"}, "redirected_to_non_article"),
    ],
)
def test_prepare_names_why_there_is_no_document(module_demo_server, changes, reason):
    prepared = prepare_page(fetched_page(module_demo_server, "sada", **changes), options(None))
    assert (prepared.cleaned.document, prepared.cleaned.error, prepared.reached_cleaner) == (None, reason, False)


def test_a_page_the_cleaners_reject_is_a_failure_with_their_reason(module_demo_server, db):
    prepared = prepare_page(fetched_page(module_demo_server, "sada", body=b""), options(None))
    assert prepared.cleaned.error and prepared.reached_cleaner
    outcome = store_prepared(db, prepared, options(None))
    assert outcome.outcome == "failed" and outcome.error == prepared.cleaned.error
    assert f"extraction_failures/{outcome.error}" in outcome.stat_keys()


def test_document_row_is_keyed_by_the_canonical_url(module_demo_server):
    page = fetched_page(module_demo_server, "manara", final_url="http://x/other")
    row = document_row_for(page, prepare_page(page, options("manara")).cleaned.document)
    assert row["id"] == doc_id_for_url(page.canonical_url)
    assert (row["url"], row["origin"], row["cleaner_version"], row["outlet"]) == (
        "http://x/other",
        "crawl",
        CLEANER_VERSION,
        "demo_manara",
    )


# ---------------------------------------------------------------------- storing


def test_store_is_idempotent_and_tells_new_unchanged_updated(db, module_demo_server):
    page = fetched_page(module_demo_server, "mawja")
    outcome = process_page(db, page, options("mawja", crawl_id=7))
    assert (outcome.outcome, outcome.status) == ("new", "ok")
    first = counts(db)
    assert first["documents"] == 1 and first["pages"] == 1 and first["removals"] > 0
    assert process_page(db, page, options("mawja", crawl_id=8)).outcome == "unchanged"
    assert counts(db) == first
    stored = db["pages"].get(page.id)
    assert stored["crawl_id"] == 8  # the page records the latest fetch
    assert (stored["encoding"], stored["encoding_source"]) == ("utf-8", "header")
    title = module_demo_server.articles("mawja")[0].title
    edited = page.body.replace(title.encode(), (title + " (محدث)").encode())
    assert edited != page.body
    assert process_page(db, Page(**{**page.__dict__, "body": edited}), options("mawja")).outcome == "updated"
    assert counts(db)["documents"] == 1 and counts(db)["pages"] == 1
    stored = db["pages"].get(page.id)
    assert decompress_html(stored["html"]) == edited and stored["discovered_from"] == "test"


def test_failures_are_stored_as_pages_without_documents(db, module_demo_server):
    page = fetched_page(module_demo_server, "sada", status=404, body=b"<html>not found</html>", error="http_404")
    assert process_page(db, page).outcome == "failed"
    assert counts(db)["documents"] == 0
    stored = db["pages"].get(doc_id_for_url(page.url))
    assert (stored["status"], stored["error"]) == (404, "http_404")


def test_a_failure_never_overwrites_a_good_page(db, module_demo_server):
    good = fetched_page(module_demo_server, "sada")
    process_page(db, good, options("sada"))
    bad = fetched_page(module_demo_server, "sada", status=500, body=b"oops", error="http_500")
    assert process_page(db, bad).outcome == "failed"
    stored = db["pages"].get(good.id)
    assert stored["status"] == 200 and stored["error"] is None and decompress_html(stored["html"]) == good.body


def test_page_curation_and_document_are_written_together_or_not_at_all(db, module_demo_server):
    page = fetched_page(
        module_demo_server, "manara", headers={"Content-Type": "text/html; charset=utf-8", "X-Broken": object()}
    )  # the pages write fails
    before = {t: db[t].count for t in db.table_names() if not t.startswith("documents_fts")}
    with pytest.raises(Exception):  # noqa: B017 - whichever error the broken header raises
        process_page(db, page, options("manara"))
    after = {t: db[t].count for t in db.table_names() if not t.startswith("documents_fts")}
    assert after == before  # curation's writes (MinHash, boilerplate counts) went down with it
    assert not db.conn.in_transaction


def test_page_row_has_every_pages_column(module_demo_server, db):
    page = fetched_page(module_demo_server, "sada")
    row = page_row(page, prepare_page(page, options(None)).cleaned, crawl_id=3)
    columns = set(db["pages"].columns_dict) - {"html"}
    assert columns <= set(row) | {"html"} and "body" in row


def test_a_page_inside_a_callers_transaction_is_a_savepoint(db, module_demo_server):
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            process_page(db, fetched_page(module_demo_server, "sada"), options("sada"))
            raise RuntimeError("the caller's batch fails")
    assert counts(db) == {"documents": 0, "pages": 0, "removals": 0}


# ---------------------------------------------------------------------- stats


def test_outlet_summary_from_scrapy_stats():
    stats = {
        "downloader/request_count": 30,
        "downloader/response_status_count/200": 25,
        "downloader/response_status_count/404": 5,
        "corpus/articles_found": 14,
        "corpus/articles/new": 12,
        "corpus/articles/failed": 1,
        "corpus/failures/http_404": 1,
        "corpus/encoding_fixes": 3,
        "corpus/articles_skipped/robots": 2,
        "corpus/sitemaps": 1,
        "finish_reason": "finished",
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
