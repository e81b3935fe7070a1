"""The bundled demo outlets, served for real on 127.0.0.1 and fetched with urllib."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest

from corpus.demo import DemoServer, gold_text, load_sites
from corpus.demo.gold import GOLD_ROOT
from corpus.demo.server import PAGE_SIZE

SITES = ["sada", "manara", "qafila", "mawja"]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict | None = None, follow: bool = True, method: str = "GET"):
    """(status, headers, body bytes) for any status, 4xx/5xx included."""
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def page_text(server: DemoServer, site: str, body: bytes) -> str:
    encoding = server.outlets[site].site.encoding
    return html.unescape(body.decode(encoding))


def hrefs(text: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', text)


@pytest.fixture(scope="module")
def server():
    """Shared, read-only: tests that add articles or inject faults start their own."""
    with DemoServer() as demo:
        yield demo


@pytest.fixture
def fresh():
    with DemoServer() as demo:
        yield demo


def test_every_site_is_served_on_its_own_port(server):
    urls = server.base_urls
    assert sorted(urls) == sorted(SITES)
    assert len(set(urls.values())) == len(SITES)
    assert all(url.startswith("http://127.0.0.1:") for url in urls.values())


@pytest.mark.parametrize("site", SITES)
def test_robots_disallows_private_and_names_the_sitemap(server, site):
    status, headers, body = fetch(server.base_urls[site] + "/robots.txt")
    assert status == 200
    text = body.decode()
    assert "Disallow: /private/" in text
    assert f"Sitemap: {server.base_urls[site]}/sitemap.xml" in text


@pytest.mark.parametrize("site", SITES)
def test_sitemap_lists_every_article_with_lastmod(server, site):
    status, headers, body = fetch(server.base_urls[site] + "/sitemap.xml")
    assert status == 200
    urls = ET.fromstring(body).findall(f"{SITEMAP_NS}url")
    assert {u.findtext(f"{SITEMAP_NS}loc") for u in urls} == {a.url for a in server.articles(site)}
    assert all(re.match(r"\d{4}-\d\d-\d\dT", u.findtext(f"{SITEMAP_NS}lastmod")) for u in urls)


@pytest.mark.parametrize("site", SITES)
def test_feed_lists_the_newest_articles_with_pubdate(server, site):
    feed_path = server.outlets[site].layout.urls["feed"]
    status, headers, body = fetch(server.base_urls[site] + feed_path)
    assert status == 200
    items = ET.fromstring(body).findall("./channel/item")
    newest = server.articles(site)[:10]
    assert [item.findtext("link") for item in items] == [a.url for a in newest]
    assert all(item.findtext("pubDate") for item in items)
    home = fetch(server.base_urls[site] + "/")[2].decode(server.outlets[site].site.encoding)
    assert feed_path in hrefs(home)


@pytest.mark.parametrize("site", SITES)
def test_article_pages_carry_the_gold_text_canonical_link_and_lang(server, site):
    for article in server.articles(site):
        status, headers, body = fetch(article.url)
        assert status == 200, article.url
        text = page_text(server, site, body)
        assert f'<link rel="canonical" href="{article.url}">' in text
        assert f'<html lang="{article.lang}"' in text
        for paragraph in gold_text(article).split("\n\n"):
            assert paragraph in text, (article.url, paragraph[:40])


@pytest.mark.parametrize("site", SITES)
def test_article_pages_carry_boilerplate_noise(server, site):
    article = server.articles(site)[0]
    text = page_text(server, site, fetch(article.url)[2])
    assert "جميع الحقوق محفوظة" in text
    assert "فيسبوك" in text and "واتساب" in text
    assert "<form" in text  # comment form, newsletter
    if len(server.articles(site)) > 1:
        others = {a.url.removeprefix(server.base_urls[site]) for a in server.articles(site) if a.id != article.id}
        assert others & set(hrefs(text)), "teaser, related list and prev/next link to other articles"


@pytest.mark.parametrize("site", [name for name, s in load_sites().items() if s.house_line])
def test_house_line_is_a_body_paragraph_of_every_article_page_and_not_gold(server, site):
    """An outlet's house line sits in the body like any paragraph (no class, no marker the rules know):
    the page-level gold has it where the page prints it; the corpus gold has it nowhere."""
    from corpus.demo.gold import page_gold_text

    demo_site = server.outlets[site].site
    line, paragraph = demo_site.house_line, server.outlets[site].layout.snippet("paragraph", text=demo_site.house_line)
    for article in server.articles(site):
        text = page_text(server, site, fetch(article.url)[2])
        body_start, body_end = (text.find(article.blocks[i].text) for i in (0, -1))
        position = text.find(paragraph)
        assert position >= 0 and (position < body_start if demo_site.house_line_at == "start" else position > body_end)
        assert line not in gold_text(article)
        page_gold = page_gold_text(demo_site, article).split("\n\n")
        assert line == (page_gold[1 + bool(article.subtitle)] if demo_site.house_line_at == "start" else page_gold[-1])


def test_qafila_is_windows_1256_behind_an_iso_8859_1_header(server):
    article = server.articles("qafila")[0]
    status, headers, body = fetch(article.url)
    assert headers["Content-Type"] == "text/html; charset=ISO-8859-1"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">' in body
    assert article.title in body.decode("cp1256")
    assert article.title not in body.decode("latin-1")  # trusting the header gives mojibake


def test_seed_003_is_printed_twice_on_qafila(server):
    article = next(a for a in server.articles("qafila") if a.id == 9003)
    text = page_text(server, "qafila", fetch(article.url)[2])
    assert text.count(article.blocks[0].text) == 2


@pytest.mark.parametrize("site", SITES)
def test_dead_link_on_a_section_page_answers_404(server, site):
    outlet = server.outlets[site]
    section_page = fetch(server.base_urls[site] + outlet.listing_path("section", outlet.site.sections[0].slug))
    dead = outlet.dead_article_path()
    assert dead in hrefs(html.unescape(section_page[2].decode(outlet.site.encoding)))
    status, headers, body = fetch(server.base_urls[site] + dead)
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("site", SITES)
def test_old_url_linked_from_home_redirects_to_canonical(server, site):
    outlet = server.outlets[site]
    oldest = server.articles(site)[-1]
    old = outlet.old_path(oldest)
    home = html.unescape(fetch(server.base_urls[site] + "/")[2].decode(outlet.site.encoding))
    assert old in hrefs(home)
    status, headers, body = fetch(server.base_urls[site] + old, follow=False)
    assert status == 301
    assert server.base_urls[site] + headers["Location"] == oldest.url
    assert fetch(server.base_urls[site] + old)[0] == 200


def test_unknown_path_is_404_and_private_is_served(server):
    base = server.base_urls["sada"]
    assert fetch(base + "/no/such/page")[0] == 404
    assert fetch(base + "/private/login/")[0] == 200  # robots.txt keeps polite crawlers out


@pytest.mark.parametrize("site", SITES)
def test_section_and_tag_pages_paginate(fresh, site):
    outlet = fresh.outlets[site]
    for n in range(PAGE_SIZE + 2):
        fresh.add_article(
            site,
            {
                "title": f"خبر اقتصادي رقم {n}",
                "section": "economy",
                "published": f"2020-01-{n + 1:02d}T10:00",
                "tags": "وسم الاختبار",
            },
            f"فقرة الخبر رقم {n}.",
        )
    counts = {"section": sum(a.section == "economy" for a in fresh.articles(site)), "tag": PAGE_SIZE + 2}
    for kind, key in (("section", "economy"), ("tag", "وسم-الاختبار")):
        first = page_text(fresh, site, fetch(fresh.base_urls[site] + outlet.listing_path(kind, key))[2])
        second_path = outlet.listing_path(kind, key, 2)
        assert "الصفحة التالية" in first
        assert second_path in hrefs(first)
        status, _, body = fetch(fresh.base_urls[site] + second_path)
        assert status == 200
        assert "الصفحة السابقة" in page_text(fresh, site, body)
        pages = -(-counts[kind] // PAGE_SIZE)
        assert fetch(fresh.base_urls[site] + outlet.listing_path(kind, key, pages))[0] == 200
        assert fetch(fresh.base_urls[site] + outlet.listing_path(kind, key, pages + 1))[0] == 404


@pytest.mark.parametrize("site", SITES)
def test_author_pages_list_teasers(fresh, site):
    article = fresh.add_article(site, {"title": "مقال رأي", "section": "world", "author": "سامي الكاتب"}, "نص المقال.")
    outlet = fresh.outlets[site]
    status, _, body = fetch(fresh.base_urls[site] + outlet.listing_path("author", "سامي-الكاتب"))
    assert status == 200
    assert article.url.removeprefix(fresh.base_urls[site]) in hrefs(page_text(fresh, site, body))


@pytest.mark.parametrize("site", SITES)
def test_added_article_shows_up_in_sitemap_feed_home_and_etag(fresh, site):
    base = fresh.base_urls[site]
    feed = base + fresh.outlets[site].layout.urls["feed"]
    before = {url: fetch(url)[1]["ETag"] for url in (base + "/sitemap.xml", feed)}
    article = fresh.add_article(
        site,
        {"title": "خبر عاجل جديد", "section": "arab", "published": "2030-01-01T08:00"},
        "الفقرة الأولى.\n\nالفقرة الثانية.",
    )
    for url, etag in before.items():
        status, headers, body = fetch(url)
        assert article.url in body.decode("utf-8")
        assert headers["ETag"] != etag
        assert headers["Last-Modified"] == "Tue, 01 Jan 2030 08:00:00 GMT"
    home = page_text(fresh, site, fetch(base + "/")[2])
    assert article.url.removeprefix(base) in hrefs(home)
    assert fetch(article.url)[0] == 200


@pytest.mark.parametrize("path", ["/sitemap.xml", "/rss.xml"])
def test_conditional_requests_get_304(server, path):
    url = server.base_urls["sada"] + path
    status, headers, body = fetch(url)
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert fetch(url, {"If-None-Match": '"stale"'})[0] == 200
    assert fetch(url, {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"})[0] == 200


def test_inject_fails_n_times_then_recovers(fresh):
    base = fresh.base_urls["manara"]
    fresh.inject("manara", r"^/sitemap\.xml$", status=429, times=2)
    statuses = [fetch(base + "/sitemap.xml")[0] for _ in range(3)]
    assert statuses == [429, 429, 200]
    assert fetch(fresh.base_urls["sada"] + "/sitemap.xml")[0] == 200  # other sites untouched
    fresh.inject("manara", r"^/rss", status=500, times=1)
    assert [fetch(base + "/rss.xml")[0] for _ in range(2)] == [500, 200]
    recorded = [(r.site, r.path, r.status) for r in fresh.requests if r.site == "manara"]
    assert recorded == [
        ("manara", "/sitemap.xml", 429),
        ("manara", "/sitemap.xml", 429),
        ("manara", "/sitemap.xml", 200),
        ("manara", "/rss.xml", 500),
        ("manara", "/rss.xml", 200),
    ]


def test_requests_are_recorded_from_concurrent_clients(fresh):
    base = fresh.base_urls["mawja"]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda i: fetch(f"{base}/?p={i}", follow=False)[0], range(40)))
    records = [r for r in fresh.requests if r.site == "mawja"]
    assert len(records) == 40
    assert sorted(r.status for r in records) == sorted(statuses)
    assert all(r.method == "GET" for r in records)


def test_head_requests_have_no_body(server):
    status, headers, body = fetch(server.base_urls["sada"] + "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_server_is_quiet(fresh, capfd):
    base = fresh.base_urls["sada"]
    for path in ("/", "/robots.txt", "/nowhere", "/news/1"):
        fetch(base + path)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_gold_files_exist_for_every_article_and_match():
    for name, site in load_sites().items():
        folder = GOLD_ROOT / name
        expected = {f"{a.id}.txt": gold_text(a) for a in site.articles}
        assert {p.name for p in folder.glob("*.txt")} == set(expected), f"run python -m corpus.demo.gold ({name})"
        for file_name, text in expected.items():
            assert (folder / file_name).read_text(encoding="utf-8") == text
            assert not text.endswith("\n") and "  " not in text


def test_inject_can_serve_a_given_body_and_requests_carry_their_arrival_time(fresh):
    """A changed template (yield-collapse tests) and request timing (retry backoff tests)."""
    import time

    base = fresh.base_urls["sada"]
    article_path = fresh.articles("sada")[0].url[len(base) :]
    fresh.inject("sada", re.escape(article_path) + "$", body="<html><body><p>قريبا</p></body></html>", times=1)
    before = time.monotonic()
    status, headers, body = fetch(base + article_path)
    assert status == 200 and body.decode("utf-8") == "<html><body><p>قريبا</p></body></html>"
    assert "utf-8" in headers["Content-Type"]
    assert fetch(base + article_path)[2] != body  # times=1: the real page again
    fresh.inject("sada", r"^/robots\.txt$", status=503, body="<p>down</p>")
    assert fetch(base + "/robots.txt")[:1] == (503,)
    stamps = [r.at for r in fresh.requests]
    assert stamps == sorted(stamps) and before <= stamps[0] <= time.monotonic()
