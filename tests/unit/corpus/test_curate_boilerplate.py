"""Outlet boilerplate learned from the corpus, and the audit trail it leaves."""

from datetime import UTC, datetime

import pytest
import sqlite_utils
from conftest import TESTS

from cleaners.document import Document, Removal
from corpus.curate import CurationSettings, curate
from corpus.store import document_row, open_db, save_document

GOLD = TESTS / "data" / "seeds" / "gold"
ARTICLES = [p.read_text(encoding="utf-8").split("\n\n") for p in sorted(GOLD.glob("*.txt"))]
FOOTER = "حمّل تطبيق الصدى على هاتفك الآن"
SLOGAN = "الصدى .. صوت الحقيقة"
SETTINGS = CurationSettings(boilerplate_min_pages=3, min_words=5)


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "corpus.db")


def page(i: int, extra=(FOOTER, SLOGAN), title=None) -> Document:
    """Page i of an outlet: a distinct short article plus the outlet's recurring lines."""
    article = ARTICLES[i % len(ARTICLES)]
    body = [f"{article[1 + i // len(ARTICLES)]}"] + [f"الفقرة رقم {i} من الخبر تحمل تفاصيل إضافية عن الموضوع نفسه."]
    return Document(
        title=title or f"{article[0]} ({i})",
        paragraphs=body + list(extra),
        removed=[Removal("marker:read_also", "إقرأ أيضاً")],
    )


def store(db, document, doc_id, outlet="sada", settings=SETTINGS):
    row, learned = curate(db, document_row(document, id=doc_id, outlet=outlet), document, settings)
    save_document(db, row, list(document.removed) + learned)
    return row, learned


def doc_id(i: int) -> str:
    return f"{i:016x}"


def test_a_line_is_removed_once_it_reaches_the_threshold(db):
    results = [store(db, page(i), doc_id(i)) for i in range(4)]
    assert [len(learned) for _, learned in results] == [0, 0, 2, 2]
    row, learned = results[3]
    assert {r.text for r in learned} == {FOOTER, SLOGAN}
    assert {r.rule for r in learned} == {"learned_boilerplate"}
    assert FOOTER not in row["text"] and SLOGAN not in row["text"]
    assert row["word_count"] == len(row["text"].split())


def test_the_same_page_never_counts_twice(db):
    for _ in range(5):  # re-crawled / re-cleaned
        store(db, page(0), doc_id(0))
    assert db.execute("SELECT pages FROM boilerplate_lines WHERE line = ?", [FOOTER]).fetchone()[0] == 1
    _, learned = store(db, page(0), doc_id(0))
    assert learned == []


def test_a_page_that_loses_a_line_no_longer_counts_for_it(db):
    store(db, page(0), doc_id(0))
    store(db, page(0, extra=(SLOGAN,)), doc_id(0))
    assert db.execute("SELECT pages FROM boilerplate_lines WHERE line = ?", [FOOTER]).fetchone()[0] == 0


def test_counts_are_per_outlet(db):
    for i in range(2):
        store(db, page(i), doc_id(i), outlet="sada")
    _, learned = store(db, page(2), doc_id(2), outlet="manara")
    assert learned == []


def test_titles_and_long_paragraphs_are_not_learned(db):
    long_line = ARTICLES[1][2]  # a real paragraph that happens to repeat
    assert len(long_line.split()) > SETTINGS.boilerplate_max_words
    for i in range(4):
        row, learned = store(db, page(i, extra=(long_line, "عاجل"), title="عاجل"), doc_id(i))
    assert learned == [] and long_line in row["text"]
    lines = {r["line"] for r in db["boilerplate_lines"].rows}
    assert long_line not in lines and "عاجل" not in lines


def test_learned_lines_and_the_cleaners_removals_land_in_the_audit_trail(db):
    for i in range(4):
        store(db, page(i), doc_id(i))
    rules = {(r["document_id"], r["rule"]) for r in db["removals"].rows}
    assert (doc_id(3), "learned_boilerplate") in rules and (doc_id(3), "marker:read_also") in rules
    assert (doc_id(0), "learned_boilerplate") not in rules


def test_what_did_a_rule_remove_this_month_is_one_query(db, tmp_path):
    for i in range(4):
        store(db, page(i), doc_id(i))
    month = datetime.now(UTC).strftime("%Y-%m")
    reader = sqlite_utils.Database(tmp_path / "corpus.db")  # plain sqlite-utils, as a user would
    rows = list(
        reader.query(
            "SELECT r.text, count(*) AS n, count(DISTINCT d.outlet) AS outlets FROM removals r "
            "JOIN documents d ON d.id = r.document_id "
            "WHERE r.rule = :rule AND r.removed_at >= :month GROUP BY r.text ORDER BY n DESC, r.text",
            {"rule": "learned_boilerplate", "month": month},
        )
    )
    assert {(r["text"], r["n"], r["outlets"]) for r in rows} == {(FOOTER, 2, 1), (SLOGAN, 2, 1)}


def test_boilerplate_only_pages_become_empty_not_lost(db):
    for i in range(3):
        store(db, page(i), doc_id(i))
    row, learned = store(db, Document(paragraphs=[FOOTER, SLOGAN]), doc_id(9))
    assert row["status"] == "empty" and len(learned) == 2
    assert db["documents"].get(doc_id(9))["status"] == "empty"


# --- the command ---------------------------------------------------------------------------------


def run_cli(*args):
    from click.testing import CliRunner

    from corpus.cli import cli

    return CliRunner().invoke(cli, list(args))


def test_cli_lists_learned_lines_with_pages_and_active(tmp_path):
    db = open_db(tmp_path / "c.db")
    defaults = CurationSettings()
    for i in range(defaults.boilerplate_min_pages):
        store(db, page(i, extra=(FOOTER, SLOGAN) if i else (FOOTER,)), doc_id(i), settings=defaults)
    result = run_cli("boilerplate", "sada", "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["pages", "active", "line"]
    assert f"{defaults.boilerplate_min_pages:>6}  yes     {FOOTER}" in lines
    assert f"{defaults.boilerplate_min_pages - 1:>6}  no      {SLOGAN}" in lines
    assert lines[-1].startswith("sada: ") and "1 active" in lines[-1]
    assert not any("الفقرة رقم" in line for line in lines)  # on one page only: not shown by default
    everything = run_cli("boilerplate", "sada", "--min-pages", "1", "--limit", "0", "--db", str(tmp_path / "c.db"))
    assert any("الفقرة رقم" in line for line in everything.output.splitlines())


def test_cli_outlet_without_pages_is_not_an_error(tmp_path):
    open_db(tmp_path / "c.db").close()  # an empty corpus; an outlet no one knows is refused (test_cli_outlet_names.py)
    result = run_cli("boilerplate", "demo_sada", "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 0 and "demo_sada: nothing learned yet" in result.output


def test_cli_help_has_an_example():
    result = run_cli("boilerplate", "--help")
    assert result.exit_code == 0 and "corpus boilerplate demo_manara" in result.output


def test_curation_writes_stay_in_the_callers_transaction(db):
    db.conn.execute("BEGIN")
    for i in range(4):
        curate(db, document_row(page(i), id=doc_id(i), outlet="sada"), page(i), SETTINGS)
    assert db.conn.in_transaction  # curate never commits: the caller's save does
    db.conn.rollback()
    assert db["boilerplate_seen"].count == db["boilerplate_lines"].count == db["minhashes"].count == 0


def test_counts_moved_by_one_always_equal_the_pages_showing_the_line(db):
    """Counts are updated incrementally (never a count(*) over every page): after pages gain, lose and
    regain lines, are re-cleaned and rejected, each total is still the number of pages showing it."""
    import random

    rnd = random.Random(7)
    lines = [FOOTER, SLOGAN, "تابعونا على تويتر", "جميع الحقوق محفوظة"]
    for _step in range(60):
        i = rnd.randrange(8)
        if rnd.random() < 0.1:
            store(db, Document(title="x", paragraphs=[], rejected="no_article_text"), doc_id(i))
        else:
            store(db, page(i, extra=rnd.sample(lines, rnd.randrange(len(lines) + 1))), doc_id(i))
    counted = dict(
        db.execute(
            "SELECT l.line_hash, (SELECT count(*) FROM boilerplate_seen s WHERE s.outlet = l.outlet "
            "AND s.line_hash = l.line_hash) FROM boilerplate_lines l"
        ).fetchall()
    )
    stored = dict(db.execute("SELECT line_hash, pages FROM boilerplate_lines").fetchall())
    assert stored == counted and any(stored.values())
