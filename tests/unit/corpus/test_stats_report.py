"""corpus stats (tables, JSON) and corpus report (self-contained HTML with PNG plots)."""

import base64
import json
import re

import pytest
from click.testing import CliRunner

import corpus.cli.report  # noqa: F401  registers the commands
import corpus.cli.stats  # noqa: F401
from cleaners import Removal
from corpus.cli import cli
from corpus.store import finish_crawl, open_db, save_document, start_crawl

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ARABIC_OUTLET = "نبأ"


def row(n, outlet, status="ok", day=1, words=100, **fields):
    text = "عنوان الخبر\n\n" + " ".join(["كلمة"] * (words - 2))
    return {
        "id": f"{n:016x}",
        "url": f"http://{n}.test/",
        "outlet": outlet,
        "title": "عنوان الخبر",
        "text": text,
        "published": f"2024-03-{day:02d}T08:00:00",
        "status": status,
        "lang": "ar",
        "word_count": words,
        "fetched_at": f"2024-03-{day:02d}T09:00:00",
        **fields,
    }


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "corpus.db"
    db = open_db(path)
    docs = [
        row(1, "sada", day=1, words=120),
        row(2, "sada", day=2, words=300),
        row(3, "sada", "too_short", day=2, words=5),
        row(4, "manara", day=1, words=200, cluster_id="c1"),
        row(5, "manara", "duplicate", day=3, words=200, cluster_id="c1", duplicate_of=f"{4:016x}"),
        row(6, "qafila", day=3, words=80, cluster_id="c1", duplicate_of=f"{4:016x}", status="duplicate"),
        row(7, ARABIC_OUTLET, day=4, words=150),
        row(8, "mawja", "not_arabic", day=4, words=90, lang="en"),
    ]
    removals = {
        1: [Removal("marker:read_also", "إقرأ أيضا"), Removal("tags_block", "كلمات دلالية")],
        2: [Removal("marker:read_also", "إقرأ المزيد")],
        7: [Removal("تذييل", "جميع الحقوق محفوظة")],
    }
    for doc in docs:
        save_document(db, doc, removals.get(int(doc["id"], 16), []))
    first = start_crawl(db, ["sada", "manara"])
    finish_crawl(db, first, {"requests": 10})
    db["crawls"].update(first, {"started_at": "2024-03-01T00:00:00+00:00"})
    second = start_crawl(db, ["sada"])
    finish_crawl(db, second, {"requests": 3}, status="interrupted")
    db.close()
    return path


def invoke(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


# --- stats --------------------------------------------------------------------------------------


def test_stats_json_counts(db_path):
    stats = json.loads(invoke("stats", "--db", str(db_path), "--json").stdout)
    by_outlet = {r["outlet"]: r for r in stats["outlets"]}
    assert by_outlet["sada"]["by_status"] == {"ok": 2, "too_short": 1}
    assert by_outlet["sada"]["words"] == 420  # ok documents only
    assert stats["totals"]["documents"] == 8 and stats["totals"]["by_status"]["duplicate"] == 2
    assert stats["statuses"][0] == "ok"
    assert stats["duplicates"] == {"duplicate_documents": 2, "clusters": 1, "largest_cluster": 3}
    assert [(r["rule"], r["removals"], r["documents"]) for r in stats["removals"]] == [
        ("marker:read_also", 2, 2),
        ("tags_block", 1, 1),
        ("تذييل", 1, 1),
    ]
    crawls = {c["outlet"]: c for c in stats["crawls"]}
    assert crawls["sada"]["status"] == "interrupted"  # the later of the two runs
    assert crawls["manara"]["status"] == "finished" and crawls["manara"]["started_at"].startswith("2024-03-01")
    assert crawls["sada"]["last_fetched_at"] == "2024-03-02T09:00:00"


def test_stats_table(db_path):
    out = invoke("stats", "--db", str(db_path)).stdout
    assert "Documents per outlet and status" in out
    # columns: ok first, then statuses by how many documents have them
    assert re.search(r"^outlet\s+ok\s+duplicate\s+not_arabic\s+too_short\s+documents\s+words \(ok\)$", out, re.M)
    assert re.search(r"^sada\s+2\s+0\s+0\s+1\s+3\s+420$", out, re.M), out
    assert re.search(r"^total\s+4\s+2\s+1\s+1\s+8\s+770$", out, re.M)
    assert "2 documents marked duplicate_of another; 1 clusters of 2+ documents (largest 3)" in out
    assert re.search(r"^marker:read_also\s+2\s+2\s+\d+$", out, re.M)
    assert "Last crawl per outlet" in out and "interrupted" in out


def test_stats_filters(db_path):
    stats = json.loads(invoke("stats", "--db", str(db_path), "--json", "--outlet", "manara").stdout)
    assert [r["outlet"] for r in stats["outlets"]] == ["manara"]
    assert [c["outlet"] for c in stats["crawls"]] == ["manara"]
    stats = json.loads(
        invoke("stats", "--db", str(db_path), "--json", "--status", "ok", "--since", "2024-03-02").stdout
    )
    assert stats["totals"]["documents"] == 2


def test_stats_on_an_empty_database(tmp_path):
    open_db(tmp_path / "empty.db").close()  # an empty corpus (a missing file is refused)
    out = invoke("stats", "--db", str(tmp_path / "empty.db")).stdout
    assert "Removals per rule: none recorded" in out and "no crawls recorded" in out


# --- report -------------------------------------------------------------------------------------


def embedded_pngs(html):
    return [
        base64.b64decode(data) for data in re.findall(r'<img alt="[^"]+" src="data:image/png;base64,([^"]+)"', html)
    ]


def test_report_is_one_html_file_with_its_plots_embedded(db_path, tmp_path):
    out = tmp_path / "reports" / "report.html"
    result = invoke("report", "--db", str(db_path), "--out", str(out))
    assert result.stdout.strip() == f"wrote {out} (5 plots)"
    html = out.read_text(encoding="utf-8")
    pngs = embedded_pngs(html)
    assert len(pngs) == 5 and all(png.startswith(PNG_MAGIC) and len(png) > 5000 for png in pngs)
    for title in (
        "Documents per outlet per week",
        "Documents per outlet per month",
        "Words per document",
        "Removals per cleaning rule",
        "Duplicate clusters by size",
    ):
        assert title in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # self-contained: nothing fetched
    assert "outlet 1" not in html and "rule 1" not in html  # Arabic names are drawn, not stood in for
    assert '<td dir="auto">نبأ</td>' in html and '<td dir="auto">تذييل</td>' in html


def test_report_on_an_empty_database_still_has_its_plots(tmp_path):
    out = tmp_path / "report.html"
    open_db(tmp_path / "empty.db").close()  # an empty corpus (a missing file is refused)
    invoke("report", "--db", str(tmp_path / "empty.db"), "--out", str(out))
    assert len(embedded_pngs(out.read_text(encoding="utf-8"))) == 5


def test_report_error_names_the_file(db_path, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    result = CliRunner().invoke(cli, ["report", "--db", str(db_path), "--out", str(blocker / "report.html")])
    assert result.exit_code == 1 and str(blocker) in result.output
    assert len(result.output.strip().splitlines()[-1:]) == 1
