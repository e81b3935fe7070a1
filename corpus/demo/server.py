"""Serve the bundled demo outlets over HTTP on 127.0.0.1, one port per site.

Pages are rendered on every request from the templates in corpus/demo/templates/<layout>/, so an
article added at runtime with `DemoServer.add_article` shows up everywhere at once. Tests can make
paths fail or stall with `DemoServer.inject` and read every request from `DemoServer.requests`.

    with DemoServer() as server:
        server.base_urls["sada"]        # "http://127.0.0.1:PORT"

`python -m corpus.demo.server` (or `serve()`) prints each site's URL and serves until Ctrl-C.

What a site shows is in rendering.py (templates: layout.py), how it answers a path in routing.py, and the
hostile behaviours tests switch on in faults.py.
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import threading
import time
import traceback
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, NamedTuple

from corpus.demo.articles import Article, load_site, make_article, site_names
from corpus.demo.faults import Fault, Faults
from corpus.demo.rendering import PAGE_SIZE  # noqa: F401 - defined here first; tests import it from here
from corpus.demo.routing import Outlet, RequestHeaders, Response


class RequestRecord(NamedTuple):
    site: str
    method: str
    path: str  # path with query, as the client sent it
    status: int
    at: float = 0.0  # time.monotonic() when the request arrived (before any injected delay): retry timing


def header_value(value: object) -> str:
    """A Python value from `add_article(fields=...)` as the string an article file would hold."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# --------------------------------------------------------------------------- HTTP plumbing


class _SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers (Content-Length is always sent)
    server: _SiteHTTPServer  # the server that made this handler (socketserver sets it)

    def version_string(self) -> str:
        return "DemoNews/1.0"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        response = self.server.demo.respond(self.server.outlet, self.command, self.path, self.headers)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status != 304:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body and response.status != 304:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: tests and the CLI own the terminal
        pass


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 stalls concurrent crawlers for a SYN retry (1 s)

    def __init__(self, address: tuple[str, int], demo: DemoServer, outlet: Outlet):
        self.demo = demo
        self.outlet = outlet
        super().__init__(address, _SiteHandler)

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # a crawler hanging up mid-answer is normal
            return
        super().handle_error(request, client_address)


class DemoServer:
    """All demo sites on 127.0.0.1, each on its own port (ephemeral unless base_port is given)."""

    def __init__(
        self,
        sites: list[str] | None = None,
        root: Path | None = None,
        *,
        host: str = "127.0.0.1",
        base_port: int = 0,
        ports: dict[str, int] | None = None,
    ):
        self.host = host
        self.base_port = base_port
        # Preferred port per site (e.g. the ones an earlier demo crawl used, so its URLs, and with them the
        # document ids, stay the same); a port that is taken falls back to an ephemeral one.
        self.ports = dict(ports or {})
        self.outlets = {name: Outlet(load_site(name, root)) for name in (sites or site_names(root))}
        self._servers: dict[str, _SiteHTTPServer] = {}
        self._lock = threading.Lock()  # guards _requests
        self._requests: list[RequestRecord] = []
        self._faults = Faults()

    # ---- lifecycle

    def start(self) -> DemoServer:
        try:
            return self._start()
        except BaseException:  # a busy port: stop the sites already started, leave no thread serving
            self.stop()
            raise

    def _start(self) -> DemoServer:
        for offset, (name, outlet) in enumerate(self.outlets.items()):
            port = self.ports.get(name) or (self.base_port + offset if self.base_port else 0)
            try:
                server = _SiteHTTPServer((self.host, port), self, outlet)
            except OSError:
                if name not in self.ports:
                    raise
                server = _SiteHTTPServer((self.host, 0), self, outlet)
            outlet.base_url = f"http://{self.host}:{server.server_address[1]}"
            threading.Thread(target=server.serve_forever, args=(0.05,), name=f"demo-{name}", daemon=True).start()
            self._servers[name] = server
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- what tests use

    @property
    def base_urls(self) -> dict[str, str]:
        return {name: outlet.base_url for name, outlet in self.outlets.items()}

    def articles(self, site: str) -> list[Article]:
        """The site's articles, newest first, each with its absolute canonical `url`."""
        return self.outlets[site].articles()

    def add_article(self, site: str, fields: dict[str, object], body: str = "") -> Article:
        """Publish an article at runtime (not written to disk). fields are the article-file header keys;
        id defaults to the next free one, published to now, slug (ASCII) may be given too."""
        outlet = self.outlets[site]
        fields = dict(fields)
        slug = str(fields.pop("slug", "") or "")
        header = {key: header_value(value) for key, value in fields.items()}
        header.setdefault("id", str(outlet.next_id()))
        header.setdefault("published", datetime.now().isoformat(timespec="minutes"))
        article = make_article(site, header, body, slug)
        if article.section not in {s.slug for s in outlet.site.sections}:
            raise ValueError(f"site {site} has no section {article.section!r}")
        return outlet.add(article)

    def inject(
        self,
        site: str | None,
        path_regex: str,
        status: int | None = None,
        times: int | None = 1,
        delay: float = 0.0,
        body: str | bytes | None = None,
    ) -> None:
        """The next `times` requests to `site` (None: any site) whose path+query matches `path_regex`
        (re.search) wait `delay` seconds, then get `status` (None: the normal answer), or `body` as
        UTF-8 HTML (with `status`, else 200) instead of the page."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        self._faults.add(Fault(site, re.compile(path_regex), status, times, delay, body))

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of every request answered so far, in order."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # ---- request handling (called from the handler threads)

    def respond(self, outlet: Outlet, method: str, raw_path: str, headers: RequestHeaders) -> Response:
        arrived = time.monotonic()
        fault = self._faults.take(outlet.site.name, raw_path)
        if fault and fault.delay:
            time.sleep(fault.delay)
        response = fault.response() if fault else None
        if response is None:
            try:
                response = outlet.respond(raw_path, headers)
            except Exception:  # a rendering bug must show up, but as a 500 the crawler can see
                traceback.print_exc()
                response = Response(500, b"internal error", {"Content-Type": "text/plain; charset=utf-8"})
        with self._lock:
            self._requests.append(RequestRecord(outlet.site.name, method, raw_path, response.status, arrived))
        return response


def serve(
    print: Callable[[str], object] = print,
    sites: list[str] | None = None,  # noqa: A002
    base_port: int = 0,
) -> None:
    """Serve the demo sites until Ctrl-C, after printing one `name  display name  URL` line per site.

    `corpus demo --serve` calls this; pass `print` to send the lines elsewhere, `base_port` for fixed
    ports (site i gets base_port + i; 0 = ephemeral)."""
    with DemoServer(sites=sites, base_port=base_port) as server:
        for name, url in server.base_urls.items():
            print(f"{name:<7} {server.outlets[name].site.display_name:<12} {url}/")
        print("Serving the demo sites; press Ctrl-C to stop.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the bundled demo news sites until Ctrl-C.")
    parser.add_argument("--port", type=int, default=0, help="first port (sites get consecutive ports); 0 = any free")
    parser.add_argument("sites", nargs="*", help="site folders to serve (default: all)")
    args = parser.parse_args(argv)
    serve(sites=args.sites or None, base_port=args.port)


if __name__ == "__main__":
    main()
