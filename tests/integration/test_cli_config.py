"""Curation thresholds from a TOML file next to the database, --config FILE and --set NAME=VALUE: validated
with one-line errors, applied, and recorded in each run's row."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import TESTS, fast_crawl_args, run_corpus

from corpus.cli import cli
from corpus.config import ConfigError, load_settings, settings_from_scrapy

SEEDS = TESTS / "data" / "seeds" / "raw"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def statuses(db_path) -> dict:
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute("SELECT status, count(*) FROM documents GROUP BY status"))
    finally:
        conn.close()


def last_settings(db_path, table: str) -> dict:
    conn = sqlite3.connect(db_path)
    try:
        return json.loads(conn.execute(f"SELECT settings FROM {table} ORDER BY id DESC LIMIT 1").fetchone()[0])
    finally:
        conn.close()


def test_config_file_next_to_the_database_is_applied_and_recorded_by_reclean(tmp_path):
    db = tmp_path / "news.db"
    assert invoke("import-text", SEEDS, "--outlet", "seeds", "--db", db).exit_code == 0
    assert "too_short" not in statuses(db)
    (tmp_path / "news.toml").write_text("[curation]\nmin_words = 100000\n", encoding="utf-8")
    result = invoke("reclean", "--db", db, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert set(statuses(db)) <= {"too_short", "duplicate"}  # every text is now below the minimum
    assert last_settings(db, "reclean_runs")["min_words"] == 100000


def test_set_wins_over_the_file_and_config_names_another_file(tmp_path):
    db = tmp_path / "corpus.db"
    (tmp_path / "corpus.toml").write_text("[curation]\nmin_words = 100000\n", encoding="utf-8")
    other = tmp_path / "strict.toml"
    other.write_text("[curation]\nboilerplate_min_pages = 2\nmin_arabic_ratio = 0.7\n", encoding="utf-8")
    assert load_settings(db).min_words == 100000
    assert load_settings(db, sets=["min_words=12"]).min_words == 12
    chosen = load_settings(db, other)
    assert (chosen.min_words, chosen.boilerplate_min_pages, chosen.min_arabic_ratio) == (40, 2, 0.7)


@pytest.mark.parametrize(
    "toml_text, message",
    [
        ("[curation]\nmin_word = 3\n", "unknown curation setting 'min_word'; did you mean min_words?"),
        ("[curation]\nmin_words = 'ten'\n", "min_words must be a whole number, got 'ten'"),
        ("[curation]\nnear_duplicate_threshold = 1.5\n", "near_duplicate_threshold must be between 0 and 1"),
        ("[curation]\nmin_words = true\n", "min_words must be a whole number, got True"),
        ("min_words = 3\n", "unknown table or key 'min_words' (settings go under [curation])"),
        ("[curation\n", "not valid TOML"),
    ],
)
def test_a_bad_config_file_is_one_line_naming_file_and_key(tmp_path, toml_text, message):
    db = tmp_path / "corpus.db"
    assert invoke("import-text", SEEDS, "--outlet", "seeds", "--db", db).exit_code == 0
    (tmp_path / "corpus.toml").write_text(toml_text, encoding="utf-8")
    result = invoke("reclean", "--db", db)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {tmp_path / 'corpus.toml'}: "), result.output
    assert message in lines[0]


@pytest.mark.parametrize(
    "value, message",
    [
        ("min_wrds=3", "--set: unknown curation setting 'min_wrds'; did you mean min_words?"),
        ("min_arabic_ratio=lots", "--set: min_arabic_ratio must be a number, got 'lots'"),
        ("boilerplate_min_pages=0", "boilerplate_min_pages must be positive"),
        ("min_words", "--set 'min_words': not NAME=VALUE"),
    ],
)
def test_a_bad_set_is_refused_before_anything_is_written(tmp_path, value, message):
    db = tmp_path / "corpus.db"
    result = invoke("import-text", SEEDS, "--outlet", "seeds", "--db", db, "--set", value)
    assert result.exit_code == 1 and message in result.output
    assert not db.exists()


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(tmp_path / "corpus.db", tmp_path / "nope.toml")


def test_scrapy_setting_accepts_json_text_from_scrapy_or_scrapyd():
    assert settings_from_scrapy('{"min_words": 7}').min_words == 7
    assert settings_from_scrapy({}).min_words == 40
    with pytest.raises(ConfigError, match="CORPUS_CURATION"):
        settings_from_scrapy({"min_wrds": 7})


def test_crawl_applies_set_and_records_it_in_the_crawls_row(tmp_path, demo_server):
    db = tmp_path / "corpus.db"
    result = run_corpus(
        "crawl",
        "demo_sada",
        "--base-url",
        f"sada={demo_server.base_urls['sada']}",
        "--db",
        db,
        *fast_crawl_args(),
        "--set",
        "min_words=100000",
        "--set",
        "CORPUS_MIN_YIELD=0",
        "--no-wait",
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{db}: created a new corpus database" in result.stderr
    assert last_settings(db, "crawls")["min_words"] == 100000
    assert set(statuses(db)) <= {"too_short", "duplicate", "not_arabic"}
