"""Hostile news sites on 127.0.0.1 for the crawler's bounds and failure tests (a real HTTP server).

    with HostileSite() as site:
        site.url("/sitemap.xml")

Routes (GET):
  /robots.txt                      disallows /news/private-
  /sitemap.xml                     urlset of HOSTILE_ARTICLES (one of each kind below)
  /news/ok-N                       a small Arabic article
  /news/loop-a, /news/loop-b       redirect to each other
  /news/hops-N                     redirects to /news/hops-(N+1), forever
  /news/bomb                       gzip Content-Encoding: a few KB that inflate to 64 MB
  /news/huge                       4 MB body with its Content-Length
  /news/huge-stream                4 MB body without a length (read until the connection closes)
  /news/binary                     a PNG
  /news/slow                       headers, then one byte every 0.5 s for 15 s
  /news/private-1                  an article robots.txt forbids
  /broken-feed.xml                 500
  /not-a-sitemap.xml               an HTML page with status 200
  /chain/N.xml                     a sitemap index whose only child is /chain/(N+1).xml: endless
  /huge-index.xml                  a sitemap index of 5,000 sitemaps /part/N.xml, each 100 articles
  /part/N.xml                      urlset of /news/ok-(N*100+i)
  SLOW_ARTICLES (attribute)        seconds every /news/ok-N takes (the wall-clock budget test)
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOSTILE_ARTICLES = {  # path -> the pages.error the crawl must record (None: stored as a document)
    "/news/ok-1": None,
    "/news/loop-a": "redirect_loop",
    "/news/hops-1": "too_many_redirects",
    "/news/bomb": "decompression_bomb",
    "/news/huge": "size_limit",
    "/news/huge-stream": "size_limit",
    "/news/binary": "binary",
    "/news/slow": "timeout",
    "/news/private-1": "robots_txt",
}
# Settings that make the hostile cases quick: a 1 MB size limit, a 5 s timeout (the drip lasts 15 s), no retries.
HOSTILE_SETTINGS = {
    "DOWNLOAD_MAXSIZE": "1048576",
    "DOWNLOAD_WARNSIZE": "0",
    "DOWNLOAD_TIMEOUT": "5",
    "RETRY_ENABLED": "false",
    "REDIRECT_MAX_TIMES": "5",
}

PARAGRAPH = (
    "أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية، وتشمل الخطة تقديم "
    "قروض ميسرة وبذور محسنة وتدريبا على أساليب الري الحديثة التي توفر المياه وترفع الإنتاج. "
)
SITEMAP_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
BIG = b"<html><body>" + b"x" * (4 * 1024 * 1024) + b"</body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64


def article_html(path: str) -> bytes:
    title = f"خطة زراعية جديدة رقم {path.rsplit('-', 1)[-1]}"
    body = "".join(f"<p>{PARAGRAPH * 2}</p>" for _ in range(4))
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def urlset(urls) -> bytes:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f"{SITEMAP_HEAD}<urlset {NS}>{entries}</urlset>".encode()


def sitemap_index(urls) -> bytes:
    entries = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f"{SITEMAP_HEAD}<sitemapindex {NS}>{entries}</sitemapindex>".encode()


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the crawler hangs up on bombs and drips: expected
        pass


class HostileSite:
    def __init__(self):
        site = self
        self.slow_articles = 0.0
        self.requests: list[str] = []
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    site.requests.append(self.path)
                try:
                    site.answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HostileSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def registry(self, name: str, sitemaps=(), feeds=()) -> str:
        """An outlets.toml entry for this site."""
        listed = lambda paths: "[" + ", ".join(f'"{self.url(p)}"' for p in paths) + "]"  # noqa: E731
        return (
            f'[{name}]\ndisplay_name = "موقع عدائي"\ndomains = ["127.0.0.1"]\nsitemaps = {listed(sitemaps)}\n'
            f"feeds = {listed(feeds)}\narticle_pattern = '^/news/'\n"
        )

    # ------------------------------------------------------------------ answers

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        send = lambda *a, **k: self.send(handler, *a, **k)  # noqa: E731
        if path == "/robots.txt":
            return send(200, "text/plain", b"User-agent: *\nDisallow: /news/private-\n")
        if path == "/sitemap.xml":
            return send(200, "application/xml", urlset(self.url(p) for p in HOSTILE_ARTICLES))
        if path.startswith("/news/ok-") or path.startswith("/news/private-"):
            time.sleep(self.slow_articles)
            return send(200, "text/html; charset=utf-8", article_html(path))
        if path == "/news/loop-a":
            return self.redirect(handler, "/news/loop-b")
        if path == "/news/loop-b":
            return self.redirect(handler, "/news/loop-a")
        if path.startswith("/news/hops-"):
            return self.redirect(handler, f"/news/hops-{int(path.rsplit('-', 1)[1]) + 1}")
        if path == "/news/bomb":
            return send(200, "text/html; charset=utf-8", BOMB, headers={"Content-Encoding": "gzip"})
        if path == "/news/huge":
            return send(200, "text/html; charset=utf-8", BIG)
        if path == "/news/huge-stream":
            return self.stream(handler, BIG)
        if path == "/news/binary":
            return send(200, "image/png", PNG)
        if path == "/news/slow":
            return self.drip(handler)
        if path == "/broken-feed.xml":
            return send(500, "text/plain", b"internal error")
        if path == "/not-a-sitemap.xml":
            return send(200, "text/html; charset=utf-8", b"<html><body>Page not found</body></html>")
        if path.startswith("/chain/"):
            n = int(path[len("/chain/") : -len(".xml")])
            return send(200, "application/xml", sitemap_index([self.url(f"/chain/{n + 1}.xml")]))
        if path == "/huge-index.xml":
            return send(200, "application/xml", sitemap_index(self.url(f"/part/{n}.xml") for n in range(5000)))
        if path.startswith("/part/"):
            n = int(path[len("/part/") : -len(".xml")])
            return send(200, "application/xml", urlset(self.url(f"/news/ok-{n * 100 + i}") for i in range(100)))
        send(404, "text/plain", b"not found")

    @staticmethod
    def send(handler, status: int, content_type: str, body: bytes, headers: dict | None = None) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    @staticmethod
    def redirect(handler, location: str) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    @staticmethod
    def stream(handler, body: bytes) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        for start in range(0, len(body), 65536):
            handler.wfile.write(body[start : start + 65536])

    @staticmethod
    def drip(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", "30")
        handler.end_headers()
        handler.wfile.flush()
        for _ in range(30):
            time.sleep(0.5)
            handler.wfile.write(b" ")
            handler.wfile.flush()
