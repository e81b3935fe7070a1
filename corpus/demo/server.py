"""Serve the bundled demo outlets over HTTP on 127.0.0.1, one port per site.

Pages are rendered on every request from the templates in corpus/demo/templates/<layout>/, so an
article added at runtime with `DemoServer.add_article` shows up everywhere at once. Tests can make
paths fail or stall with `DemoServer.inject` and read every request from `DemoServer.requests`.

    with DemoServer() as server:
        server.base_urls["sada"]        # "http://127.0.0.1:PORT"

`python -m corpus.demo.server` (or `serve()`) prints each site's URL and serves until Ctrl-C.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
import threading
import time
import tomllib
import traceback
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from typing import NamedTuple
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape as xml_escape

from corpus.demo.articles import Article, Site, load_site, make_article, newest_first, site_names

TEMPLATES_ROOT = Path(__file__).parent / "templates"
PAGE_SIZE = 5  # teasers per section/tag/author page
FEED_SIZE = 10  # newest articles in the RSS feed
HOME_SIZE = 10
RELATED_SIZE = 4
MOST_READ_SIZE = 5
DEAD_ARTICLE_ID = 8999  # linked from the first section's first page; answers 404
DEAD_ARTICLE_TITLE = "تقرير: ارتفاع أسعار الذهب في الأسواق العالمية"
EPOCH = datetime(2000, 1, 1)

WEEKDAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
MONTHS = {
    "levant": ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
               "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"),
    "egypt": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
              "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
}
EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NUMERIC_FIELDS = {"id", "n", "yyyy", "mm", "dd"}
LISTING_KINDS = ("section", "tag", "author")


class RequestRecord(NamedTuple):
    site: str
    method: str
    path: str  # path with query, as the client sent it
    status: int
    at: float = 0.0  # time.monotonic() when the request arrived (before any injected delay): retry timing


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    site: str | None  # None: every site
    pattern: re.Pattern
    status: int | None  # None: only the delay, then the normal answer
    remaining: int | None  # None: forever
    delay: float
    body: bytes | None = None  # served instead of the page (a changed template, an error page)


# --------------------------------------------------------------------------- layout (templates)


@dataclass
class Layout:
    """A template folder: page templates (*.html), snippets, URL scheme and date style (layout.toml)."""

    name: str
    pages: dict[str, Template]
    snippets: dict[str, Template]
    urls: dict[str, str]
    dates: dict[str, str]
    http_charset: str | None

    @classmethod
    def load(cls, name: str) -> Layout:
        folder = TEMPLATES_ROOT / name
        config = tomllib.loads((folder / "layout.toml").read_text(encoding="utf-8"))
        pages = {p.stem: Template(p.read_text(encoding="utf-8")) for p in folder.glob("*.html")}
        snippets = {key: Template(value.strip("\n")) for key, value in config["snippets"].items()}
        return cls(name, pages, snippets, config["urls"], config["dates"], config.get("http_charset"))

    def snippet(self, key: str, /, **values) -> str:
        """A filled snippet; a layout that has no such snippet renders nothing."""
        template = self.snippets.get(key)
        return template.substitute(values) if template else ""

    def date(self, moment: datetime, style: str) -> str:
        text = Template(self.dates[style]).substitute(
            weekday=WEEKDAYS[moment.weekday()], day=moment.day, month=MONTHS[self.dates["months"]][moment.month - 1],
            mm=f"{moment.month:02d}", year=moment.year, hh=f"{moment.hour:02d}", mi=f"{moment.minute:02d}",
        )
        return text.translate(EASTERN_DIGITS) if self.dates.get("digits") == "eastern" else text


def esc(text: str) -> str:
    """Text content: only <, > and & need escaping (real pages leave quotes as they are)."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """An attribute value."""
    return html.escape(text, quote=True)


def key_for(name: str) -> str:
    """The URL segment of a tag or author name: spaces become hyphens (WordPress style)."""
    return name.strip().replace(" ", "-")


def http_date(moment: datetime) -> str:
    return format_datetime(moment.replace(tzinfo=UTC), usegmt=True)


def iso_date(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds")


def route_regex(pattern: str) -> re.Pattern:
    """"/news/{section}/{id}-{slug}/" -> a regex with named groups (numbers for id, n and dates)."""
    pieces = re.split(r"\{(\w+)\}", pattern)
    regex = "".join(
        re.escape(piece) if i % 2 == 0
        else (rf"(?P<{piece}>\d+)" if piece in NUMERIC_FIELDS else rf"(?P<{piece}>[^/?&#]+)")
        for i, piece in enumerate(pieces)
    )
    return re.compile(regex)


# --------------------------------------------------------------------------- one served site


class Outlet:
    """One demo site: its articles (growing at runtime), its layout, and every page it answers."""

    def __init__(self, site: Site):
        self.site = site
        self.layout = Layout.load(site.layout)
        self.base_url = ""  # set once the socket is bound
        self._articles = list(site.articles)
        self._lock = threading.Lock()
        self.routes = self._route_table()

    # ---- articles

    def articles(self) -> list[Article]:
        """Newest first, each with its absolute canonical URL."""
        with self._lock:
            articles = list(self._articles)
        return [replace(a, url=self.base_url + self.article_path(a)) for a in articles]

    def add(self, article: Article) -> Article:
        with self._lock:
            if any(a.id == article.id for a in self._articles):
                raise ValueError(f"site {self.site.name} already has article id {article.id}")
            self._articles.append(article)
            self._articles.sort(key=newest_first)
        return replace(article, url=self.base_url + self.article_path(article))

    def next_id(self) -> int:
        with self._lock:
            return max((a.id for a in self._articles), default=0) + 1

    # ---- URLs (all root-relative; the canonical link and feeds make them absolute)

    def article_path(self, article: Article) -> str:
        moment = article.published
        return self.layout.urls["article"].format(
            id=article.id, slug=article.slug, section=article.section,
            yyyy=f"{moment.year:04d}", mm=f"{moment.month:02d}", dd=f"{moment.day:02d}",
        )

    def old_path(self, article: Article) -> str:
        return self.layout.urls["old_article"].format(id=article.id)

    def listing_path(self, kind: str, key: str, page: int = 1) -> str:
        path = self.layout.urls[kind].format(key=quote(key, safe=""))
        return path if page == 1 else path + self.layout.urls["page"].format(n=page)

    def dead_article_path(self) -> str:
        first = self.site.sections[0].slug
        return self.layout.urls["article"].format(
            id=DEAD_ARTICLE_ID, slug="deleted-report", section=first, yyyy="2023", mm="01", dd="15")

    def _route_table(self) -> list[tuple[str, re.Pattern, bool]]:
        urls = self.layout.urls
        patterns = [("robots", "/robots.txt"), ("sitemap", "/sitemap.xml"), ("feed", urls["feed"]),
                    ("article", urls["article"]), ("old_article", urls["old_article"])]
        for kind in LISTING_KINDS:
            patterns += [(kind, urls[kind] + urls["page"]), (kind, urls[kind])]
        patterns.append(("home", "/"))
        # Patterns with a query string are tried first and against path+query; the rest against the path.
        patterns.sort(key=lambda item: "?" not in item[1])
        return [(kind, route_regex(pattern), "?" in pattern) for kind, pattern in patterns]

    # ---- dispatch

    def respond(self, raw_path: str, headers) -> Response:
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

    def listing(self, kind: str, key: str) -> tuple[str, list[Article]] | None:
        """The heading and the articles of a section, tag or author page; None if no such page."""
        articles = self.articles()
        if kind == "section":
            names = {s.slug: s.name for s in self.site.sections}
            if key not in names:
                return None
            return esc(names[key]), [a for a in articles if a.section == key]
        if kind == "tag":
            chosen = [a for a in articles if any(key_for(t) == key for t in a.tags)]
            name = next((t for a in chosen for t in a.tags if key_for(t) == key), "")
        else:
            chosen = [a for a in articles if a.author and key_for(a.author) == key]
            name = chosen[0].author if chosen else ""
        return (self.layout.snippet(f"heading_{kind}", name=esc(name)), chosen) if chosen else None

    def serve_xml(self, kind: str, headers) -> Response:
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
        return Response(status, body, {"Content-Type": f"text/html; charset={charset}",
                                       "Content-Language": lang})

    def text_response(self, text: str, content_type: str) -> Response:
        return Response(200, text.encode("utf-8"), {"Content-Type": content_type})

    def redirect(self, path: str) -> Response:
        return Response(301, b"", {"Location": path, "Content-Type": "text/html; charset=utf-8"})

    def not_found(self) -> Response:
        return self.html_response(404, self.render_shell(
            main=self.layout.pages["notfound"].substitute(home="/"),
            title=self.layout.snippet("title_listing", heading="الصفحة غير موجودة", site_name=esc(self.site.display_name)),
            head="",
        ))

    # ---- rendering

    def render_shell(self, main: str, title: str, head: str, lang: str = "ar") -> str:
        """The page around the main content: menus, ticker, most read, prompts, footer, cookie notice."""
        articles = self.articles()
        snippet = self.layout.snippet
        nav = "\n".join(snippet("nav_item", href=self.listing_path("section", s.slug), name=esc(s.name))
                        for s in self.site.sections)
        popular = "\n".join(snippet("most_read_item", href=self.article_path(a), title=esc(a.title), rank=rank)
                            for rank, a in enumerate(most_read(articles), 1))
        ticker = "\n".join(snippet("ticker_item", href=self.article_path(a), title=esc(a.title)) for a in articles[:3])
        return self.layout.pages["page"].substitute(
            lang=lang, dir="ltr" if lang == "en" else "rtl", charset=self.site.encoding, title=title, head=head,
            site_name=esc(self.site.display_name), nav=nav, most_read=popular, ticker=ticker, main=main,
            feed_href=self.layout.urls["feed"],
        )

    def render_article(self, article: Article) -> str:
        snippet = self.layout.snippet
        others = [a for a in self.articles() if a.id != article.id]
        teaser_target, also_target = neighbours(others, article)
        section = self.site.section(article.section)
        section_href = self.listing_path("section", section.slug)
        body = self.render_body(article, teaser_target)
        credit = snippet("credit", credit=esc(article.source_credit)) if article.source_credit else ""
        tags = "\n".join(snippet("tag", href=self.listing_path("tag", key_for(t)), tag=esc(t)) for t in article.tags)
        older, newer = self.older_and_newer(article)
        main = self.layout.pages["article"].substitute(
            id=article.id, title=esc(article.title), section_href=section_href, section_name=esc(section.name),
            section_stretched=esc(stretch(section.name)), date=self.layout.date(article.published, "article"),
            subtitle=snippet("subtitle", subtitle=esc(article.subtitle)) if article.subtitle else "",
            byline=snippet("byline", author=esc(article.author), href=self.listing_path("author", key_for(article.author)))
            if article.author else "",
            body=body, credit=credit,
            body_repeat=snippet("repeat", title=esc(article.title), body=self.render_body(article, teaser_target),
                                credit=credit) if article.print_twice else "",
            tags=snippet("tags", items=tags) if tags else "",
            read_also=snippet("read_also", href=self.article_path(also_target), title=esc(also_target.title),
                              body=self.render_body(also_target, None)) if also_target else "",
            related="\n".join(snippet("related_item", href=self.article_path(a), title=esc(a.title),
                                      date=self.layout.date(a.published, "teaser")) for a in related(others, article)),
            prev=self.neighbour_link("prev", older), next=self.neighbour_link("next", newer),
            share_url=quote(article.url, safe=""),
        )
        head = snippet("head_article", canonical=attr(article.url), title=attr(article.title),
                       description=attr(summary(article)), published=iso_date(article.published),
                       section_name=attr(section.name), site_name=attr(self.site.display_name),
                       keywords=attr(", ".join(article.tags)), lang=article.lang)
        title = snippet("title_article", headline=esc(article.title), site_name=esc(self.site.display_name),
                        section_name=esc(section.name))
        return self.render_shell(main, title, head, lang=article.lang)

    def render_body(self, article: Article, teaser_target: Article | None) -> str:
        """Paragraphs and subheadings, with the "read more" teaser box in the middle of the body."""
        snippet = self.layout.snippet
        parts = [snippet("subheading" if b.heading else "paragraph", text=esc(b.text)) for b in article.blocks]
        if teaser_target is not None:
            box = snippet("readmore", href=self.article_path(teaser_target), title=esc(teaser_target.title))
            position = max(1, len(parts) // 2)
            while position > 1 and article.blocks[position - 1].heading:  # keep a subheading with its paragraph
                position -= 1
            parts.insert(position, box)
        return "\n".join(parts)

    def neighbour_link(self, which: str, article: Article | None) -> str:
        if article is None:
            return ""
        section = self.site.section(article.section)
        return self.layout.snippet(which, href=self.article_path(article), title=esc(article.title),
                                   section_name=esc(section.name))

    def older_and_newer(self, article: Article) -> tuple[Article | None, Article | None]:
        articles = self.articles()  # newest first
        index = next(i for i, a in enumerate(articles) if a.id == article.id)
        older = articles[index + 1] if index + 1 < len(articles) else None
        newer = articles[index - 1] if index > 0 else None
        return older, newer

    def render_teasers(self, articles: list[Article]) -> str:
        snippet = self.layout.snippet
        return "\n".join(
            snippet("teaser", href=self.article_path(a), title=esc(a.title), summary=esc(summary(a)),
                    date=self.layout.date(a.published, "teaser"),
                    section_name=esc(self.site.section(a.section).name),
                    section_href=self.listing_path("section", a.section))
            for a in articles)

    def render_listing(self, kind: str, key: str, heading: str, articles: list[Article], page: int) -> str:
        snippet = self.layout.snippet
        shown = articles[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        pager = []
        if page > 1:
            pager.append(snippet("page_prev", href=self.listing_path(kind, key, page - 1)))
        if page * PAGE_SIZE < len(articles):
            pager.append(snippet("page_next", href=self.listing_path(kind, key, page + 1)))
        items = self.render_teasers(shown)
        if kind == "section" and key == self.site.sections[0].slug and page == 1:
            items += "\n" + snippet("teaser", href=self.dead_article_path(), title=esc(DEAD_ARTICLE_TITLE),
                                    summary="", date="", section_name=heading, section_href=self.listing_path(kind, key))
        main = self.layout.pages["listing"].substitute(heading=heading, items=items, pager="\n".join(pager), page=page)
        canonical = self.base_url + self.listing_path(kind, key, page)
        return self.render_shell(main, self.layout.snippet("title_listing", heading=heading, site_name=esc(self.site.display_name)),
                                 snippet("head_listing", canonical=attr(canonical)))

    def render_home(self) -> str:
        articles = self.articles()
        oldest = articles[-1] if articles else None
        main = self.layout.pages["home"].substitute(
            items=self.render_teasers(articles[:HOME_SIZE]),
            archive=self.layout.snippet("archive", href=self.old_path(oldest), title=esc(oldest.title)) if oldest else "",
        )
        title = self.layout.snippet("title_listing", heading="الرئيسية", site_name=esc(self.site.display_name))
        return self.render_shell(main, title, self.layout.snippet("head_listing", canonical=attr(self.base_url + "/")))

    def render_private(self) -> str:
        """Disallowed in robots.txt but linked from the footer: a polite crawler never asks for it."""
        main = self.layout.pages["listing"].substitute(heading="منطقة المحررين", items="", pager="", page=1)
        return self.render_shell(main, "منطقة المحررين", "")

    # ---- robots, sitemap, feed

    def robots_txt(self) -> str:
        return f"User-agent: *\nDisallow: /private/\n\nSitemap: {self.base_url}/sitemap.xml\n"

    def sitemap_xml(self, articles: list[Article]) -> str:
        urls = "".join(f"<url><loc>{xml_escape(a.url)}</loc><lastmod>{iso_date(a.published)}</lastmod></url>\n"
                       for a in articles)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')

    def feed_xml(self, articles: list[Article]) -> str:
        items = "".join(
            "<item>"
            f"<title>{xml_escape(a.title)}</title><link>{xml_escape(a.url)}</link>"
            f'<guid isPermaLink="true">{xml_escape(a.url)}</guid><pubDate>{http_date(a.published)}</pubDate>'
            f"<category>{xml_escape(self.site.section(a.section).name)}</category>"
            f"<description>{xml_escape(summary(a))}</description>"
            "</item>\n"
            for a in articles[:FEED_SIZE])
        newest = max((a.published for a in articles), default=EPOCH)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
                f"<title>{xml_escape(self.site.display_name)}</title><link>{self.base_url}/</link>"
                f"<description>{xml_escape(self.site.display_name)} - آخر الأخبار</description>"
                f"<language>ar</language><lastBuildDate>{http_date(newest)}</lastBuildDate>\n"
                f"{items}</channel></rss>\n")


def not_modified(headers, etag: str, last_modified: datetime) -> bool:
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


def summary(article: Article, words: int = 25) -> str:
    """Subtitle, or the start of the first paragraph: what teasers and feeds show."""
    if article.subtitle:
        return article.subtitle
    first = next((b.text for b in article.blocks if not b.heading), article.blocks[0].text).split()
    return " ".join(first[:words]) + (" …" if len(first) > words else "")


def neighbours(others: list[Article], article: Article) -> tuple[Article | None, Article | None]:
    """Two other articles for the in-body teaser and the "read also" block: the next older ones, wrapping."""
    if not others:
        return None, None
    older = [a for a in others if newest_first(a) > newest_first(article)] + [
        a for a in others if newest_first(a) < newest_first(article)]
    return older[0], (older[1] if len(older) > 1 else None)


def related(others: list[Article], article: Article) -> list[Article]:
    """Same section first (newest first), then the rest."""
    same = [a for a in others if a.section == article.section]
    rest = [a for a in others if a.section != article.section]
    return (same + rest)[:RELATED_SIZE]


def most_read(articles: list[Article]) -> list[Article]:
    """A stable pseudo-popularity order, so the box differs from "newest"."""
    return sorted(articles, key=lambda a: (a.id * 2654435761) % 2**32)[:MOST_READ_SIZE]


def stretch(name: str) -> str:
    """Section labels drawn with tatweel, as Al-Thabat prints "دولــي"."""
    return name[:-1] + "ــ" + name[-1] if len(name) > 2 else name


def header_value(value) -> str:
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
    def version_string(self):
        return "DemoNews/1.0"

    def do_GET(self):
        self._answer(send_body=True)

    def do_HEAD(self):
        self._answer(send_body=False)

    def _answer(self, send_body: bool):
        response = self.server.demo.respond(self.server.outlet, self.command, self.path, self.headers)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status != 304:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body and response.status != 304:
            self.wfile.write(response.body)

    def log_message(self, format, *args):  # noqa: A002 - quiet: tests and the CLI own the terminal
        pass


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 stalls concurrent crawlers for a SYN retry (1 s)

    def __init__(self, address, demo: DemoServer, outlet: Outlet):
        self.demo = demo
        self.outlet = outlet
        super().__init__(address, _SiteHandler)

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):  # a crawler hanging up mid-answer is normal
            return
        super().handle_error(request, client_address)


class DemoServer:
    """All demo sites on 127.0.0.1, each on its own port (ephemeral unless base_port is given)."""

    def __init__(self, sites: list[str] | None = None, root: Path | None = None, *,
                 host: str = "127.0.0.1", base_port: int = 0, ports: dict[str, int] | None = None):
        self.host = host
        self.base_port = base_port
        # Preferred port per site (e.g. the ones an earlier demo crawl used, so its URLs, and with them the
        # document ids, stay the same); a port that is taken falls back to an ephemeral one.
        self.ports = dict(ports or {})
        self.outlets = {name: Outlet(load_site(name, root)) for name in (sites or site_names(root))}
        self._servers: dict[str, _SiteHTTPServer] = {}
        self._lock = threading.Lock()  # guards _requests and _faults
        self._requests: list[RequestRecord] = []
        self._faults: list[Fault] = []

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

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---- what tests use

    @property
    def base_urls(self) -> dict[str, str]:
        return {name: outlet.base_url for name, outlet in self.outlets.items()}

    def articles(self, site: str) -> list[Article]:
        """The site's articles, newest first, each with its absolute canonical `url`."""
        return self.outlets[site].articles()

    def add_article(self, site: str, fields: dict, body: str = "") -> Article:
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

    def inject(self, site: str | None, path_regex: str, status: int | None = None,
               times: int | None = 1, delay: float = 0.0, body: str | bytes | None = None) -> None:
        """The next `times` requests to `site` (None: any site) whose path+query matches `path_regex`
        (re.search) wait `delay` seconds, then get `status` (None: the normal answer), or `body` as
        UTF-8 HTML (with `status`, else 200) instead of the page."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        with self._lock:
            self._faults.append(Fault(site, re.compile(path_regex), status, times, delay, body))

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of every request answered so far, in order."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # ---- request handling (called from the handler threads)

    def respond(self, outlet: Outlet, method: str, raw_path: str, headers) -> Response:
        arrived = time.monotonic()
        fault = self._take_fault(outlet.site.name, raw_path)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.body is not None:
            response = Response(fault.status or 200, fault.body, {"Content-Type": "text/html; charset=utf-8"})
        elif fault and fault.status:
            response = fault_response(fault.status)
        else:
            try:
                response = outlet.respond(raw_path, headers)
            except Exception:  # a rendering bug must show up, but as a 500 the crawler can see
                traceback.print_exc()
                response = Response(500, b"internal error", {"Content-Type": "text/plain; charset=utf-8"})
        with self._lock:
            self._requests.append(RequestRecord(outlet.site.name, method, raw_path, response.status, arrived))
        return response

    def _take_fault(self, site: str, raw_path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.remaining != 0 and fault.site in (None, site) and fault.pattern.search(raw_path):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
        return None


def fault_response(status: int) -> Response:
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    if status in (429, 503):
        headers["Retry-After"] = "1"
    return Response(status, f"injected {status}".encode(), headers)


def serve(print=print, sites: list[str] | None = None, base_port: int = 0) -> None:  # noqa: A002
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
