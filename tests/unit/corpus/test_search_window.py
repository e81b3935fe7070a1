"""`corpus search` ranks a bounded window: the newest matches that pass the filter, by bm25.

The work is measured in SQLite virtual-machine instructions (a progress handler called on every
one), not in time: a windowed query must execute no more of them when a word is in 600 documents
than when it is in 60, while ranking every match executes more as the matches grow. Not counted
there: bm25's idf, for which FTS5 counts the documents holding each phrase once per query, a walk
of the phrase's doclist in C (corpus.search.RANK_WINDOW says what it costs).
"""

import pytest
from click.testing import CliRunner

import corpus.cli.search  # noqa: F401  registers search on the group
from corpus.cli import cli
from corpus.search import RANK_WINDOW, DocumentFilter, fts_match, newest_matches, ranked_search
from corpus.search_index import FTS_TABLE
from corpus.store import open_db, save_document

WORD = "الاتفاقية"
OUTLETS = ("sada", "manara")


def add_documents(db, first: int, count: int) -> None:
    """Documents first .. first+count-1, each holding WORD 1-4 times in texts of different lengths
    (so their bm25 scores differ), alternating between two outlets."""
    for i in range(first, first + count):
        filler = " ".join(["نص"] * (3 + i % 7))
        text = f"عنوان {i}\n\n" + " ".join([WORD] * (1 + i % 4)) + f" {filler} رقم{i}"
        save_document(
            db,
            {"id": f"{i:016x}", "title": f"عنوان {i}", "text": text, "outlet": OUTLETS[i % 2], "status": "ok"},
        )


def instructions(db, run) -> int:
    """SQLite VM instructions executed while run() runs (the FTS5 sorter's own SQL included)."""
    count = [0]

    def step() -> int:
        count[0] += 1
        return 0

    db.conn.set_progress_handler(step, 1)
    try:
        run()
    finally:
        db.conn.set_progress_handler(None, 0)
    return count[0]


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "corpus.db")


def test_the_windowed_query_does_no_more_work_however_many_documents_match(db):
    add_documents(db, 0, 60)
    windowed = lambda: ranked_search(db, WORD, DocumentFilter(), limit=5, window=10)  # noqa: E731
    every = lambda: ranked_search(db, WORD, DocumentFilter(), limit=5, window=None)  # noqa: E731
    small = instructions(db, windowed), instructions(db, every)
    add_documents(db, 60, 540)  # ten times the matches
    large = instructions(db, windowed), instructions(db, every)
    assert large[0] <= small[0]  # the window: bounded (fewer when FTS5 has merged its segments meanwhile)
    assert large[1] > 2 * small[1]  # ranking every match: the check catches growth


def test_the_window_is_read_newest_first_without_a_sort(db):
    """The doclist itself gives rowid DESC order (SQLite neither sorts nor reads every match first) and
    each match's filter is checked by rowid, not on an index of the filter's columns."""
    add_documents(db, 0, 20)
    for flt in (DocumentFilter(), DocumentFilter(outlets=("sada",), since="2024-01-01", lang="ar")):
        sql, params = newest_matches(flt, 10)
        details = [row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", [fts_match(WORD), *params])]
        assert details[0].startswith(f"SCAN {FTS_TABLE} VIRTUAL TABLE"), details
        assert details[1:] == ["SEARCH d USING INTEGER PRIMARY KEY (rowid=?)"], details


def test_with_fewer_matches_than_the_window_it_ranks_as_ranking_every_match_does(db):
    add_documents(db, 0, 40)
    windowed = ranked_search(db, WORD, DocumentFilter(), limit=40)
    every = ranked_search(db, WORD, DocumentFilter(), limit=40, window=None)
    assert 40 < RANK_WINDOW and not windowed.window_full
    assert [round(h.score, 9) for h in windowed.hits] == [round(h.score, 9) for h in every.hits]
    assert {h.id for h in windowed.hits} == {h.id for h in every.hits}
    assert len(windowed.hits) == 40


def test_a_full_window_holds_the_newest_matches_that_pass_the_filter(db):
    add_documents(db, 0, 60)
    sada = DocumentFilter(outlets=("sada",))
    ranked = ranked_search(db, WORD, sada, limit=100, window=10)
    newest_sada = {f"{i:016x}" for i in range(59, -1, -1) if OUTLETS[i % 2] == "sada"}
    newest_ten = set(sorted(newest_sada, reverse=True)[:10])
    assert ranked.window_full
    assert {h.id for h in ranked.hits} == newest_ten
    assert [h.score for h in ranked.hits] == sorted(h.score for h in ranked.hits)  # best (lowest bm25) first
    best_of_all = ranked_search(db, WORD, sada, limit=1, window=None).hits[0]
    assert best_of_all.score <= ranked.hits[0].score


def test_the_command_says_when_older_matches_were_not_ranked(tmp_path, monkeypatch):
    path = tmp_path / "corpus.db"
    add_documents(open_db(path), 0, 30)
    monkeypatch.setattr(corpus.cli.search, "RANK_WINDOW", 10)
    windowed = CliRunner().invoke(cli, ["search", WORD, "--db", str(path), "--limit", "3"])
    assert windowed.exit_code == 0, windowed.output
    assert f"30 document(s) match {WORD!r}, best 3 of the newest 10 (--rank-all ranks every match):" in windowed.output
    every = CliRunner().invoke(cli, ["search", WORD, "--db", str(path), "--limit", "3", "--rank-all"])
    assert every.exit_code == 0, every.output
    assert f"30 document(s) match {WORD!r}, best 3:" in every.output
