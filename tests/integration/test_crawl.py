"""Full crawls through the real spider, pipelines and store, against the real demo server.

Each crawl runs `python -m corpus crawl ...` (or `scrapy crawl outlet`) in a subprocess, from a
temporary working directory (the settings must load from anywhere); the demo server runs here, so
the tests can read its request log and its list of articles.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import urllib.parse
import urllib.request

import pytest
import sqlite_utils
from conftest import REPO_ROOT, fast_crawl_args, run_corpus, subprocess_env

from cleaners.decode import arabic_ratio, mojibake_signature
from corpus.demo.registry import registry_files
from corpus.ids import doc_id_for_url
from corpus.registry import load_registry
from corpus.store import decompress_html

pytestmark = pytest.mark.slow

SITES = ["sada", "manara", "qafila", "mawja"]
OLD_PATHS = {  # the home page's "from the archive" link: an old URL that 301-redirects to the canonical one
    "sada": r"^/news/\d+$",
    "manara": r"^/article\.php\?id=\d+$",
    "qafila": r"^/news\.php\?id=\d+$",
    "mawja": r"^/\?p=\d+$",
}
DEAD_PATHS = {  # linked from the first section page; answers 404
    "sada": "/news/world/8999-deleted-report/",
    "manara": "/article/2023/01/15/8999",
    "qafila": "/detail.php?id=8999",
    "mawja": "/world/8999.html",
}


def base_url_args(server, sites=SITES) -> list[str]:
    return [arg for site in sites for arg in ("--base-url", f"demo_{site}={server.base_urls[site]}")]


def crawl(server, db_path, *extra, sites=SITES, cwd=None) -> subprocess.CompletedProcess:
    return run_corpus(
        "crawl",
        *[f"demo_{s}" for s in sites],
        "--db",
        db_path,
        *base_url_args(server, sites),
        *fast_crawl_args(),
        *extra,
        cwd=cwd or db_path.parent,
    )


def table_counts(db_path) -> dict[str, int]:
    db = sqlite_utils.Database(db_path)
    return {name: db[name].count for name in ("documents", "pages", "removals")}


def rows(db_path, sql, params=()):
    return list(sqlite_utils.Database(db_path).query(sql, params))


# ---------------------------------------------------------------------- one full crawl, crawled twice


EXTRA_STORIES = [  # added to every site's "world" section so it needs a second listing page in every layout
    (
        "وزراء الزراعة العرب يبحثون خطة مشتركة لمواجهة الجفاف",
        "اجتمع وزراء الزراعة العرب اليوم لبحث خطة مشتركة لمواجهة موجات الجفاف المتكررة التي تضرب المنطقة منذ سنوات، "
        "وتناول الاجتماع سبل تمويل مشاريع الري الحديثة وتبادل الخبرات بين الدول الأعضاء.",
    ),
    (
        "افتتاح أكبر محطة للطاقة الشمسية في شمال أفريقيا",
        "افتتحت اليوم محطة جديدة للطاقة الشمسية توصف بأنها الأكبر في شمال أفريقيا، وتبلغ قدرتها الإنتاجية مئات "
        "الميغاواط، ومن المنتظر أن تغطي حاجات مئات الآلاف من المنازل من الكهرباء النظيفة.",
    ),
    (
        "مهرجان للموسيقى التراثية يجمع فرقا من عشر دول عربية",
        "انطلقت مساء أمس فعاليات مهرجان الموسيقى التراثية بمشاركة فرق من عشر دول عربية، وقدمت الفرق المشاركة "
        "عروضا من الموروث الغنائي الشعبي وسط حضور جماهيري كبير ملأ مدرجات المسرح الروماني.",
    ),
]


def add_world_stories(server) -> None:
    for site in SITES:
        for title, paragraph in EXTRA_STORIES:
            server.add_article(
                site,
                {"title": title, "section": "world", "published": "2024-06-01T10:00"},
                body=paragraph + "\n\n" + paragraph.replace("اليوم", "هذا الأسبوع"),
            )


@pytest.fixture(scope="module")
def full_crawl(module_demo_server, tmp_path_factory):
    server = module_demo_server
    add_world_stories(server)
    db_path = tmp_path_factory.mktemp("full") / "corpus.db"
    first = crawl(server, db_path, "--json")
    assert first.returncode == 0, first.stderr[-4000:]
    requests_first = server.requests
    counts_first = table_counts(db_path)
    server.clear_requests()
    second = crawl(server, db_path, "--json")  # incremental: stored articles are not fetched again
    assert second.returncode == 0, second.stderr[-4000:]
    requests_second = server.requests
    counts_second = table_counts(db_path)
    third = crawl(server, db_path, "--json", "--refetch")  # everything fetched, cleaned and curated again
    assert third.returncode == 0, third.stderr[-4000:]
    return {
        "server": server,
        "db": db_path,
        "stats": json.loads(first.stdout),
        "stats_again": json.loads(second.stdout),
        "stats_refetch": json.loads(third.stdout),
        "requests": requests_first,
        "requests_again": requests_second,
        "counts": counts_first,
        "counts_again": counts_second,
        "counts_refetch": table_counts(db_path),
    }


@pytest.mark.parametrize("site", SITES)
def test_every_demo_article_is_stored_exactly_once(full_crawl, site):
    expected = {doc_id_for_url(article.url) for article in full_crawl["server"].articles(site)}
    stored = [r["id"] for r in rows(full_crawl["db"], "SELECT id FROM documents WHERE outlet = ?", [f"demo_{site}"])]
    assert len(stored) == len(set(stored))
    assert set(stored) == expected


def test_documents_come_only_from_article_pages(full_crawl):
    registry = load_registry(registry_files())
    server = full_crawl["server"]
    for site in SITES:
        outlet = registry[f"demo_{site}"].with_base_url(server.base_urls[site])
        for row in rows(
            full_crawl["db"], "SELECT url, canonical_url FROM documents WHERE outlet = ?", [f"demo_{site}"]
        ):
            assert outlet.is_article_url(row["canonical_url"]), row
        for row in rows(full_crawl["db"], "SELECT url FROM pages WHERE outlet = ?", [f"demo_{site}"]):
            assert outlet.is_article_url(row["url"]), f"a non-article page was stored: {row['url']}"


@pytest.mark.parametrize("site", SITES)
def test_dead_article_is_recorded_as_a_failure_not_a_document(full_crawl, site):
    url = full_crawl["server"].base_urls[site] + DEAD_PATHS[site]
    page = rows(full_crawl["db"], "SELECT status, error, html FROM pages WHERE url = ?", [url])
    assert len(page) == 1
    assert page[0]["status"] == 404 and page[0]["error"] == "http_404"
    assert not rows(full_crawl["db"], "SELECT id FROM documents WHERE id = ?", [doc_id_for_url(url)])
    assert full_crawl["stats"]["outlets"][f"demo_{site}"]["failures"] == {"http_404": 1}


@pytest.mark.parametrize("site", SITES)
def test_old_urls_redirect_and_nothing_is_stored_under_them(full_crawl, site):
    redirects = [r for r in full_crawl["requests"] if r.site == site and r.status == 301]
    assert redirects and all(re.match(OLD_PATHS[site], r.path) for r in redirects)
    old_urls = [full_crawl["server"].base_urls[site] + r.path for r in redirects]
    for url in old_urls:
        assert not rows(full_crawl["db"], "SELECT id FROM documents WHERE url = ? OR canonical_url = ?", [url, url])


def test_qafila_text_is_proper_arabic_and_the_fix_is_recorded(full_crawl):
    documents = rows(
        full_crawl["db"], "SELECT title, text FROM documents WHERE outlet = 'demo_qafila' AND text != ''"
    )  # exact duplicates keep no text
    assert documents
    for doc in documents:
        assert mojibake_signature(doc["text"]) is None
        assert arabic_ratio(doc["text"]) > 0.9, doc["title"]
        assert not re.search("[ÀÇÈÉÊÙØ]", doc["text"])
    fixes = {
        r["encoding_fix"]
        for r in rows(full_crawl["db"], "SELECT encoding_fix FROM pages WHERE outlet = 'demo_qafila' AND status = 200")
    }
    assert fixes == {"header iso-8859-1 → windows-1256 (meta)"}
    assert full_crawl["stats"]["outlets"]["demo_qafila"]["encoding_fixes"] > 0
    utf8_fixes = rows(
        full_crawl["db"], "SELECT count(*) AS n FROM pages WHERE outlet != 'demo_qafila' AND encoding_fix IS NOT NULL"
    )
    assert utf8_fixes[0]["n"] == 0  # correctly labelled pages are left alone


def test_raw_bytes_are_stored_untouched(full_crawl):
    article = full_crawl["server"].articles("qafila")[0]
    with urllib.request.urlopen(article.url, timeout=10) as response:
        served = response.read()
    page = rows(full_crawl["db"], "SELECT html, encoding FROM pages WHERE id = ?", [doc_id_for_url(article.url)])[0]
    stored = decompress_html(page["html"])
    assert stored == served
    assert page["encoding"] == "windows-1256"
    assert article.title in stored.decode("windows-1256")


def test_robots_txt_is_read_and_its_disallow_respected(full_crawl):
    paths = {(r.site, r.path) for r in full_crawl["requests"]}
    for site in SITES:
        assert (site, "/robots.txt") in paths
    assert not [p for p in paths if p[1].startswith("/private/")]


def test_section_pagination_is_followed(full_crawl):
    paths = [r.path for r in full_crawl["requests"]]
    assert "/news/world/?page=2" in paths  # sada: class "pagination__next"
    assert "/section/world?page=2" in paths  # manara: rel="next"
    assert "/section.php?cat=world&page=2" in paths  # qafila: only the link text says "next page"
    assert "/category/world/page/2/" in paths  # mawja: WordPress "next page-numbers"
    assert all(r.status != 404 for r in full_crawl["requests"] if "page" in r.path)  # no guessed pages


def test_second_crawl_fetches_only_what_is_not_stored_and_adds_no_rows(full_crawl):
    assert full_crawl["counts_again"] == full_crawl["counts"]
    for site in SITES:
        stats = full_crawl["stats_again"]["outlets"][f"demo_{site}"]
        assert stats["articles"]["new"] == stats["articles"]["updated"] == 0
        assert stats["skipped"] == {"already_stored": len(full_crawl["server"].articles(site))}
        assert stats["failures"] == {"http_404": 1}  # failures are tried again
    # Stored articles are requested again only at the end of an old URL's redirect (its id is unknown before).
    stored_paths = {a.url.split("/", 3)[3] for site in SITES for a in full_crawl["server"].articles(site)}
    refetched = [r for r in full_crawl["requests_again"] if r.path.lstrip("/") in stored_paths]
    redirected = [r for r in full_crawl["requests_again"] if r.status == 301]
    assert len(refetched) == len(redirected) == len(SITES)
    assert full_crawl["stats_again"]["totals"]["articles"]["unchanged"] == len(SITES)


def test_refetching_everything_adds_no_rows_either(full_crawl):
    assert full_crawl["counts_refetch"] == full_crawl["counts"]
    articles = full_crawl["stats_refetch"]["totals"]["articles"]
    assert articles["new"] == 0
    assert articles["unchanged"] + articles["updated"] == full_crawl["stats"]["totals"]["articles"]["new"]
    assert articles["failed"] == len(SITES)


def test_crawls_are_recorded_with_their_stats(full_crawl):
    crawls = rows(full_crawl["db"], "SELECT * FROM crawls ORDER BY id")
    assert [c["status"] for c in crawls] == ["finished", "finished", "finished"]
    assert json.loads(crawls[0]["outlets"]) == [f"demo_{s}" for s in SITES]
    stats = json.loads(crawls[0]["stats"])
    assert stats["ok"] is True and set(stats["outlets"]) == {f"demo_{s}" for s in SITES}
    sada = stats["outlets"]["demo_sada"]
    assert sada["requests"] > 0 and sada["responses"]["200"] > 0 and sada["responses"]["404"] >= 1
    assert sada["articles"]["new"] == len(full_crawl["server"].articles("sada"))
    pages = rows(full_crawl["db"], "SELECT DISTINCT crawl_id FROM pages")
    assert {p["crawl_id"] for p in pages} == {crawls[2]["id"]}  # the --refetch crawl touched every page


# ---------------------------------------------------------------------- single-outlet runs


def test_url_option_follows_a_redirect_and_stores_under_the_canonical_url(demo_server, tmp_path):
    article = demo_server.articles("sada")[-1]
    old_url = f"{demo_server.base_urls['sada']}/news/{article.id}"
    result = run_corpus(
        "crawl",
        "demo_sada",
        "--db",
        tmp_path / "c.db",
        *base_url_args(demo_server, ["sada"]),
        *fast_crawl_args(),
        "--url",
        old_url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "demo_sada: 1 article URLs found, 1 stored (1 new" in result.stdout
    documents = rows(tmp_path / "c.db", "SELECT id, url, canonical_url, title FROM documents")
    assert [d["id"] for d in documents] == [doc_id_for_url(article.url)]
    assert documents[0]["canonical_url"] == article.url and documents[0]["title"] == article.title
    page = rows(tmp_path / "c.db", "SELECT url, final_url, status FROM pages")[0]
    assert (page["url"], page["final_url"], page["status"]) == (old_url, article.url, 200)
    assert [(r.path, r.status) for r in demo_server.requests if r.path != "/robots.txt"] == [
        (f"/news/{article.id}", 301),
        (article.url.split(demo_server.base_urls["sada"])[1], 200),
    ]


def test_robots_disallowed_url_is_never_requested(demo_server, tmp_path):
    url = demo_server.base_urls["manara"] + "/private/drafts"
    result = run_corpus(
        "crawl",
        "demo_manara",
        "--db",
        tmp_path / "c.db",
        *base_url_args(demo_server, ["manara"]),
        *fast_crawl_args(),
        "--url",
        url,
        "--json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)["outlets"]["demo_manara"]
    assert summary["skipped"] == {} and summary["failures"] == {"robots_txt": 1}
    assert [r.path for r in demo_server.requests] == ["/robots.txt"]
    assert rows(tmp_path / "c.db", "SELECT url, status, error FROM pages") == [
        {"url": url, "status": None, "error": "robots_txt"}
    ]  # on record, with its reason


def test_server_errors_are_retried_then_recorded_and_never_overwrite_a_good_page(demo_server, tmp_path):
    first, second = demo_server.articles("mawja")[:2]
    base = demo_server.base_urls["mawja"]
    path_of = lambda a: a.url[len(base) :]  # noqa: E731
    db_path = tmp_path / "c.db"

    def crawl_both():
        return run_corpus(
            "crawl",
            "demo_mawja",
            "--db",
            db_path,
            *base_url_args(demo_server, ["mawja"]),
            *fast_crawl_args(),
            "--set",
            "RETRY_BACKOFF_BASE=0.05",
            "--set",
            "RETRY_AFTER_MAX=0.1",
            "--url",
            first.url,
            "--url",
            second.url,
            "--json",
            cwd=tmp_path,
        )

    demo_server.inject("mawja", re.escape(path_of(first)) + "$", status=503, times=1)  # transient: the retry gets it
    demo_server.inject("mawja", re.escape(path_of(second)) + "$", status=500, times=None)  # down for good
    result = crawl_both()
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads(result.stdout)["outlets"]["demo_mawja"]
    assert stats["articles"]["new"] == 1 and stats["failures"] == {"http_500": 1}
    assert sum(1 for r in demo_server.requests if r.path == path_of(second)) == 3  # RETRY_TIMES = 2
    failed = rows(db_path, "SELECT status, error FROM pages WHERE id = ?", [doc_id_for_url(second.url)])
    assert failed == [{"status": 500, "error": "http_500"}]

    # The first article is now down too: its stored page and document must survive the failed re-fetch.
    demo_server.inject("mawja", re.escape(path_of(first)) + "$", status=500, times=None)
    result = crawl_both()
    assert result.returncode == 0, result.stderr[-3000:]
    kept = rows(db_path, "SELECT status, error FROM pages WHERE id = ?", [doc_id_for_url(first.url)])
    assert kept == [{"status": 200, "error": None}]
    assert rows(db_path, "SELECT count(*) AS n FROM documents")[0]["n"] == 1


def test_an_article_added_later_is_new_and_the_rest_unchanged(demo_server, tmp_path):
    db_path = tmp_path / "c.db"
    assert crawl(demo_server, db_path, sites=["sada"]).returncode == 0
    added = demo_server.add_article(
        "sada",
        {"title": "خبر جديد عن افتتاح معرض للكتاب في عمّان", "section": "world"},
        body="افتتح اليوم في العاصمة الأردنية عمّان معرض جديد للكتاب بمشاركة واسعة من دور النشر العربية "
        "والأجنبية، وسط إقبال كبير من الزوار من مختلف الأعمار.\n\n"
        "وقال منظمو المعرض إن الدورة الحالية تضم أكثر من ثلاثمئة دار نشر من عشرين بلدا، "
        "إلى جانب ندوات فكرية وأمسيات شعرية طوال أيام المعرض.",
    )
    demo_server.clear_requests()
    result = crawl(demo_server, db_path, "--json", sites=["sada"])
    assert result.returncode == 0, result.stderr[-3000:]
    articles = json.loads(result.stdout)["outlets"]["demo_sada"]["articles"]
    assert articles["new"] == 1 and articles["updated"] == 0
    skipped = json.loads(result.stdout)["outlets"]["demo_sada"]["skipped"]
    assert skipped == {"already_stored": len(demo_server.articles("sada")) - 1}
    assert (
        rows(db_path, "SELECT title FROM documents WHERE id = ?", [doc_id_for_url(added.url)])[0]["title"]
        == added.title
    )
    # The sitemap and feed changed (a new entry), so they were read in full; the only article fetched is the new one
    # (plus the home page's old-URL link, whose id is unknown until its redirect is followed).
    changed = requests_by_kind(demo_server, "sada")
    assert changed["sitemap"] == changed["feed"] == [200]
    assert changed["articles"] == sorted([added.url, demo_server.articles("sada")[-1].url])  # + the redirect target
    assert changed["redirects"] == [301]

    # Nothing changed since: the sitemap and the feed answer 304 (conditional requests), no stored article is
    # fetched; only robots.txt and the section pages (which carry no validators) are read again.
    demo_server.clear_requests()
    result = crawl(demo_server, db_path, "--json", sites=["sada"])
    assert result.returncode == 0, result.stderr[-3000:]
    unchanged = requests_by_kind(demo_server, "sada")
    assert unchanged["sitemap"] == unchanged["feed"] == [304]
    assert unchanged["articles"] == [demo_server.articles("sada")[-1].url]  # the old-URL redirect's target only
    assert unchanged["other"] == ["/robots.txt"]
    stats = json.loads(result.stdout)["outlets"]["demo_sada"]
    assert stats["discovery"]["not_modified"] == 2 and stats["articles"]["new"] == 0
    assert stats["failures"] == {"http_404": 1}  # the dead link (on a section page) is still retried
    assert len(demo_server.requests) == stats["requests"]
    validators = rows(db_path, "SELECT url, etag, last_modified FROM discovery_validators ORDER BY url")
    assert [v["url"].rsplit("/", 1)[1] for v in validators] == ["rss.xml", "sitemap.xml"]
    assert all(v["etag"] and v["last_modified"] for v in validators)


def requests_by_kind(server, site) -> dict[str, list]:
    """The server's log of one crawl of a site: sitemap/feed statuses, fetched article URLs (200), redirects,
    section pages, and the rest."""
    registry = load_registry(registry_files())
    outlet = registry[f"demo_{site}"].with_base_url(server.base_urls[site])
    base = server.base_urls[site]
    sections = {urlsplit_path(u) for kind, u in outlet.entry_points() if kind == "section"}
    kinds = {"sitemap": [], "feed": [], "articles": [], "redirects": [], "sections": [], "other": []}
    for r in server.requests:
        if r.path == "/sitemap.xml":
            kinds["sitemap"].append(r.status)
        elif r.path == "/rss.xml":
            kinds["feed"].append(r.status)
        elif r.status == 301:
            kinds["redirects"].append(r.status)
        elif outlet.is_article_url(base + r.path) and r.status == 200:
            kinds["articles"].append(base + r.path)
        elif r.path.split("?")[0] in sections:
            kinds["sections"].append(r.path)
        elif not outlet.is_article_url(base + r.path):
            kinds["other"].append(r.path)
    kinds["articles"].sort()
    return kinds


def urlsplit_path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


# ---------------------------------------------------------------------- entry points and errors


def test_unknown_outlet_is_a_one_line_error_listing_the_known_ones(tmp_path):
    result = run_corpus("crawl", "no_such_outlet", "--db", tmp_path / "c.db", cwd=tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown outlet 'no_such_outlet'" in lines[0] and "rt_arabic" in lines[0]
    assert not (tmp_path / "c.db").exists()


def test_demo_outlet_without_base_url_says_how_to_give_it(tmp_path):
    result = run_corpus("crawl", "demo_sada", "--db", tmp_path / "c.db", cwd=tmp_path)
    assert result.returncode != 0 and "--base-url" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_outlet_fails_the_run(tmp_path):
    result = run_corpus(
        "crawl",
        "demo_sada",
        "--db",
        tmp_path / "c.db",
        "--base-url",
        "sada=http://127.0.0.1:9",
        *fast_crawl_args(),
        "--set",
        "RETRY_TIMES=0",
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "NOT OK" in result.stdout
    assert rows(tmp_path / "c.db", "SELECT status FROM crawls") == [{"status": "failed"}]


def test_outlets_command_lists_the_registry():
    result = run_corpus("outlets")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == list(load_registry(registry_files()))


def test_a_real_style_registry_entry_is_crawled_with_all_and_registry(demo_server, tmp_path):
    """A non-demo entry (absolute URLs, a domain, cleaning overrides) added as data only: no code."""
    base = demo_server.base_urls["sada"]
    registry = tmp_path / "outlets.toml"
    registry.write_text(
        textwrap.dedent(f"""
        [local_sada]
        display_name = "صدى اليوم"
        domains = ["127.0.0.1"]
        feeds = ["{base}/rss.xml"]
        sections = ["{base}/news/economy/"]
        article_pattern = '^/news/[a-z]+/\\d+-[^/]+/$'
        [local_sada.politeness]
        download_delay = 0.0
        concurrency = 8
        [local_sada.cleaning]
        title_suffixes = ["| صدى اليوم"]
    """),
        encoding="utf-8",
    )
    result = run_corpus(
        "crawl", "--all", "--registry", registry, "--db", tmp_path / "c.db", *fast_crawl_args(), "--json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads(result.stdout)
    assert list(stats["outlets"]) == ["local_sada"]
    expected = {doc_id_for_url(a.url) for a in demo_server.articles("sada")[:10]}  # the feed's ten newest
    stored = {r["id"] for r in rows(tmp_path / "c.db", "SELECT id FROM documents WHERE outlet = 'local_sada'")}
    assert expected <= stored
    assert not [r for r in demo_server.requests if r.path == "/sitemap.xml"]  # not in this entry


def test_crawl_demo_crawls_every_demo_outlet_in_one_run(tmp_path):
    driver = textwrap.dedent("""
        import json, sys
        from corpus.demo.run import crawl_demo
        from corpus.demo import DemoServer
        with DemoServer() as server:
            stats = crawl_demo(sys.argv[1], server)
            expected = {site: len(server.articles(site)) for site in server.base_urls}
        print(json.dumps({"stats": stats, "expected": expected}))
    """)
    result = subprocess.run(
        [sys.executable, "-c", driver, str(tmp_path / "demo.db")],
        cwd=tmp_path,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["stats"]["ok"]
    assert {name: s["articles"]["new"] for name, s in out["stats"]["outlets"].items()} == {
        f"demo_{site}": n for site, n in out["expected"].items()
    }
    assert len(rows(tmp_path / "demo.db", "SELECT id FROM crawls")) == 1


def test_scrapy_crawl_outlet_from_the_repository_root(demo_server, tmp_path):
    db_path = tmp_path / "scrapy.db"
    settings = [
        arg
        for name, value in {
            "CORPUS_DB": db_path,
            "LOG_LEVEL": "WARNING",
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": "False",
        }.items()
        for arg in ("-s", f"{name}={value}")
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "outlet",
            "-a",
            "name=demo_manara",
            "-a",
            f"base_url={demo_server.base_urls['manara']}",
            "-a",
            "registry=corpus/demo/outlets.toml",
            *settings,
        ],
        cwd=REPO_ROOT,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(rows(db_path, "SELECT id FROM documents")) == len(demo_server.articles("manara"))
    crawl_row = rows(db_path, "SELECT status, outlets, stats FROM crawls")
    assert [(c["status"], c["outlets"]) for c in crawl_row] == [("finished", '["demo_manara"]')]
    assert json.loads(crawl_row[0]["stats"])["articles"]["new"] == len(demo_server.articles("manara"))


def test_each_run_records_requests_statuses_outcomes_drops_and_duration(full_crawl):
    stats = json.loads(rows(full_crawl["db"], "SELECT stats FROM crawls ORDER BY id")[0]["stats"])
    assert stats["duration_s"] > 0 and stats["problems"] == []
    qafila = stats["outlets"]["demo_qafila"]
    assert qafila["requests"] == sum(qafila["responses"].values())
    assert qafila["articles"]["found"] >= len(full_crawl["server"].articles("qafila"))
    # stories published by several outlets (one demo story, EXTRA_STORIES): the copies stored after the first are
    # duplicates, counted under whichever outlet stored them
    outlets = stats["outlets"].values()
    assert sum(o["articles"]["duplicate"] for o in outlets) >= 1
    assert all(
        o["articles"]["duplicate"] == o["curation_status"].get("duplicate", 0) == o["dropped"].get("duplicate", 0)
        for o in outlets
    )
    assert qafila["dropped"]["http_404"] == 1  # page failures and non-ok curation statuses, by reason
    assert qafila["extraction_failures"] == {}
    assert qafila["yield"]["pages"] == qafila["articles"]["new"]
    assert set(qafila["retries"]) == {"count", "gave_up", "waits", "wait_s", "slowed_down"}
    assert qafila["discovery"]["not_modified"] == 0
    again = json.loads(rows(full_crawl["db"], "SELECT stats FROM crawls ORDER BY id")[1]["stats"])
    assert again["outlets"]["demo_qafila"]["discovery"]["not_modified"] == 2  # sitemap and feed unchanged
