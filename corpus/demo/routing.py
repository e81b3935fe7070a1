"""How a demo site answers a request path: the route table from the layout's URL scheme, redirects to
canonical URLs, 404s, and conditional sitemap/feed answers (ETag, Last-Modified, 304)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import unquote

from corpus.demo.articles import Article, Site
from corpus.demo.layout import esc, http_date
from corpus.demo.rendering import EPOCH, PAGE_SIZE, SitePages


class RequestHeaders(Protocol):
    """A request's headers as a site reads them: http.server's message, or a dict."""

    def get(self, name: str, /) -> str | None: ...


NUMERIC_FIELDS = {"id", "n", "yyyy", "mm", "dd"}
LISTING_KINDS = ("section", "tag", "author")


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def route_regex(pattern: str) -> re.Pattern[str]:
    """ "/news/{section}/{id}-{slug}/" -> a regex with named groups (numbers for id, n and dates)."""
    pieces = re.split(r"\{(\w+)\}", pattern)
    regex = "".join(
        re.escape(piece)
        if i % 2 == 0
        else (rf"(?P<{piece}>\d+)" if piece in NUMERIC_FIELDS else rf"(?P<{piece}>[^/?&#]+)")
        for i, piece in enumerate(pieces)
    )
    return re.compile(regex)


class Outlet(SitePages):
    """One demo site: its pages (SitePages) and the HTTP answer to every path it is asked for."""

    def __init__(self, site: Site):
        super().__init__(site)
        self.routes = self._route_table()

    def _route_table(self) -> list[tuple[str, re.Pattern[str], bool]]:
        urls = self.layout.urls
        patterns = [
            ("robots", "/robots.txt"),
            ("sitemap", "/sitemap.xml"),
            ("feed", urls["feed"]),
            ("article", urls["article"]),
            ("old_article", urls["old_article"]),
        ]
        for kind in LISTING_KINDS:
            patterns += [(kind, urls[kind] + urls["page"]), (kind, urls[kind])]
        patterns.append(("home", "/"))
        # Patterns with a query string are tried first and against path+query; the rest against the path.
        patterns.sort(key=lambda item: "?" not in item[1])
        return [(kind, route_regex(pattern), "?" in pattern) for kind, pattern in patterns]

    # ---- dispatch

    def respond(self, raw_path: str, headers: RequestHeaders) -> Response:
        path = raw_path.split("?", 1)[0]
        if path.startswith("/private/"):
            return self.html_response(200, self.render_private())
        for kind, regex, with_query in self.routes:
            match = regex.fullmatch(raw_path if with_query else path)
            if not match:
                continue
            params = match.groupdict()
            if kind == "article":
                response = self.serve_article(int(params["id"]), raw_path)
            elif kind == "old_article":
                response = self.serve_old_article(int(params["id"]))
            elif kind in LISTING_KINDS:
                response = self.serve_listing(kind, unquote(params["key"]), int(params.get("n") or 1))
            elif kind == "home":
                response = self.html_response(200, self.render_home())
            elif kind == "robots":
                response = self.text_response(self.robots_txt(), "text/plain; charset=utf-8")
            else:
                response = self.serve_xml(kind, headers)
            return response or self.not_found()
        return self.not_found()

    def find(self, article_id: int) -> Article | None:
        return next((a for a in self.articles() if a.id == article_id), None)

    def serve_article(self, article_id: int, raw_path: str) -> Response | None:
        article = self.find(article_id)
        if article is None:
            return None
        if raw_path != self.article_path(article):  # wrong slug/section/date: send to the canonical URL
            return self.redirect(self.article_path(article))
        return self.html_response(200, self.render_article(article), lang=article.lang)

    def serve_old_article(self, article_id: int) -> Response | None:
        article = self.find(article_id)
        return self.redirect(self.article_path(article)) if article else None

    def serve_listing(self, kind: str, key: str, page: int) -> Response | None:
        found = self.listing(kind, key)
        if found is None:
            return None
        heading, articles = found
        start = (page - 1) * PAGE_SIZE
        if page < 1 or (page > 1 and start >= len(articles)):
            return None
        return self.html_response(200, self.render_listing(kind, key, heading, articles, page))

    def serve_xml(self, kind: str, headers: RequestHeaders) -> Response:
        """sitemap.xml or the feed, with ETag/Last-Modified validators and 304 on a match."""
        articles = self.articles()
        body = (self.sitemap_xml(articles) if kind == "sitemap" else self.feed_xml(articles)).encode("utf-8")
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        last_modified = max((a.published for a in articles), default=EPOCH)
        content_type = "application/xml; charset=utf-8" if kind == "sitemap" else "application/rss+xml; charset=utf-8"
        validators = {"ETag": etag, "Last-Modified": http_date(last_modified)}
        if not_modified(headers, etag, last_modified):
            return Response(304, b"", validators)
        return Response(200, body, {"Content-Type": content_type, **validators})

    # ---- responses

    def html_response(self, status: int, page: str, lang: str = "ar") -> Response:
        body = page.encode(self.site.encoding, errors="xmlcharrefreplace")
        charset = self.layout.http_charset or self.site.encoding
        return Response(status, body, {"Content-Type": f"text/html; charset={charset}", "Content-Language": lang})

    def text_response(self, text: str, content_type: str) -> Response:
        return Response(200, text.encode("utf-8"), {"Content-Type": content_type})

    def redirect(self, path: str) -> Response:
        return Response(301, b"", {"Location": path, "Content-Type": "text/html; charset=utf-8"})

    def not_found(self) -> Response:
        return self.html_response(
            404,
            self.render_shell(
                main=self.layout.pages["notfound"].substitute(home="/"),
                title=self.layout.snippet(
                    "title_listing", heading="الصفحة غير موجودة", site_name=esc(self.site.display_name)
                ),
                head="",
            ),
        )


def not_modified(headers: RequestHeaders, etag: str, last_modified: datetime) -> bool:
    """If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified.replace(tzinfo=UTC) <= since
    return False
