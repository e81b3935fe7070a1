"""Generated news pages on 127.0.0.1, for timing a crawl against a bare Scrapy spider.

    with PageSite(range(50_000, 51_000)) as site:
        site.base_url                      # "http://127.0.0.1:PORT"
        site.registry_entry("bench")       # an outlets.toml entry (demo = true: root-relative entry points)

Routes: /robots.txt (allows everything), /sitemap.xml (every article), /news/<i> (document i of
seed_docs, wrapped in a page with a menu, a "read also" box, tags and a footer, ~10 KB like a real
article page). Pages are rendered once, before the clock starts, so the server costs next to nothing.

`python benchmarks/crawl_pages.py bare BASE_URL` is the bare spider: Scrapy's own SitemapSpider with
the same settings as the corpus crawl, fetching every article of the sitemap and keeping nothing
(it prints how many pages it fetched, as JSON, on stdout).
"""

from __future__ import annotations

import html
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from seed_docs import document_text

# The settings tests use for local servers: no delays, no AutoThrottle, many requests at once.
FAST_CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "false",
    "CONCURRENT_REQUESTS": "64",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "DOWNLOAD_TIMEOUT": "20",
}
MENU = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "تكنولوجيا", "منوعات", "اتصل بنا"]


def article_page(i: int) -> bytes:
    """Document i of seed_docs as a news page: the article and the noise around it."""
    text, _, _ = document_text(i)
    title, *paragraphs = text.split("\n\n")
    menu = "".join(f'<li><a href="/section/{n}">{html.escape(name)}</a></li>' for n, name in enumerate(MENU))
    related = "".join(
        f'<li><a href="/news/{max(0, i - k)}">{html.escape(document_text(max(0, i - k))[0][:60])}</a></li>'
        for k in (1, 2, 3)
    )
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | موقع القياس</title></head><body>"
        f'<header><nav><ul class="menu">{menu}</ul></nav></header>'
        f'<main><article><h1>{html.escape(title)}</h1><div class="date">2024-05-24 13:05</div>'
        f'<div class="article-body">{body}</div>'
        f'<div class="tags">وسوم: <a href="/tag/1">أخبار</a> <a href="/tag/2">تقارير</a></div></article>'
        f'<aside class="related"><h3>اقرأ أيضاً</h3><ul>{related}</ul></aside></main>'
        "<footer><p>جميع الحقوق محفوظة لموقع القياس 2024</p><p>تابعونا على وسائل التواصل الاجتماعي</p></footer>"
        "</body></html>"
    ).encode()


class PageSite:
    """A threaded HTTP server answering the generated pages of `documents` (document numbers)."""

    def __init__(self, documents):
        self.paths = [f"/news/{i}" for i in documents]
        self.pages = {path: article_page(int(path.rsplit("/", 1)[1])) for path in self.paths}
        self.requests = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                site.requests += 1  # a rough count: the GIL keeps it close enough for a sanity check
                try:
                    self.answer()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def answer(self):
                if self.path == "/robots.txt":
                    return self.send(200, "text/plain", b"User-agent: *\nAllow: /\n")
                if self.path == "/sitemap.xml":
                    return self.send(200, "application/xml", site.sitemap())
                page = site.pages.get(self.path)
                if page is None:
                    return self.send(404, "text/plain", b"not found")
                self.send(200, "text/html; charset=utf-8", page)

            def send(self, status, content_type, body):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def sitemap(self) -> bytes:
        entries = "".join(f"<url><loc>{self.base_url}{path}</loc></url>" for path in self.paths)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>"
        ).encode()

    def registry_entry(self, name: str) -> str:
        """An outlets.toml entry for this site; crawl it with `--base-url NAME=BASE_URL`."""
        return (
            f'[{name}]\ndisplay_name = "موقع القياس"\ndemo = true\nsitemaps = ["/sitemap.xml"]\n'
            f"article_pattern = '^/news/\\d+$'\n[{name}.cleaning]\ntitle_suffixes = [\"| موقع القياس\"]\n"
        )

    def __enter__(self) -> PageSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def bare_crawl(base_url: str) -> int:
    """Fetch every article of the site's sitemap with Scrapy's SitemapSpider; returns the pages fetched."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    fetched = []

    class BareSpider(SitemapSpider):
        name = "bare"
        sitemap_urls = [f"{base_url}/sitemap.xml"]

        def parse(self, response):
            fetched.append(len(response.body))

    settings = {**FAST_CRAWL_SETTINGS, "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False}
    process = CrawlerProcess(settings)
    process.crawl(BareSpider)
    process.start()
    return len(fetched)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "bare":
        sys.exit("usage: python benchmarks/crawl_pages.py bare BASE_URL")
    print(json.dumps({"pages": bare_crawl(sys.argv[2])}))
