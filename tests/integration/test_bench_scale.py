"""`make bench-scale` at a tiny size: every row and column of its table is there with sane numbers, so the
benchmark cannot rot while the commands it times change. (Speed targets are read off the table by a
person; nothing here is timed against a target.)"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys

import pytest
from conftest import REPO_ROOT, subprocess_env

BENCH = REPO_ROOT / "benchmarks" / "bench_scale.py"
pytestmark = pytest.mark.slow

SIZE, STEP, PAGES = 200, 100, 30
MEASURES = [  # (start of the measure's label, what its values must hold)
    ("first 100 docs into an empty corpus", {"ours_s", "plain_s"}),
    (f"import-text of {SIZE} docs, docs/s", {"ours_docs_s", "plain_docs_s"}),
    ("next 100 docs into 200", {"ours_s", "plain_s"}),
    ("bytes per document", {"ours", "plain"}),
    ("search a common word (", {"ours_p50", "ours_p95", "plain_p50", "plain_p95", "word", "ours_matches"}),
    ("search a common word, whole command", {"ours_s", "plain_s"}),
    ("search a rare word (", {"ours_p50", "ours_p95", "plain_p50", "plain_p95", "word", "ours_matches"}),
    ("export jsonl", {"ours_s", "ours_mb", "plain_s", "plain_mb"}),
    ("reclean 100 docs, 1 worker", {"docs_s"}),
    ("reclean 100 docs, 2 workers", {"docs_s", "speedup"}),
    (f"crawl {PAGES} local pages", {"ours_pages_s", "bare_pages_s", "stored", "fetched"}),
    ("peak memory of any command", {"ours", "plain"}),
]


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench-scale")
    result = subprocess.run(
        [
            sys.executable,
            BENCH,
            str(SIZE),
            "--step",
            str(STEP),
            "--crawl-pages",
            str(PAGES),
            "--search-runs",
            "5",
            "--command-runs",
            "1",
            "--work",
            folder / "work",
            "--json",
            folder / "scale.json",
        ],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, json.loads((folder / "scale.json").read_text(encoding="utf-8"))


@pytest.mark.timeout(900)
def test_the_table_has_every_column_and_every_measure(bench):
    stdout, report = bench
    header = next(line for line in stdout.splitlines() if line.startswith("| size"))
    assert [cell.strip() for cell in header.strip("|").split("|")] == list(report["columns"])
    assert report["columns"] == ["size", "measure", "ours", "plain", "ours/plain", "target", "met"]
    table_rows = [line for line in stdout.splitlines() if line.startswith(f"| {SIZE} |")]
    assert len(table_rows) == len(report["rows"]) == len(MEASURES)
    for (label, keys), row, line in zip(MEASURES, report["rows"], table_rows):
        assert row["measure"].startswith(label), (label, row["measure"])
        assert keys <= set(row["values"]), (label, row["values"])
        assert row["measure"] in line and row["ours"] in line
    assert "Machine:" in stdout and "load average" in stdout


@pytest.mark.timeout(900)
def test_the_numbers_are_sane(bench):
    _, report = bench
    values = lambda label: next(row["values"] for row in report["rows"] if row["measure"].startswith(label))  # noqa: E731
    numbers = [v for row in report["rows"] for v in row["values"].values() if isinstance(v, (int, float))]
    assert all(math.isfinite(v) and v > 0 for v in numbers), numbers
    assert values(f"import-text of {SIZE} docs")["ours_docs_s"] > 0.5
    assert 1_000 < values("bytes per document")["plain"] < 100_000
    for word in ("common", "rare"):
        search = values(f"search a {word} word (")
        assert re.fullmatch(r"[\u0621-\u064a]+", search["word"])
        assert search["ours_p50"] <= search["ours_p95"] and search["plain_p50"] <= search["plain_p95"]
        assert search["ours_p95"] < 5_000
        assert search["ours_matches"] > 0 and search["plain_matches"] > 0
    assert values("reclean 100 docs, 1 worker")["docs_s"] > 0.5
    crawl = values(f"crawl {PAGES} local pages")
    assert crawl["stored"] == crawl["fetched"] == PAGES
    peaks = values("peak memory of any command")
    assert set(peaks["ours"]) == {"import", "export", "reclean", "crawl"}
    assert all(10 < mb < 2_000 for mb in [*peaks["ours"].values(), peaks["plain"]])


def test_sizes_are_read_as_users_write_them():
    sys.path.insert(0, str(BENCH.parent))
    try:
        from bench_scale import parse_size
    finally:
        sys.path.remove(str(BENCH.parent))
    assert [parse_size(s) for s in ("10000", "10k", "100K", "1M", "1_000")] == [
        10_000,
        10_000,
        100_000,
        1_000_000,
        1000,
    ]
    with pytest.raises(Exception, match="not a size"):
        parse_size("lots")
