"""`published` is ISO 8601 with the outlet's UTC offset; Scrapy's remote-control console stays off."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import fast_crawl_args, run_corpus

from corpus.demo.registry import registry_files
from corpus.published import keep_offset, with_offset
from corpus.registry import RegistryError, load_registry
from crawler.runner import CrawlOptions, scrapy_settings


def test_a_printed_time_gets_the_offset_in_force_then():
    assert with_offset("2024-03-03T15:10", "Asia/Beirut") == "2024-03-03T15:10+02:00"
    assert with_offset("2024-07-03T15:10", "Asia/Beirut") == "2024-07-03T15:10+03:00"  # summer time
    assert with_offset("2024-03-03T15:10", "Europe/Moscow") == "2024-03-03T15:10+03:00"


def test_what_cannot_get_an_offset_is_left_as_it_is():
    assert with_offset("2024-03-03", "Asia/Beirut") == "2024-03-03"  # a date has no offset
    assert with_offset("2024-03-03T15:10", None) == "2024-03-03T15:10"  # no zone: no guess
    assert with_offset("2024-03-03T15:10+01:00", "Asia/Beirut") == "2024-03-03T15:10+01:00"
    assert with_offset(None, "Asia/Beirut") is None
    assert keep_offset("2024-03-03T15:10", "2024-03-03T15:10+02:00") == "2024-03-03T15:10+02:00"
    assert keep_offset("2024-03-04T15:10", "2024-03-03T15:10+02:00") == "2024-03-04T15:10"


def test_registry_refuses_an_unknown_zone(tmp_path):
    registry = tmp_path / "outlets.toml"
    registry.write_text(
        '[x]\ndisplay_name = "X"\ndomains = ["x.example"]\nfeeds = ["https://x.example/rss"]\n'
        'article_pattern = "^/a/"\ntimezone = "Mars/Olympus"\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match="timezone: unknown time zone 'Mars/Olympus'"):
        load_registry(registry)


def test_every_real_outlet_has_a_zone():
    assert all(outlet.timezone for outlet in load_registry(registry_files()).values())


def test_crawled_documents_carry_the_offset(tmp_path, demo_server):
    db = tmp_path / "c.db"
    result = run_corpus(
        "crawl",
        "demo_sada",
        "--base-url",
        f"sada={demo_server.base_urls['sada']}",
        "--db",
        db,
        *fast_crawl_args(),
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    conn = sqlite3.connect(db)
    published = [row[0] for row in conn.execute("SELECT published FROM documents WHERE published LIKE '%T%'")]
    assert published and all(value.endswith("+03:00") for value in published), published  # Europe/Moscow
    result = run_corpus("reclean", "--db", db, "--workers", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert [row[0] for row in conn.execute("SELECT published FROM documents WHERE published LIKE '%T%'")] == published


def test_remote_control_console_is_off():
    settings = scrapy_settings("c.db", 1, CrawlOptions())
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
