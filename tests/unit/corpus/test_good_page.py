"""corpus.good_page: the one "is this a good page?" predicate, its SQL form, and the page path using it."""

from __future__ import annotations

import itertools
import sqlite3

import pytest
from conftest import TESTS

from corpus.good_page import good_page_sql, has_good_page, is_good_page
from corpus.pages import Page, process_page
from corpus.store import open_db

GOLD = TESTS / "data" / "seeds" / "gold"
STATUSES = [None, 100, 199, 200, 201, 203, 204, 206, 299, 300, 301, 304, 404, 500]
ERRORS = [None, "download:TimeoutError", "binary", "empty"]


@pytest.mark.parametrize(
    ("status", "error", "good"),
    [
        (200, None, True),
        (203, None, True),
        (299, None, True),
        (204, None, False),  # No Content: nothing for the cleaners to read
        (199, None, False),
        (300, None, False),
        (304, None, False),
        (404, None, False),
        (500, None, False),
        (None, None, False),  # the download itself failed
        (200, "download:TimeoutError", False),
        (200, "binary", False),
        (200, "", True),  # an empty reason is no reason
    ],
)
def test_is_good_page(status, error, good):
    assert is_good_page(status, error) is good


def test_sql_form_agrees_with_the_python_form_and_is_never_null():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE pages (id TEXT PRIMARY KEY, status INTEGER, error TEXT)")
    cases = list(itertools.product(STATUSES, ERRORS))
    conn.executemany("INSERT INTO pages VALUES (?, ?, ?)", [(str(i), s, e) for i, (s, e) in enumerate(cases)])
    good = {row[0] for row in conn.execute(f"SELECT id FROM pages WHERE {good_page_sql()}")}
    not_good = {row[0] for row in conn.execute(f"SELECT id FROM pages WHERE NOT {good_page_sql()}")}
    expected = {str(i) for i, (s, e) in enumerate(cases) if is_good_page(s, e)}
    assert good == expected and expected  # some rows are good ...
    assert not_good == {str(i) for i in range(len(cases))} - expected  # ... and every other row is NOT good
    assert all(has_good_page(conn, str(i)) == (str(i) in expected) for i in range(len(cases)))


def test_sql_form_names_the_table():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE p (status INTEGER, error TEXT)")
    conn.execute("CREATE TABLE q (status INTEGER, error TEXT)")
    conn.execute("INSERT INTO p VALUES (200, NULL)")
    conn.execute("INSERT INTO q VALUES (404, NULL)")
    assert conn.execute(f"SELECT count(*) FROM p, q WHERE {good_page_sql('p')}").fetchone() == (1,)
    assert conn.execute(f"SELECT count(*) FROM p, q WHERE {good_page_sql('q')}").fetchone() == (0,)


def article() -> bytes:
    title, *paragraphs = (GOLD / "002_276ed4953a8c982a.txt").read_text(encoding="utf-8").split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    ).encode()


def page(status: int | None, body: bytes | None = None, error: str | None = None, at: str = "2024-01-01T00:00:00Z"):
    return Page(
        url="http://example.test/news/1",
        outlet="example",
        fetched_at=at,
        body=body,
        headers={"Content-Type": "text/html; charset=utf-8"},
        status=status,
        final_url="http://example.test/news/1",
        error=error,
    )


def test_the_page_path_cleans_only_good_pages_and_keeps_a_good_page_over_later_failures(tmp_path):
    db = open_db(tmp_path / "corpus.db")
    assert process_page(db, page(200, article())).outcome == "new"
    assert has_good_page(db, page(200).id)
    for failed in (page(204, b""), page(404, b"<html>gone</html>"), page(None, error="download:TimeoutError")):
        outcome = process_page(db, failed)
        assert outcome.outcome == "failed" and not outcome.reached_cleaner
        assert outcome.error == (failed.error or f"http_{failed.status}")
    stored = db["pages"].get(page(200).id)
    assert (stored["status"], stored["error"]) == (200, None)
    assert db["documents"].count == 1


def test_a_failure_is_stored_when_there_is_no_good_page(tmp_path):
    db = open_db(tmp_path / "corpus.db")
    process_page(db, page(204, b""))
    stored = db["pages"].get(page(204).id)
    assert (stored["status"], stored["error"]) == (204, "http_204") and not has_good_page(db, page(204).id)
    assert process_page(db, page(200, article(), at="2024-01-02T00:00:00Z")).outcome == "new"
    assert has_good_page(db, page(200).id)
