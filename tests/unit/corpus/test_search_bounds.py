"""Search queries are bounded: length, distinct words, a time limit; Datasette's SQL time limit is low."""

import asyncio

import pytest
from click.testing import CliRunner

import corpus.cli.search  # noqa: F401  registers search/serve on the group
from corpus.cli import cli
from corpus.datasette import SETTINGS
from corpus.search import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    DocumentFilter,
    QueryBoundExceeded,
    fts_match,
    query_terms,
    search,
    time_limit,
)
from corpus.store import open_db, save_document

BOTH, ONLY_MUHAMMAD = "1" * 16, "2" * 16
# A query the database cannot finish: counting forever.
ENDLESS_SQL = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "corpus.db"
    db = open_db(path)
    for doc_id, text in [(BOTH, "وقّع محمد الاتفاقية في مينسك"), (ONLY_MUHAMMAD, "زار محمد المدينة")]:
        save_document(
            db,
            {
                "id": doc_id,
                "title": text,
                "text": text,
                "outlet": "sada",
                "status": "ok",
                "lang": "ar",
                "published": "2024-05-01",
            },
        )
    db.close()
    return path


def run_search(db_path, *args):
    return CliRunner().invoke(cli, ["search", *args, "--db", str(db_path)])


def test_a_ten_thousand_word_query_is_refused_with_one_line(db_path):
    words = [f"كلمة{i}" for i in range(10_000)]
    result = run_search(db_path, *words)
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "query too long" in result.output and f"at most {MAX_QUERY_CHARS:,}" in result.output


def test_too_many_distinct_words_are_refused_but_a_repeated_word_counts_once(db_path):
    letters = "بتثجحخدذرزسشصضطظعغفقكلمن"
    distinct = [f"كلمة{a}{b}" for a in letters for b in letters][: MAX_QUERY_TERMS + 1]
    result = run_search(db_path, *distinct)
    assert result.exit_code == 1
    assert f"{MAX_QUERY_TERMS + 1} distinct words (at most {MAX_QUERY_TERMS})" in result.output
    repeated = ["محمد"] * 100  # 500 characters, one distinct word
    result = run_search(db_path, *repeated, "--json")
    assert result.exit_code == 0, result.output
    assert result.output.count('"id"') == 2
    assert query_terms(" ".join(repeated)) == [("محمد", False)]


def test_raw_queries_are_bounded_too():
    with pytest.raises(QueryBoundExceeded, match="distinct words"):
        fts_match(" OR ".join(f"w{i}" for i in range(MAX_QUERY_TERMS + 1)), raw=True)
    fts_match(" OR ".join(f"w{i}" for i in range(MAX_QUERY_TERMS)), raw=True)  # at the bound: accepted


def test_several_plain_words_must_all_occur(db_path):
    """Plain words are joined with AND (an implicit AND beside a parenthesised group is an FTS5 syntax error)."""
    result = run_search(db_path, "محمد", "الاتفاقية", "--json")
    assert result.exit_code == 0, result.output
    assert BOTH in result.output and ONLY_MUHAMMAD not in result.output


def test_the_time_limit_interrupts_the_sql_and_leaves_the_connection_usable(db_path):
    db = open_db(db_path)
    with pytest.raises(QueryBoundExceeded, match=r"stopped after 0.2 s \(the time limit\)"):
        with time_limit(db, 0.2):
            db.execute(ENDLESS_SQL).fetchall()
    # the handler is gone: later queries run to the end
    assert (
        db.execute(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT count(*) FROM c"
        ).fetchone()[0]
        == 200000
    )
    with time_limit(db, 5):
        assert [hit.id for hit in search(db, "مينسك", DocumentFilter())] == [BOTH]


def test_datasette_stops_a_slow_query_at_its_sql_time_limit(db_path):
    from datasette.app import Datasette

    assert int(SETTINGS["sql_time_limit_ms"]) <= 1000
    settings = {name: int(value) if value.isdigit() else value for name, value in SETTINGS.items()}
    settings["suggest_facets"] = False

    async def ask(sql):
        ds = Datasette([str(db_path)], settings=settings)
        return await ds.client.get("/corpus.json", params={"sql": sql, "_shape": "array"})

    response = asyncio.run(ask(ENDLESS_SQL))
    assert response.status_code == 400
    assert "too long" in response.text
    assert asyncio.run(ask("SELECT count(*) AS n FROM documents")).json() == [{"n": 2}]
