"""The page path in real crawls of a real local server (the real spider, `corpus crawl` in a subprocess).

Regression (issue 12): a page whose charset is declared only in the HTTP header (ISO-8859-6) is crawled,
re-cleaned, and its text stays what the crawl stored. Also: the crawl with a process pool stores the same,
and a page that cannot be stored fails the run with its reason."""

from __future__ import annotations

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import TESTS, fast_crawl_args, run_corpus

from cleaners.decode import arabic_ratio, mojibake_signature
from corpus.store import open_db

GOLD = TESTS / "data" / "seeds" / "gold"
TITLE, *PARAGRAPHS = (GOLD / "001_260b10cfabfba221.txt").read_text(encoding="utf-8").split("\n\n")


def article_page() -> bytes:
    """No <meta charset>: only the header says how to read it."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>{body}</article></body></html>"
    ).encode("iso-8859-6")


def other_page() -> bytes:
    title, *paragraphs = (GOLD / "002_276ed4953a8c982a.txt").read_text(encoding="utf-8").split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    ).encode()


class HeaderOnlySite:
    def __init__(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                answers = {
                    "/robots.txt": ("text/plain", b"User-agent: *\n"),
                    "/sitemap.xml": ("application/xml", site.sitemap()),
                    "/news/1": ("text/html; charset=ISO-8859-6", article_page()),
                    "/news/2": ("text/html; charset=utf-8", other_page()),
                }
                if self.path not in answers:
                    self.send_error(404)
                    return
                content_type, body = answers[self.path]
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def sitemap(self) -> bytes:
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{self.base}/news/1</loc></url><url><loc>{self.base}/news/2</loc></url>"
            "</urlset>"
        ).encode()

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    with HeaderOnlySite() as server:
        yield server


def stored(db_path, url_end: str = "/news/1") -> tuple[str, str, str]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT d.text, d.status, p.encoding FROM documents d JOIN pages p ON p.id = d.id WHERE p.url LIKE ?",
            ["%" + url_end],
        ).fetchone()


def crawl(site, tmp_path, *extra):
    registry = tmp_path / "outlets.toml"
    registry.write_text(
        f'[header_only]\ndisplay_name = "ترويسة"\ndomains = ["127.0.0.1"]\n'
        f'sitemaps = ["{site.base}/sitemap.xml"]\narticle_pattern = "^/news/"\n',
        encoding="utf-8",
    )
    return run_corpus(
        "crawl",
        "header_only",
        "--registry",
        registry,
        "--db",
        tmp_path / "c.db",
        *fast_crawl_args(),
        *extra,
        cwd=tmp_path,
    )


def test_reclean_reads_a_header_only_charset_as_the_crawl_did(site, tmp_path):
    db = tmp_path / "c.db"
    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    text, status, encoding = stored(db)
    assert encoding == "iso-8859-6" and status == "ok"
    assert PARAGRAPHS[0] in text and arabic_ratio(text) > 0.9

    reclean = run_corpus("reclean", "--workers", "2", "--db", db, cwd=tmp_path)
    assert reclean.returncode == 0, reclean.stderr[-2000:]
    assert "0 text(s) changed" in reclean.stdout
    after, status_after, _ = stored(db)
    assert after == text and status_after == "ok"
    assert mojibake_signature(after) is None and arabic_ratio(after) > 0.9


def test_a_crawl_with_a_process_pool_stores_what_one_process_does(site, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    assert crawl(site, one, "--set", "CORPUS_WORKERS=1").returncode == 0
    result = crawl(site, two, "--set", "CORPUS_WORKERS=2")
    assert result.returncode == 0, result.stderr[-2000:]
    for end in ("/news/1", "/news/2"):
        assert stored(two / "c.db", end) == stored(one / "c.db", end)
        assert stored(two / "c.db", end)[1] == "ok"


def test_a_page_that_cannot_be_stored_fails_the_run_with_its_reason(site, tmp_path):
    db = open_db(tmp_path / "c.db")
    db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON pages WHEN NEW.url LIKE '%/news/2' "
        "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
    )
    db.close()
    result = crawl(site, tmp_path)
    assert result.returncode == 1
    assert "1 page(s) could not be stored (IntegrityError 1)" in result.stdout + result.stderr
    assert stored(tmp_path / "c.db", "/news/1")[1] == "ok"  # the other page is stored
    assert stored(tmp_path / "c.db", "/news/2") is None  # nothing half-written of the refused one
    with sqlite3.connect(tmp_path / "c.db") as conn:
        assert conn.execute("SELECT count(*) FROM minhashes").fetchone()[0] == 1
