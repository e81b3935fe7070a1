"""`corpus import-warc` on archives written by hand (bytes) and by warcio: every record kind, chunked and
gzip payloads, Common Crawl's decoded payloads, a windows-1256 page declared only in its HTTP header,
redirects and errors, a truncated last record, a corrupt record mid-file; re-imports add nothing."""

from __future__ import annotations

import hashlib
import os
import pty
import subprocess
import sys

import pytest
import sqlite_utils
from conftest import REPO_ROOT, run_corpus, subprocess_env
from warc_archives import EXPECTED_KINDS, HOST, REGISTRY_TOML, STORIES, article_html, hand_archive, warcio_archive

from corpus.ids import doc_id_for_url
from corpus.store import decompress_html
from corpus.warc_import import import_warc
from corpus.warc_read import WarcInputError

ARTICLES = [f"{HOST}/a/{n}" for n in (1, 2, 3, 4)]


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "outlets.toml"
    path.write_text(REGISTRY_TOML, encoding="utf-8")
    return path


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def snapshot(db_path) -> str:
    """A digest of every row of documents, pages, removals and crawls: equal means nothing changed."""
    db = sqlite_utils.Database(db_path)
    digest = hashlib.sha256()
    for table in ("documents", "pages", "removals", "crawls"):
        for row in db.query(f"SELECT * FROM {table} ORDER BY rowid"):
            digest.update(repr(sorted(row.items())).encode())
    return digest.hexdigest()


def document(db_path, url):
    return sqlite_utils.Database(db_path)["documents"].get(doc_id_for_url(url))


@pytest.mark.parametrize("maker", ["hand_gz", "hand_plain", "warcio"])
def test_every_record_kind_is_read_and_counted(tmp_path, registry, maker):
    data = {"hand_gz": lambda: hand_archive(True), "hand_plain": lambda: hand_archive(False), "warcio": warcio_archive}[
        maker
    ]()
    archive = write(tmp_path, "test.warc.gz" if maker != "hand_plain" else "test.warc", data)
    db_path = tmp_path / "corpus.db"
    problems = []
    report = import_warc([archive], db_path, registry=registry, on_problem=problems.append)

    assert {k: v for k, v in report.records.items()} == EXPECTED_KINDS | {"response": 12}  # + the truncated one
    assert report.outcomes["new"] == 4  # chunked, gzip, X-Crawler-Content-Encoding, windows-1256
    assert report.outcomes["failed"] == 3 and report.failures == {"http_404": 1, "http_301": 1, "http_503": 1}
    assert report.outcomes["skipped:not_html"] == 2  # the image and the JSON
    assert report.outcomes["skipped:no_outlet"] == 1 and report.outcomes["skipped:not_article"] == 1
    assert len(problems) == 1 and problems[0].startswith(f"{archive}: offset ")
    assert "truncated" in problems[0] and f"{HOST}/a/9" in problems[0]

    for n, url in zip((1, 2, 3, 4), ARTICLES):
        doc = document(db_path, url)
        title, paragraph = STORIES[n]
        assert doc["title"] == title, url
        assert paragraph in doc["text"], url  # decoded right: gzip undone, cp1256 read as cp1256
        assert doc["fetched_at"] == "2024-03-05T06:07:08+00:00"
        assert doc["outlet"] == "testnews" and doc["status"] == "ok"
    db = sqlite_utils.Database(db_path)
    page4 = db["pages"].get(doc_id_for_url(ARTICLES[3]))
    assert page4["encoding"] == "cp1256" or page4["encoding"] == "windows-1256"
    assert decompress_html(page4["html"]) == article_html(4, charset_meta=False).encode("windows-1256")
    page2 = db["pages"].get(doc_id_for_url(ARTICLES[1]))
    assert decompress_html(page2["html"]) == article_html(2).encode("utf-8")  # stored decoded, as a crawl does
    assert page2["warc_file"] == str(archive) and page2["warc_record_id"].startswith("<urn:uuid:")
    failed = db["pages"].get(doc_id_for_url(f"{HOST}/a/5"))
    assert failed["status"] == 404 and failed["error"] == "http_404"
    assert db["pages"].get(doc_id_for_url(f"{HOST}/a/7"))["error"] == "http_503"
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 4


def test_provenance_points_at_the_record(tmp_path, registry):
    from warcio.archiveiterator import ArchiveIterator

    archive = write(tmp_path, "w.warc.gz", warcio_archive())
    db_path = tmp_path / "corpus.db"
    import_warc([archive], db_path, registry=registry)
    for page in sqlite_utils.Database(db_path).query("SELECT * FROM pages WHERE warc_file IS NOT NULL"):
        with open(page["warc_file"], "rb") as fh:
            fh.seek(page["warc_offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Record-ID") == page["warc_record_id"]
            assert record.rec_headers.get_header("WARC-Target-URI") == page["url"]


def test_reimport_adds_nothing_and_changes_nothing(tmp_path, registry):
    archive = write(tmp_path, "h.warc.gz", hand_archive(True))
    db_path = tmp_path / "corpus.db"
    first = import_warc([archive], db_path, registry=registry)
    assert first.crawl_id is not None
    before = snapshot(db_path)
    again = import_warc([archive], db_path, registry=registry)
    assert snapshot(db_path) == before
    assert again.crawl_id is None  # nothing stored: no run recorded either
    assert not any(again.outcomes[k] for k in ("new", "updated", "unchanged", "failed"))
    assert again.outcomes["skipped:already_imported"] == 7  # 4 articles, 404, 301, 503

    # the same pages in another archive (other record ids): recognised by canonical URL
    other = write(tmp_path, "other.warc", hand_archive(False))
    third = import_warc([other], db_path, registry=registry)
    assert snapshot(db_path) == before
    assert third.outcomes["skipped:already_stored"] == 7


def test_outlet_option_takes_every_html_response(tmp_path):
    archive = write(tmp_path, "h.warc.gz", hand_archive(True))
    db_path = tmp_path / "corpus.db"
    report = import_warc([archive], db_path, outlet="archive")
    assert report.outcomes["skipped:not_html"] == 2
    assert "skipped:no_outlet" not in report.outcomes
    outlets = {r["outlet"] for r in sqlite_utils.Database(db_path).query("SELECT outlet FROM documents")}
    assert outlets == {"archive"}
    assert document(db_path, "https://elsewhere.example/a/8") is not None  # any host


def test_corrupt_record_mid_file_is_reported_and_the_rest_read(tmp_path, registry):
    data = bytearray(hand_archive(True, truncated=False))
    start = data.find(b"\x1f\x8b\x08", 600)  # a gzip member a few records in
    data[start + 20 : start + 60] = b"\x00" * 40  # its deflate stream garbled
    archive = write(tmp_path, "bad.warc.gz", bytes(data))
    problems = []
    report = import_warc([archive], tmp_path / "corpus.db", registry=registry, on_problem=problems.append)
    assert len(problems) >= 1 and all(p.startswith(f"{archive}: offset ") for p in problems)
    assert str(start) in problems[0]
    assert report.records["resource"] == 1  # the last record was still read
    assert report.outcomes["new"] >= 3


def test_cli_directory_stdin_summary_and_exit_codes(tmp_path, registry):
    folder = tmp_path / "archives"
    folder.mkdir()
    write(folder, "a.warc.gz", hand_archive(True))
    write(folder, "notes.txt", b"not an archive")  # not a .warc/.warc.gz name: not read
    db_path = tmp_path / "corpus.db"
    result = run_corpus("import-warc", folder, "--registry", registry, "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "17 records (response 12, " in result.stdout
    assert "responses: 4 new, 0 updated, 0 unchanged, 3 failed" in result.stdout
    assert "skipped: not_html 2" in result.stdout
    assert f"{folder / 'a.warc.gz'}: offset " in result.stderr and "truncated" in result.stderr
    assert "importing" not in result.stderr  # no progress bar when stderr is not a terminal

    piped = subprocess.run(
        [
            sys.executable,
            "-m",
            "corpus",
            "import-warc",
            "-",
            "--registry",
            str(registry),
            "--db",
            str(tmp_path / "stdin.db"),
        ],
        input=warcio_archive(truncated=False),
        capture_output=True,
        cwd=REPO_ROOT,
        env=subprocess_env(),
        timeout=120,
    )
    assert piped.returncode == 0, piped.stderr
    assert b"responses: 4 new" in piped.stdout

    junk = write(tmp_path, "junk.warc", b"this is not a web archive\n" * 10)
    bad = run_corpus("import-warc", junk, "--db", tmp_path / "junk.db")
    assert bad.returncode != 0
    assert f"{junk}: offset 0: " in bad.stderr and "nothing could be read" in bad.stderr
    missing = run_corpus("import-warc", tmp_path / "nope.warc.gz", "--db", tmp_path / "junk.db")
    assert missing.returncode != 0 and "nope.warc.gz: no such file or directory" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_progress_bar_on_a_terminal(tmp_path, registry):
    archive = write(tmp_path, "a.warc.gz", hand_archive(True, truncated=False))
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "corpus",
            "import-warc",
            str(archive),
            "--registry",
            str(registry),
            "--db",
            str(tmp_path / "corpus.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=REPO_ROOT,
        env=subprocess_env(),
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    assert b"importing" in output and b"records" in output and b"bytes" in output


def test_missing_path_is_one_clear_error(tmp_path):
    with pytest.raises(WarcInputError, match="nope: no such file or directory"):
        import_warc([tmp_path / "nope"], tmp_path / "corpus.db")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(WarcInputError, match="no .warc or .warc.gz files"):
        import_warc([empty], tmp_path / "corpus.db")
