"""A line learned as an outlet's boilerplate leaves the documents stored before it was learned too: they
are queued (boilerplate_pending) when the line reaches its threshold, and the end of the run re-cleans
them from their stored source (corpus.reclean.reclean_pending)."""

import pytest
from conftest import TESTS

from corpus.curate import CurationSettings
from corpus.importer import import_text
from corpus.pages import Page, PageOptions, process_page
from corpus.reclean import pending_documents, reclean, reclean_pending
from corpus.store import open_db

GOLD = TESTS / "data" / "seeds" / "gold"
ARTICLES = [p.read_text(encoding="utf-8").split("\n\n") for p in sorted(GOLD.glob("*.txt"))]
SLOGAN = "الصدى .. صوت الحقيقة منذ عام ١٩٩٠"
SETTINGS = CurationSettings(boilerplate_min_pages=3)


def article_html(paragraphs: list[str], slogan: bool = True) -> bytes:
    title, *body = paragraphs
    ps = "".join(f"<p>{p}</p>" for p in body + ([SLOGAN] if slogan else []))
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{ps}</article></body></html>"
    ).encode()


def crawl_page(db, i: int, outlet: str = "sada", slogan: bool = True) -> str:
    """What the crawl pipeline does with one fetched page: the page path, raw page and curated document."""
    page = Page(
        url=f"https://{outlet}.test/news/{i}",
        outlet=outlet,
        fetched_at="2024-05-01T10:00:00+00:00",
        body=article_html(ARTICLES[i], slogan),
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    assert process_page(db, page, PageOptions(settings=SETTINGS)).status is not None
    return page.id


def holding(db, ids) -> list[bool]:
    return [SLOGAN in (db["documents"].get(i)["text"] or "") for i in ids]


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "corpus.db")


def test_the_pages_before_the_threshold_are_queued_when_it_is_reached(db):
    ids = [crawl_page(db, i) for i in range(2)]
    assert pending_documents(db) == []  # 2 pages: not learned yet, nothing to fix
    ids.append(crawl_page(db, 2))
    assert holding(db, ids) == [True, True, False]
    assert pending_documents(db) == [("sada", ids[0]), ("sada", ids[1])]
    ids.append(crawl_page(db, 3))  # past the threshold: stripped when curated, nobody new to queue
    assert pending_documents(db) == [("sada", ids[0]), ("sada", ids[1])]


def test_reclean_pending_strips_the_line_from_the_earlier_documents(db):
    ids = [crawl_page(db, i) for i in range(4)]
    untouched = [db["documents"].get(i) for i in ids[2:]]
    report = reclean_pending(db, SETTINGS, "sada", overrides={})
    assert (report.total, report.changed, report.failed) == (2, 2, [])
    assert holding(db, ids) == [False] * 4
    assert pending_documents(db) == []
    assert [db["documents"].get(i) for i in ids[2:]] == untouched  # stripped already: not re-cleaned
    for doc_id in ids[:2]:  # the audit trail names the removal, as for the later pages
        removed = [
            r["text"] for r in db["removals"].rows_where("document_id = ? AND rule = 'learned_boilerplate'", [doc_id])
        ]
        assert removed == [SLOGAN]
        text = db["documents"].get(doc_id)["text"]
        assert text == "\n\n".join(ARTICLES[ids.index(doc_id)]) and db["documents"].get(doc_id)["status"] == "ok"
    assert reclean_pending(db, SETTINGS, "sada", overrides={}).total == 0  # the queue is empty


def test_other_outlets_are_left_alone(db):
    manara = crawl_page(db, 4, outlet="manara")  # the same line once on another outlet: not learned there
    ids = [crawl_page(db, i) for i in range(3)]
    before = db["documents"].get(manara)
    reclean_pending(db, SETTINGS, "sada", overrides={})
    assert holding(db, ids + [manara]) == [False, False, False, True]
    assert db["documents"].get(manara) == before


def test_a_document_curated_again_leaves_the_queue(db):
    ids = [crawl_page(db, i) for i in range(3)]
    crawl_page(db, 0)  # fetched again: curated with the line active
    assert holding(db, ids) == [False, True, False]
    assert pending_documents(db) == [("sada", ids[1])]


def test_a_full_reclean_empties_the_queue(db):
    ids = [crawl_page(db, i) for i in range(3)]
    report = reclean(db, workers=1, settings=SETTINGS, overrides={})
    assert holding(db, ids) == [False] * 3 and pending_documents(db) == []
    assert report.changed == 2


def test_a_queued_document_without_its_source_leaves_the_queue(db):
    ids = [crawl_page(db, i) for i in range(3)]
    db.execute("UPDATE pages SET html = NULL WHERE id = ?", [ids[0]])
    db.conn.commit()
    report = reclean_pending(db, SETTINGS, overrides={})
    assert report.total == 1 and holding(db, ids) == [True, False, False]
    assert pending_documents(db) == []  # nothing to re-derive it from: not retried forever


def test_an_import_strips_the_line_from_its_first_files(db, tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i:03d}_{i:016x}.txt").write_text("\n\n".join(ARTICLES[i] + [SLOGAN]), encoding="utf-8")
    report = import_text(db, folder, "seeds", settings=SETTINGS)
    assert report.imported == 5 and report.boilerplate_recleaned == 2
    texts = [row["text"] for row in db["documents"].rows]
    assert len(texts) == 5 and not any(SLOGAN in text for text in texts)
