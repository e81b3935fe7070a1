"""corpus reclean: documents re-derived from stored raw pages with the current rules."""

import json

import pytest
from conftest import TESTS

import cleaners
from corpus.curate import CurationSettings, curate
from corpus.ids import canonical_url, doc_id_for_url
from corpus.reclean import Job, reclean
from corpus.store import document_row, open_db, save_document, save_page

GOLD = TESTS / "data" / "seeds" / "gold"
ARTICLES = [p.read_text(encoding="utf-8").split("\n\n") for p in sorted(GOLD.glob("*.txt"))]
SLOGAN = "الصدى .. صوت الحقيقة منذ عام ١٩٩٠"
SETTINGS = CurationSettings(boilerplate_min_pages=3)


def article_html(paragraphs: list[str], extra_class_last: bool = True, slogan: bool = False) -> bytes:
    title, *body = paragraphs
    ps = [f"<p>{p}</p>" for p in body]
    if extra_class_last:
        ps[-1] = ps[-1].replace("<p>", '<p class="extra">', 1)
    if slogan:
        ps.append(f"<p>{SLOGAN}</p>")
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{''.join(ps)}</article></body></html>"
    ).encode()


def crawl_page(db, url: str, outlet: str, html: bytes, settings=SETTINGS) -> str:
    """What the crawl pipeline does with one fetched page."""
    doc_id = doc_id_for_url(url)
    save_page(
        db,
        {
            "id": doc_id,
            "url": url,
            "outlet": outlet,
            "status": 200,
            "body": html,
            "fetched_at": "2024-05-01T10:00:00+00:00",
        },
    )
    document = cleaners.clean_html(html, url=url)
    row = document_row(
        document,
        id=doc_id,
        url=url,
        canonical_url=canonical_url(url),
        outlet=outlet,
        origin="crawl",
        fetched_at="2024-05-01T10:00:00+00:00",
        cleaner_version="0.0.1",
    )
    row, learned = curate(db, row, document, settings)
    save_document(db, row, list(document.removed) + learned)
    return doc_id


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "corpus.db")


@pytest.fixture
def two_outlets(db):
    sada = crawl_page(db, "https://sada.test/news/1", "sada", article_html(ARTICLES[1]))
    manara = crawl_page(db, "https://manara.test/news/2", "manara", article_html(ARTICLES[2]))
    return sada, manara


def test_the_crawled_page_is_clean_to_start_with(db, two_outlets):
    assert db["documents"].get(two_outlets[0])["text"] == "\n\n".join(ARTICLES[1])


def test_an_edited_text_is_restored_and_the_version_recorded(db, two_outlets):
    sada, manara = two_outlets
    before = db["documents"].get(sada)
    db["documents"].update(sada, {"text": "نص عبث به أحدهم"})
    report = reclean(db, workers=1, settings=SETTINGS)
    after = db["documents"].get(sada)
    assert (report.total, report.changed, report.failed) == (2, 1, [])
    assert after["text"] == before["text"]
    assert after["cleaner_version"] == cleaners.CLEANER_VERSION
    for column in ("url", "canonical_url", "outlet", "origin", "fetched_at", "status", "cluster_id", "lang"):
        assert after[column] == before[column], column
    run = list(db["reclean_runs"].rows)[-1]
    assert (run["documents"], run["changed"], run["cleaner_version"]) == (2, 1, cleaners.CLEANER_VERSION)


def test_an_outlet_override_changes_that_outlets_texts_only(db, two_outlets):
    sada, manara = two_outlets
    overrides = {"sada": {"name": "sada", "drop_selectors": [".extra"]}, "manara": {"name": "manara"}}
    report = reclean(db, workers=1, settings=SETTINGS, overrides=overrides)
    assert report.changed == 1
    assert db["documents"].get(sada)["text"] == "\n\n".join(ARTICLES[1][:-1])
    assert db["documents"].get(manara)["text"] == "\n\n".join(ARTICLES[2])
    rules = [r["rule"] for r in db["removals"].rows_where("document_id = ?", [sada])]
    assert "dom_selector:.extra" in rules
    assert db["pages"].count == 2  # the raw pages are untouched


def test_only_the_named_outlet_is_recleaned(db, two_outlets):
    sada, manara = two_outlets
    db["documents"].update(manara, {"text": "تغيير"})
    report = reclean(db, outlet="sada", workers=1, settings=SETTINGS)
    assert (report.total, report.changed) == (1, 0)
    assert db["documents"].get(manara)["text"] == "تغيير"


def test_cleaning_runs_in_a_process_pool(db, two_outlets):
    sada, _ = two_outlets
    db["documents"].update(sada, {"text": "x"})
    report = reclean(db, workers=2, settings=SETTINGS, overrides={})
    assert (report.total, report.changed) == (2, 1)
    assert db["documents"].get(sada)["text"] == "\n\n".join(ARTICLES[1])


def failing_for_manara(job: Job):
    if job.outlet == "manara":
        raise RuntimeError("parser crashed")
    return cleaners.clean_html(job.raw, url=job.url, outlet=job.cleaning)


def test_a_failure_is_reported_and_the_stored_row_kept(db, two_outlets):
    sada, manara = two_outlets
    before = db["documents"].get(manara)
    report = reclean(db, workers=1, settings=SETTINGS, clean=failing_for_manara, overrides={})
    assert report.failed == [(manara, "RuntimeError: parser crashed")]
    assert db["documents"].get(manara) == before
    assert report.total == 1


def test_boilerplate_learned_later_is_removed_from_earlier_pages(db):
    ids = [
        crawl_page(db, f"https://sada.test/news/{i}", "sada", article_html(ARTICLES[i], slogan=True)) for i in range(4)
    ]
    assert [SLOGAN in db["documents"].get(i)["text"] for i in ids] == [True, True, False, False]
    report = reclean(db, workers=1, settings=SETTINGS, overrides={})
    assert report.changed == 2
    assert not any(SLOGAN in db["documents"].get(i)["text"] for i in ids)
    assert db.execute("SELECT pages FROM boilerplate_lines WHERE line = ?", [SLOGAN]).fetchone()[0] == 4


def test_duplicates_stay_linked_to_the_first_document(db):
    first = crawl_page(db, "https://sada.test/a", "sada", article_html(ARTICLES[3]))
    copy = crawl_page(db, "https://manara.test/b", "manara", article_html(ARTICLES[3]))
    assert db["documents"].get(copy)["duplicate_of"] == first
    report = reclean(db, workers=1, settings=SETTINGS, overrides={})
    assert report.changed == 0 and not report.status_changes
    assert db["documents"].get(copy)["duplicate_of"] == first
    assert db["documents"].get(first)["status"] == "ok"


def test_status_changes_are_counted(db, two_outlets):
    sada, _ = two_outlets
    report = reclean(db, workers=1, settings=CurationSettings(min_words=10_000), overrides={})
    assert report.status_changes == {"ok->too_short": 2}
    assert json.loads(list(db["reclean_runs"].rows)[-1]["status_changes"]) == {"ok->too_short": 2}


# --- the command ---------------------------------------------------------------------------------


def run_cli(*args):
    from click.testing import CliRunner

    from corpus.cli import cli

    return CliRunner().invoke(cli, list(args))


def test_cli_reports_what_changed(tmp_path):
    path = tmp_path / "c.db"
    db = open_db(path)
    sada = crawl_page(db, "https://sada.test/news/1", "sada", article_html(ARTICLES[1]))
    db["documents"].update(sada, {"text": "x"})
    result = run_cli("reclean", "--workers", "1", "--db", str(path))
    assert result.exit_code == 0, result.output
    assert f"re-cleaned 1 document(s) with cleaner {cleaners.CLEANER_VERSION}: 1 text(s) changed" in result.output
    assert open_db(path)["documents"].get(sada)["text"] == "\n\n".join(ARTICLES[1])


def test_cli_on_an_empty_database_succeeds(tmp_path):
    open_db(
        tmp_path / "c.db"
    ).close()  # an empty corpus (a missing file is refused: tests/unit/corpus/test_cli_open_db.py)
    result = run_cli("reclean", "--outlet", "demo_sada", "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 0 and "re-cleaned 0 document(s)" in result.output


def test_cli_help_has_an_example():
    result = run_cli("reclean", "--help")
    assert result.exit_code == 0 and "corpus reclean --outlet demo_sada" in result.output


def test_cli_broken_registry_is_a_one_line_error(tmp_path, monkeypatch):
    import corpus.registry

    broken = tmp_path / "outlets.toml"
    broken.write_text("[outlets.sada\n", encoding="utf-8")
    monkeypatch.setattr(corpus.registry, "REGISTRY_PATH", broken)
    path = tmp_path / "c.db"
    crawl_page(open_db(path), "https://sada.test/news/1", "sada", article_html(ARTICLES[1]))
    result = run_cli("reclean", "--workers", "1", "--db", str(path))
    assert result.exit_code == 1
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and str(broken) in error[0]


def test_registry_overrides_reach_the_cleaner():
    from corpus.reclean import registry_overrides

    overrides = registry_overrides()
    assert overrides, "corpus/outlets.toml should list outlets"
    name, options = next(iter(overrides.items()))
    assert options["name"] == name


def test_jobs_come_in_stored_order_across_batches(db):
    ids = [crawl_page(db, f"https://sada.test/news/{i}", "sada", article_html(ARTICLES[i])) for i in range(5)]
    from corpus.reclean import iter_jobs

    assert [job.id for job in iter_jobs(db, batch_size=2)] == ids
    assert [job.id for job in iter_jobs(db, outlet="nobody", batch_size=2)] == []
