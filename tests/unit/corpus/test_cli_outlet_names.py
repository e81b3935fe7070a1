"""An unknown outlet name is refused by every command that takes one, with the closest known names."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS

from corpus.cli import cli
from corpus.outlet_names import database_outlets, suggestions
from corpus.store import open_db

SEEDS = TESTS / "data" / "seeds" / "raw"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("outlets")
    path = folder / "corpus.db"
    other = folder / "other"
    other.mkdir()
    (other / "note.txt").write_text("خبر قصير\n\n" + "نص عربي عن الاقتصاد والطاقة في المنطقة. " * 20, encoding="utf-8")
    for outlet, source in (("demo_sada", SEEDS), ("al_watan", other)):
        result = CliRunner().invoke(cli, ["import-text", str(source), "--outlet", outlet, "--db", str(path)])
        assert result.exit_code == 0, result.output
    return path


COMMANDS = [
    ["search", "اتفاقية", "--outlet", "{name}"],
    ["export", "--out", "{tmp}/out", "--outlet", "{name}"],
    ["stats", "--outlet", "{name}"],
    ["report", "--out", "{tmp}/r.html", "--outlet", "{name}"],
    ["reclean", "--outlet", "{name}", "--workers", "1"],
    ["boilerplate", "{name}"],
]


def invoke(args, db_path, name, tmp_path):
    args = [a.format(name=name, tmp=tmp_path) for a in args]
    return CliRunner().invoke(cli, [*args, "--db", str(db_path)])


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_unknown_outlet_is_refused_with_the_closest_name(args, db_path, tmp_path):
    result = invoke(args, db_path, "sada", tmp_path)
    assert result.exit_code == 1
    assert result.output.strip() == "Error: unknown outlet 'sada'; did you mean demo_sada?"
    assert not (tmp_path / "out").exists() and not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_known_outlet_runs(args, db_path, tmp_path):
    result = invoke(args, db_path, "demo_sada", tmp_path)
    assert result.exit_code == 0, result.output
    assert "unknown outlet" not in result.output


def test_a_registry_outlet_without_documents_is_not_an_error(db_path, tmp_path):
    result = invoke(["stats", "--outlet", "{name}", "--json"], db_path, "rt_arabic", tmp_path)
    assert result.exit_code == 0, result.output


def test_a_name_far_from_every_known_one_lists_them(db_path, tmp_path):
    result = invoke(["stats", "--outlet", "{name}"], db_path, "zzzz", tmp_path)
    assert result.exit_code == 1
    assert "unknown outlet 'zzzz'; known: " in result.output and "demo_sada" in result.output


def test_crawl_suggests_registry_names():
    result = CliRunner().invoke(cli, ["crawl", "aljazera"])
    assert result.exit_code == 1
    assert "unknown outlet 'aljazera'; did you mean aljazeera?" in result.output


def test_database_outlets_walks_the_index(db_path):
    db = open_db(db_path)
    assert database_outlets(db) == ["al_watan", "demo_sada"]
    plan = " ".join(
        str(row) for row in db.execute("EXPLAIN QUERY PLAN SELECT min(outlet) FROM documents WHERE outlet > ?", ["a"])
    )
    assert "USING" in plan and "INDEX" in plan, plan  # one index lookup per distinct outlet, no table scan


def test_suggestions_prefer_a_name_containing_the_typed_one():
    assert suggestions("sada", ["demo_sada", "demo_manara", "assabah"])[0] == "demo_sada"
    assert suggestions("bbc", ["bbc_arabic", "dw_arabic"]) == ["bbc_arabic"]
