"""The reading room in a real browser: Debian's chromium, headless, driven through Playwright, on a real
`corpus serve` over the demo corpus (crawled from the demo outlets), and the report it writes.

Screenshots and the rendered pages are saved under test-artifacts/reading-room/ (git-ignored).
`make setup-browser` installs chromium.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT, run_corpus, subprocess_env
from servers import free_port, serving

ARTIFACTS = REPO_ROOT / "test-artifacts" / "reading-room"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CLITIC_QUERY, AS_WRITTEN = "توترات", "التوترات"  # the demo texts only have the word with the article
MACHINERY = ("search_text", "search_plain")
ARABIC_FIRST = re.compile(r"[^A-Za-z\u0600-\u06ff]*[\u0600-\u06ff]")  # the first strong letter is Arabic


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("reading") / "corpus.db"
    done = run_corpus("demo", "--db", db, "--no-export", timeout=300)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def site(demo_db):
    """`corpus serve` on a free port until the module's tests are done."""
    port = free_port()
    command = [sys.executable, "-m", "corpus", "serve", "--db", str(demo_db), "--port", str(port)]
    with serving(command, port, env=subprocess_env()) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM}: no chromium here; `make setup-browser` installs Debian's package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ar")
    yield context.new_page()
    context.close()


def save(page, name: str) -> Path:
    """A screenshot and the rendered DOM, kept as test artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(shot))
    (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
    return shot


def direction(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).direction)")


def documents_with(db: Path, word: str) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select id, title from documents where instr(text, ?)", [word]))


def test_documents_table_is_right_to_left_without_machinery_columns(site, page):
    page.goto(f"{site}/corpus/documents")
    headers = page.eval_on_selector_all("table.rows-and-columns th", "ths => ths.map(th => th.dataset.column)")
    assert {"id", "title", "outlet", "published", "status"} <= set(headers)
    assert not set(headers) & {*MACHINERY, "text_hash", "seq"}, headers
    filter_options = page.eval_on_selector_all("select[name=_filter_column] option", "os => os.map(o => o.textContent)")
    assert "outlet" in filter_options and not set(filter_options) & set(MACHINERY)
    assert page.locator("dl.column-descriptions").is_hidden()  # folded into "What the columns hold"
    guide = page.text_content("details.column-guide")
    assert "canonical_url" in guide and not any(name in guide for name in MACHINERY)
    shown = page.evaluate(
        "() => { const b = document.body.cloneNode(true); b.querySelectorAll('pre, dl.column-descriptions').forEach("
        "p => p.remove()); return b.innerText; }"
    )  # but the CREATE statement, the hidden list
    assert not any(name in shown for name in MACHINERY)
    titles = page.eval_on_selector_all(
        "td.col-title .corpus-text", "els => els.map(e => [e.textContent, getComputedStyle(e).direction])"
    )
    arabic = [d for text, d in titles if ARABIC_FIRST.match(text)]
    latin = [d for text, d in titles if not ARABIC_FIRST.match(text)]
    assert len(arabic) > 10 and set(arabic) == {"rtl"} and set(latin) <= {"ltr"}  # each cell by its own script
    facets = page.eval_on_selector_all(".facet-info", "fs => fs.map(f => f.dataset.column)")
    assert sorted(facets) == ["lang", "outlet", "published", "status"]
    assert "published (month)" in page.inner_text(".facet-info[data-column=published] .facet-info-name")
    save(page, "documents-table")
    page.click(".metadata-description a", timeout=5000)  # the description links the ranked search
    assert page.url.split("?")[0].endswith("/corpus/search")


def test_search_box_finds_the_word_whatever_clitics_it_carries(site, page, demo_db):
    expected = documents_with(demo_db, AS_WRITTEN)
    assert expected and not documents_with(demo_db, f" {CLITIC_QUERY}")  # only with its article in the texts
    page.goto(f"{site}/corpus/documents")
    page.fill("#_search", CLITIC_QUERY)
    page.press("#_search", "Enter")
    page.wait_for_load_state()
    found = page.eval_on_selector_all("td.col-id a", "as => as.map(a => a.textContent)")
    assert set(found) == set(expected)
    save(page, "search-box")
    page.click(".ranked-search-note a")  # the same query ranked by bm25, with snippets
    page.wait_for_load_state()
    ranked = page.eval_on_selector_all("td.col-id a", "as => as.map(a => a.textContent)")
    assert set(ranked) == set(expected)
    marks = page.eval_on_selector_all("td.col-snippet mark", "ms => ms.map(m => m.textContent)")
    assert AS_WRITTEN in marks
    assert set(direction(page, "td.col-snippet .corpus-text")) == {"rtl"}
    scores = [float(s) for s in page.eval_on_selector_all("td.col-score", "ts => ts.map(t => t.textContent)")]
    assert scores == sorted(scores)  # bm25: lower is better, best first
    save(page, "ranked-search")


def test_a_document_reads_full_width_right_to_left_with_its_metadata_beside_it(site, page, demo_db):
    doc_id, title = sorted(documents_with(demo_db, AS_WRITTEN).items())[0]
    with sqlite3.connect(demo_db) as conn:
        text, outlet = conn.execute("select text, outlet from documents where id = ?", [doc_id]).fetchone()
    page.goto(f"{site}/corpus/documents/{doc_id}")
    assert page.inner_text("article.reading-text h1").strip() == title
    paragraphs = page.eval_on_selector_all("article.reading-text p", "ps => ps.map(p => p.textContent)")
    assert paragraphs == text.split("\n\n")[1:]  # the whole text, paragraph for paragraph, as stored
    assert set(direction(page, "article.reading-text, article.reading-text p")) == {"rtl"}
    article = page.locator("article.reading-text").bounding_box()
    aside = page.locator("aside.reading-meta").bounding_box()
    assert article["width"] > 0.55 * 1280  # not squeezed into a table column
    assert aside["x"] >= article["x"] + article["width"] and abs(aside["y"] - article["y"]) < 40  # beside it
    meta = page.inner_text("aside.reading-meta")
    assert outlet in meta and not any(name in meta for name in MACHINERY)
    assert not any(name in page.content() for name in MACHINERY)
    removals = page.locator("aside.reading-meta a", has_text=re.compile(r"piece"))
    assert removals.count() == 1
    save(page, "document-row")


def test_the_report_renders_its_plots_with_arabic_names(demo_db, page, tmp_path):
    out = tmp_path / "report.html"
    done = run_corpus("report", "--db", demo_db, "--out", out, timeout=300)
    assert done.returncode == 0, done.stderr
    page.goto(out.as_uri())
    images = page.eval_on_selector_all("figure img", "is => is.map(i => [i.alt, i.naturalWidth, i.complete])")
    titles = [alt for alt, _, _ in images]
    assert any("per week" in t for t in titles) and any("per month" in t for t in titles), titles
    assert all(width > 0 and complete for _, width, complete in images), images  # every plot decodes
    assert "outlet 1" not in page.content()  # names are drawn, not stood in for
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(out, ARTIFACTS / "report.html")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.locator("figure").first.scroll_into_view_if_needed()
    save(page, "report")
