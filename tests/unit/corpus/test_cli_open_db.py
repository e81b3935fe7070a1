"""Read commands refuse what is not a corpus (missing, not SQLite, SQLite without our schema) with one line
naming the path, and change nothing; commands that write create a missing database and say so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS

from corpus.cli import cli

SEEDS = TESTS / "data" / "seeds" / "raw"

READERS = [
    ["stats"],
    ["search", "اتفاقية"],
    ["export", "--out", "out"],
    ["report", "--out", "r.html"],
    ["boilerplate", "demo_sada"],
    ["serve", "--port", "0"],
    ["reclean"],
]


def run(args, cwd: Path):
    """The command run in an empty folder cwd; its result and what the folder holds afterwards."""
    folder = cwd / "work"
    folder.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result, sorted(p.name for p in folder.iterdir())


def one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_reader_refuses_a_missing_database_and_creates_nothing(tmp_path, args):
    result, listing = run([*args, "--db", "typo.db"], tmp_path)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert line.startswith("Error: typo.db: no such corpus database"), line
    assert listing == []  # no typo.db, no -wal, no export folder


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_reader_refuses_a_file_that_is_not_sqlite(tmp_path, args):
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"my notes, not a database\n" * 100)
    result, _ = run([*args, "--db", str(notes)], tmp_path)
    assert result.exit_code == 1
    assert "not an SQLite file" in one_error_line(result) and str(notes) in result.output
    assert notes.read_bytes() == b"my notes, not a database\n" * 100


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_reader_leaves_an_unrelated_sqlite_file_untouched(tmp_path, args):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.execute("INSERT INTO birds VALUES ('hoopoe')")
    conn.commit()
    conn.close()
    result, _ = run([*args, "--db", str(other)], tmp_path)
    assert result.exit_code == 1
    assert "without the corpus schema" in one_error_line(result)
    conn = sqlite3.connect(other)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["birds"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    conn.close()


def test_reader_refuses_an_empty_file(tmp_path):
    (tmp_path / "empty.db").touch()
    result, _ = run(["stats", "--db", str(tmp_path / "empty.db")], tmp_path)
    assert result.exit_code == 1 and "an empty SQLite file" in one_error_line(result)


def test_writer_creates_a_missing_database_and_says_so_then_readers_accept_it(tmp_path):
    runner = CliRunner()
    db = tmp_path / "new.db"
    result = runner.invoke(cli, ["import-text", str(SEEDS), "--outlet", "seeds", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{db}: created a new corpus database" in result.stderr
    again = runner.invoke(cli, ["import-text", str(SEEDS), "--outlet", "seeds", "--db", str(db)])
    assert "created" not in again.stderr  # only said when it happened
    stats = runner.invoke(cli, ["stats", "--db", str(db), "--json"])
    assert stats.exit_code == 0 and '"seeds"' in stats.stdout


def test_writer_refuses_an_unrelated_sqlite_file(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE birds (name TEXT)").connection.commit()
    result = CliRunner().invoke(cli, ["import-text", str(SEEDS), "--outlet", "seeds", "--db", str(other)])
    assert result.exit_code == 1 and "without the corpus schema" in result.output
    conn = sqlite3.connect(other)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["birds"]


def test_crawl_with_an_unknown_outlet_creates_no_database(tmp_path):
    result, listing = run(["crawl", "sada", "--db", "fresh.db"], tmp_path)
    assert result.exit_code == 1
    assert "unknown outlet 'sada'; did you mean demo_sada?" in one_error_line(result)
    assert listing == []
