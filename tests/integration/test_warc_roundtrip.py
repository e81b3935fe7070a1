"""Crawl → WARC → import: `corpus crawl --warc` archives exactly what was fetched (gzip and chunked bodies
included, with digests, rotating files), and importing that archive into a second database gives the
same documents. Real crawls over real local HTTP servers."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.server
import threading

import pytest
import sqlite_utils
from conftest import fast_crawl_args, run_corpus
from warc_archives import article_html

from corpus.ids import doc_id_for_url
from corpus.store import decompress_html

pytestmark = pytest.mark.slow

SITES = ["sada", "manara", "qafila", "mawja"]
DOCUMENT_COLUMNS = (
    "id",
    "outlet",
    "url",
    "canonical_url",
    "title",
    "text",
    "published",
    "author",
    "section",
    "tags",
    "source_credit",
    "word_count",
    "lang",
)
# Which of two near-duplicates is the original depends on which was stored first, and a concurrent crawl
# stores in the order its responses finished, not the archive's: compared as clusters, not as statuses.
CLUSTER_COLUMNS = ("id", "status", "cluster_id")


def base_url_args(server) -> list[str]:
    return [arg for site in SITES for arg in ("--base-url", f"demo_{site}={server.base_urls[site]}")]


def warc_records(folder):
    """[(file, record, raw payload bytes, http headers)] of every record in the folder's .warc.gz files."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                payload = record.raw_stream.read()  # after the HTTP head, before any content decoding
                out.append((path, record.rec_headers, payload, record.http_headers))
    return out


def sha1_digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def documents(db_path) -> dict[str, tuple]:
    db = sqlite_utils.Database(db_path)
    return {
        row["id"]: tuple(row[c] for c in DOCUMENT_COLUMNS)
        for row in db.query(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents")
    }


def clusters(db_path) -> set[frozenset]:
    """The partition of documents into duplicate clusters (each document alone if it has none), and how
    many of each cluster are not duplicates (always one original per cluster)."""
    db = sqlite_utils.Database(db_path)
    groups: dict[str, set] = {}
    originals: dict[str, int] = {}
    for row in db.query(f"SELECT {', '.join(CLUSTER_COLUMNS)} FROM documents"):
        key = row["cluster_id"] or row["id"]
        groups.setdefault(key, set()).add(row["id"])
        originals[key] = originals.get(key, 0) + (row["status"] != "duplicate")
    assert all(count == 1 for count in originals.values()), originals
    return {frozenset(ids) for ids in groups.values()}


@pytest.fixture(scope="module")
def archived_crawl(module_demo_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("warc_roundtrip")
    archive = root / "archive"
    result = run_corpus(
        "crawl",
        *[f"demo_{s}" for s in SITES],
        "--db",
        root / "crawled.db",
        *base_url_args(module_demo_server),
        *fast_crawl_args(),
        "--warc",
        archive,
        "--set",
        "CORPUS_WARC_MAX_SIZE=40000",
        cwd=root,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return root, archive


def test_archive_holds_every_response_with_its_request_and_digests(archived_crawl, module_demo_server):
    root, archive = archived_crawl
    files = sorted(archive.glob("*.warc.gz"))
    assert len(files) > len(SITES)  # 40 kB per file: every outlet's archive rotated at least once
    records = warc_records(archive)
    by_type = {}
    for path, headers, payload, http_headers in records:
        by_type.setdefault(headers.get_header("WARC-Type"), []).append((path, headers, payload, http_headers))
    assert len(by_type["warcinfo"]) == len(files)
    served = [r for r in module_demo_server.requests]
    assert len(by_type["response"]) == len(by_type["request"]) == len(served)
    responses = {h.get_header("WARC-Record-ID"): h for _, h, _, _ in by_type["response"]}
    for _, headers, _, request in by_type["request"]:
        assert headers.get_header("WARC-Concurrent-To") in responses
        assert f"{request.protocol} {request.statusline}".startswith(
            "GET /"
        )  # warcio splits the request line at its first space
    for _, headers, payload, _ in by_type["response"]:
        assert headers.get_header("WARC-Payload-Digest") == sha1_digest(payload)
        assert headers.get_header("WARC-Block-Digest", "").startswith("sha1:")
    statuses = sorted(int(http.get_statuscode()) for _, _, _, http in by_type["response"])
    assert statuses == sorted(r.status for r in served)

    # exactly the fetched bytes: every stored article page's body is its archived payload
    crawled = sqlite_utils.Database(root / "crawled.db")
    payloads = {h.get_header("WARC-Target-URI"): p for _, h, p, _ in by_type["response"]}
    pages = list(crawled.query("SELECT final_url, html FROM pages WHERE status = 200 AND error IS NULL"))
    assert len(pages) >= 40
    for page in pages:
        assert payloads[page["final_url"]] == decompress_html(page["html"]), page["final_url"]


def test_reimported_crawl_gives_the_same_documents(archived_crawl, module_demo_server):
    root, archive = archived_crawl
    imported = root / "imported.db"
    result = run_corpus("import-warc", archive, "--db", imported, *base_url_args(module_demo_server), cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "49 new" in result.stdout
    crawled_docs, imported_docs = documents(root / "crawled.db"), documents(imported)
    assert len(crawled_docs) == 49
    assert imported_docs == crawled_docs
    assert clusters(imported) == clusters(root / "crawled.db")

    # provenance: each imported page names its archive file, record and offset
    db = sqlite_utils.Database(imported)
    missing = db.execute(
        "SELECT count(*) FROM pages WHERE warc_file IS NULL OR warc_record_id IS NULL OR warc_offset IS NULL"
    ).fetchone()[0]
    assert missing == 0

    before = (
        db.execute("SELECT count(*) FROM pages").fetchone()[0],
        db.execute("SELECT count(*) FROM crawls").fetchone()[0],
    )
    again = run_corpus("import-warc", archive, "--db", imported, *base_url_args(module_demo_server), cwd=root)
    assert again.returncode == 0 and "responses: 0 new, 0 updated, 0 unchanged, 0 failed" in again.stdout
    db = sqlite_utils.Database(imported)
    after = (
        db.execute("SELECT count(*) FROM pages").fetchone()[0],
        db.execute("SELECT count(*) FROM crawls").fetchone()[0],
    )
    assert after == before and documents(imported) == imported_docs

    # and into the database the crawl filled: nothing new either
    into_crawled = run_corpus(
        "import-warc", archive, "--db", root / "crawled.db", *base_url_args(module_demo_server), cwd=root
    )
    assert "responses: 0 new, 0 updated, 0 unchanged, 0 failed" in into_crawled.stdout
    assert documents(root / "crawled.db") == crawled_docs


# ---------------------------------------------------------------------- gzip + chunked off the wire


class GzipChunkedHandler(http.server.BaseHTTPRequestHandler):
    """Serves /a/1 gzip-compressed in chunked transfer encoding; everything else 404."""

    protocol_version = "HTTP/1.1"
    body = gzip.compress(article_html(1).encode("utf-8"), mtime=0)

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path != "/a/1":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i in range(0, len(self.body), 500):
            piece = self.body[i : i + 500]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def gzip_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GzipChunkedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_gzip_chunked_response_archived_as_fetched(tmp_path, gzip_server):
    registry = tmp_path / "outlets.toml"
    registry.write_text(
        f"""
[local]
display_name = "أخبار التجربة"
domains = ["{gzip_server}"]
sections = ["http://{gzip_server}/"]
article_pattern = '^/a/\\d+$'
""",
        encoding="utf-8",
    )
    url = f"http://{gzip_server}/a/1"
    archive = tmp_path / "archive"
    crawled = run_corpus(
        "crawl",
        "local",
        "--registry",
        registry,
        "--url",
        url,
        "--db",
        tmp_path / "crawled.db",
        *fast_crawl_args(),
        "--warc",
        archive,
        cwd=tmp_path,
    )
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    ((_, headers, payload, http),) = [
        r
        for r in warc_records(archive)
        if r[1].get_header("WARC-Type") == "response" and r[1].get_header("WARC-Target-URI") == url
    ]
    assert payload == GzipChunkedHandler.body  # the gzip bytes off the wire, de-chunked
    assert http.get_header("Content-Encoding") == "gzip"
    assert http.get_header("Transfer-Encoding") is None  # the body is de-chunked: no reader may de-chunk it again
    assert headers.get_header("WARC-Payload-Digest") == sha1_digest(payload)

    imported = run_corpus(
        "import-warc", archive, "--registry", registry, "--db", tmp_path / "imported.db", cwd=tmp_path
    )
    assert imported.returncode == 0 and "1 new" in imported.stdout, imported.stdout + imported.stderr
    assert documents(tmp_path / "imported.db") == documents(tmp_path / "crawled.db")
    doc = sqlite_utils.Database(tmp_path / "imported.db")["documents"].get(doc_id_for_url(url))
    assert doc["status"] == "ok" and doc["title"].startswith("وزراء الزراعة")
