"""What a demo site shows: its articles (growing at runtime), their URLs, and every page rendered from
the layout's templates (article, listing, home, private, robots.txt, sitemap, feed)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from corpus.demo.articles import Article, Site, newest_first
from corpus.demo.layout import Layout, attr, esc, http_date, iso_date, key_for

PAGE_SIZE = 5  # teasers per section/tag/author page
FEED_SIZE = 10  # newest articles in the RSS feed
HOME_SIZE = 10
RELATED_SIZE = 4
MOST_READ_SIZE = 5
DEAD_ARTICLE_ID = 8999  # linked from the first section's first page; answers 404
DEAD_ARTICLE_TITLE = "تقرير: ارتفاع أسعار الذهب في الأسواق العالمية"
EPOCH = datetime(2000, 1, 1)


class SitePages:
    """One demo site's articles, URLs and rendered pages (HTTP answers are the Outlet's job)."""

    def __init__(self, site: Site):
        self.site = site
        self.layout = Layout.load(site.layout)
        self.base_url = ""  # set once the socket is bound
        self._articles = list(site.articles)
        self._lock = threading.Lock()

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
            id=article.id,
            slug=article.slug,
            section=article.section,
            yyyy=f"{moment.year:04d}",
            mm=f"{moment.month:02d}",
            dd=f"{moment.day:02d}",
        )

    def old_path(self, article: Article) -> str:
        return self.layout.urls["old_article"].format(id=article.id)

    def listing_path(self, kind: str, key: str, page: int = 1) -> str:
        path = self.layout.urls[kind].format(key=quote(key, safe=""))
        return path if page == 1 else path + self.layout.urls["page"].format(n=page)

    def dead_article_path(self) -> str:
        first = self.site.sections[0].slug
        return self.layout.urls["article"].format(
            id=DEAD_ARTICLE_ID, slug="deleted-report", section=first, yyyy="2023", mm="01", dd="15"
        )

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

    # ---- rendering

    def render_shell(self, main: str, title: str, head: str, lang: str = "ar") -> str:
        """The page around the main content: menus, ticker, most read, prompts, footer, cookie notice."""
        articles = self.articles()
        snippet = self.layout.snippet
        nav = "\n".join(
            snippet("nav_item", href=self.listing_path("section", s.slug), name=esc(s.name)) for s in self.site.sections
        )
        popular = "\n".join(
            snippet("most_read_item", href=self.article_path(a), title=esc(a.title), rank=rank)
            for rank, a in enumerate(most_read(articles), 1)
        )
        ticker = "\n".join(snippet("ticker_item", href=self.article_path(a), title=esc(a.title)) for a in articles[:3])
        return self.layout.pages["page"].substitute(
            lang=lang,
            dir="ltr" if lang == "en" else "rtl",
            charset=self.site.encoding,
            title=title,
            head=head,
            site_name=esc(self.site.display_name),
            nav=nav,
            most_read=popular,
            ticker=ticker,
            main=main,
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
            id=article.id,
            title=esc(article.title),
            section_href=section_href,
            section_name=esc(section.name),
            section_stretched=esc(stretch(section.name)),
            date=self.layout.date(article.published, "article"),
            subtitle=snippet("subtitle", subtitle=esc(article.subtitle)) if article.subtitle else "",
            byline=snippet(
                "byline", author=esc(article.author), href=self.listing_path("author", key_for(article.author))
            )
            if article.author
            else "",
            body=body,
            credit=credit,
            body_repeat=snippet(
                "repeat", title=esc(article.title), body=self.render_body(article, teaser_target), credit=credit
            )
            if article.print_twice
            else "",
            tags=snippet("tags", items=tags) if tags else "",
            read_also=snippet(
                "read_also",
                href=self.article_path(also_target),
                title=esc(also_target.title),
                body=self.render_body(also_target, None),
            )
            if also_target
            else "",
            related="\n".join(
                snippet(
                    "related_item",
                    href=self.article_path(a),
                    title=esc(a.title),
                    date=self.layout.date(a.published, "teaser"),
                )
                for a in related(others, article)
            ),
            prev=self.neighbour_link("prev", older),
            next=self.neighbour_link("next", newer),
            share_url=quote(article.url, safe=""),
        )
        head = snippet(
            "head_article",
            canonical=attr(article.url),
            title=attr(article.title),
            description=attr(summary(article)),
            published=iso_date(article.published),
            section_name=attr(section.name),
            site_name=attr(self.site.display_name),
            keywords=attr(", ".join(article.tags)),
            lang=article.lang,
        )
        title = snippet(
            "title_article",
            headline=esc(article.title),
            site_name=esc(self.site.display_name),
            section_name=esc(section.name),
        )
        return self.render_shell(main, title, head, lang=article.lang)

    def render_body(self, article: Article, teaser_target: Article | None) -> str:
        """Paragraphs and subheadings, with the "read more" teaser box in the middle of the body and the
        outlet's house line (if it has one) first or last, a plain paragraph as its CMS adds it."""
        snippet = self.layout.snippet
        parts = [snippet("subheading" if b.heading else "paragraph", text=esc(b.text)) for b in article.blocks]
        if teaser_target is not None:
            box = snippet("readmore", href=self.article_path(teaser_target), title=esc(teaser_target.title))
            position = max(1, len(parts) // 2)
            while position > 1 and article.blocks[position - 1].heading:  # keep a subheading with its paragraph
                position -= 1
            parts.insert(position, box)
        if self.site.house_line:
            house = snippet("paragraph", text=esc(self.site.house_line))
            parts.insert(0 if self.site.house_line_at == "start" else len(parts), house)
        return "\n".join(parts)

    def neighbour_link(self, which: str, article: Article | None) -> str:
        if article is None:
            return ""
        section = self.site.section(article.section)
        return self.layout.snippet(
            which, href=self.article_path(article), title=esc(article.title), section_name=esc(section.name)
        )

    def older_and_newer(self, article: Article) -> tuple[Article | None, Article | None]:
        articles = self.articles()  # newest first
        index = next(i for i, a in enumerate(articles) if a.id == article.id)
        older = articles[index + 1] if index + 1 < len(articles) else None
        newer = articles[index - 1] if index > 0 else None
        return older, newer

    def render_teasers(self, articles: list[Article]) -> str:
        snippet = self.layout.snippet
        return "\n".join(
            snippet(
                "teaser",
                href=self.article_path(a),
                title=esc(a.title),
                summary=esc(summary(a)),
                date=self.layout.date(a.published, "teaser"),
                section_name=esc(self.site.section(a.section).name),
                section_href=self.listing_path("section", a.section),
            )
            for a in articles
        )

    def render_listing(self, kind: str, key: str, heading: str, articles: list[Article], page: int) -> str:
        snippet = self.layout.snippet
        shown = articles[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        pager = []
        if page > 1:
            pager.append(snippet("page_prev", href=self.listing_path(kind, key, page - 1)))
        if page * PAGE_SIZE < len(articles):
            pager.append(snippet("page_next", href=self.listing_path(kind, key, page + 1)))
        items = self.render_teasers(shown)
        if kind == "section" and key == self.site.sections[0].slug and page == 1:
            items += "\n" + snippet(
                "teaser",
                href=self.dead_article_path(),
                title=esc(DEAD_ARTICLE_TITLE),
                summary="",
                date="",
                section_name=heading,
                section_href=self.listing_path(kind, key),
            )
        main = self.layout.pages["listing"].substitute(heading=heading, items=items, pager="\n".join(pager), page=page)
        canonical = self.base_url + self.listing_path(kind, key, page)
        return self.render_shell(
            main,
            self.layout.snippet("title_listing", heading=heading, site_name=esc(self.site.display_name)),
            snippet("head_listing", canonical=attr(canonical)),
        )

    def render_home(self) -> str:
        articles = self.articles()
        oldest = articles[-1] if articles else None
        main = self.layout.pages["home"].substitute(
            items=self.render_teasers(articles[:HOME_SIZE]),
            archive=self.layout.snippet("archive", href=self.old_path(oldest), title=esc(oldest.title))
            if oldest
            else "",
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
        urls = "".join(
            f"<url><loc>{xml_escape(a.url)}</loc><lastmod>{iso_date(a.published)}</lastmod></url>\n" for a in articles
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
        )

    def feed_xml(self, articles: list[Article]) -> str:
        items = "".join(
            "<item>"
            f"<title>{xml_escape(a.title)}</title><link>{xml_escape(a.url)}</link>"
            f'<guid isPermaLink="true">{xml_escape(a.url)}</guid><pubDate>{http_date(a.published)}</pubDate>'
            f"<category>{xml_escape(self.site.section(a.section).name)}</category>"
            f"<description>{xml_escape(summary(a))}</description>"
            "</item>\n"
            for a in articles[:FEED_SIZE]
        )
        newest = max((a.published for a in articles), default=EPOCH)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
            f"<title>{xml_escape(self.site.display_name)}</title><link>{self.base_url}/</link>"
            f"<description>{xml_escape(self.site.display_name)} - آخر الأخبار</description>"
            f"<language>ar</language><lastBuildDate>{http_date(newest)}</lastBuildDate>\n"
            f"{items}</channel></rss>\n"
        )


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
        a for a in others if newest_first(a) < newest_first(article)
    ]
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
