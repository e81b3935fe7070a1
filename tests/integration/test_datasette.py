"""Datasette on corpus.db: a real `datasette serve` on 127.0.0.1, queried through its JSON API."""

import json
import sys
import urllib.parse
import urllib.request

import pytest
from servers import free_port, serving

from corpus.datasette import METADATA_PATH, datasette_command, metadata_for
from corpus.store import open_db, save_document

DIACRITIZED, PLAIN, SHORT = "1" * 16, "2" * 16, "3" * 16


def make_db(path):
    db = open_db(path)
    for doc_id, title, body, outlet, status in [
        (DIACRITIZED, "وقّع مُحمّد الاتفاقيّة", "قال مُحمّد إن الاتفاقيّة مهمّة.", "sada", "ok"),
        (PLAIN, "محمد في مينسك", "وقعت الاتفاقية في مينسك عملا بالقانون وسط التوترات الإقليمية.", "manara", "ok"),
        (SHORT, "قصير", "قصير جدا.", "manara", "too_short"),
    ]:
        save_document(
            db,
            {
                "id": doc_id,
                "title": title,
                "text": f"{title}\n\n{body}",
                "outlet": outlet,
                "status": status,
                "lang": "ar",
                "published": "2024-05-01",
            },
        )
    db.close()
    return path


def get_json(url, path, **params):
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{url}{path}?{query}", timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def datasette_url(tmp_path_factory):
    db_path = make_db(tmp_path_factory.mktemp("ds") / "corpus.db")
    port = free_port()
    with serving(datasette_command(db_path, METADATA_PATH, "127.0.0.1", port), port) as url:
        yield url


def test_table_rows(datasette_url):
    data = get_json(datasette_url, "/corpus/documents.json", _shape="objects", _col="title")
    assert {row["id"] for row in data["rows"]} == {DIACRITIZED, PLAIN, SHORT}
    assert data["filtered_table_rows_count"] == 3


def test_facets_by_outlet_lang_status_and_month_come_from_the_metadata(datasette_url):
    facets = get_json(datasette_url, "/corpus/documents.json", _col="title")["facet_results"]
    assert set(facets) == {"outlet", "lang", "status", "published"}
    assert {r["value"]: r["count"] for r in facets["outlet"]["results"]} == {"sada": 1, "manara": 2}
    assert {r["value"]: r["count"] for r in facets["status"]["results"]} == {"ok": 2, "too_short": 1}
    month = facets["published"]["results"]
    assert [(r["value"], r["count"]) for r in month] == [("2024-05", 3)]
    assert "published__startswith=2024-05" in month[0]["toggle_url"]


def test_search_box_finds_diacritized_text_with_a_plain_query(datasette_url):
    data = get_json(datasette_url, "/corpus/documents.json", _search="محمد", _shape="objects", _col="title")
    assert {row["id"] for row in data["rows"]} == {DIACRITIZED, PLAIN}
    data = get_json(datasette_url, "/corpus/documents.json", _search="الاتفاقية", status="ok", _shape="objects")
    assert {row["id"] for row in data["rows"]} == {DIACRITIZED, PLAIN}  # typed with ة, text has shadda


def test_search_box_finds_a_word_whatever_clitics_it_carries(datasette_url):
    for query in ("قانون", "توترات", "إقليمية", "اقليميه"):  # the text has بالقانون, التوترات, الإقليمية
        data = get_json(datasette_url, "/corpus/documents.json", _search=query, _shape="objects", _col="title")
        assert [row["id"] for row in data["rows"]] == [PLAIN], query


def test_metadata_describes_the_tables(datasette_url):
    metadata = get_json(datasette_url, "/-/metadata.json")
    tables = metadata["databases"]["corpus"]["tables"]
    assert {"documents", "removals", "crawls", "pages"} <= set(tables)
    assert tables["documents"]["fts_table"] == "documents_fts"
    assert all(tables[t].get("description") for t in ("documents", "removals", "crawls", "pages"))


def test_canned_queries_run(datasette_url):
    data = get_json(datasette_url, "/corpus/documents_per_outlet.json", _shape="objects")
    assert {(r["outlet"], r["status"]): r["documents"] for r in data["rows"]} == {
        ("manara", "ok"): 1,
        ("manara", "too_short"): 1,
        ("sada", "ok"): 1,
    }
    data = get_json(datasette_url, "/corpus/search.json", q="مينسك", _shape="objects")
    assert [r["id"] for r in data["rows"]] == [PLAIN] and "[مينسك]" in data["rows"][0]["snippet"]
    data = get_json(datasette_url, "/corpus/search.json", q="التوترات", _shape="objects")  # the text: التوترات
    assert [r["id"] for r in data["rows"]] == [PLAIN] and "[التوترات]" in data["rows"][0]["snippet"]
    data = get_json(datasette_url, "/corpus/search.json", q="مُحمّد", outlet="sada", _shape="objects")
    assert [r["id"] for r in data["rows"]] == [DIACRITIZED]  # the query is folded like the index
    assert get_json(datasette_url, "/corpus/search.json", q="", _shape="objects")["rows"] == []


def test_metadata_follows_a_database_with_another_name():
    metadata = metadata_for("news2024")
    assert "news2024" in metadata["databases"] and "corpus" not in metadata["databases"]


def test_corpus_serve_runs_datasette_with_the_metadata(tmp_path):
    db_path = make_db(tmp_path / "news.db")  # not corpus.db: serve renames the metadata's database
    port = free_port()
    command = [sys.executable, "-m", "corpus", "serve", "--db", str(db_path), "--port", str(port)]
    with serving(command, port) as url:
        facets = get_json(url, "/news/documents.json", _col="title")["facet_results"]
        assert set(facets) == {"outlet", "lang", "status", "published"}
        data = get_json(url, "/news/documents.json", _search="مينسك", _shape="objects")
        assert [row["id"] for row in data["rows"]] == [PLAIN]
