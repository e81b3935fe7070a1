"""A fifth held-out set of layouts, written by an independent tester who never read cleaners/ or its rules.

Structures none of the earlier sets use: paragraphs and a related block under eight levels of hashed
<div>s, inline cards under labels worded for this set only, a first paragraph in a <strong> lead box, a
match report with line-ups and a score table beside a live-scores widget, a cookie wall longer than the
first paragraph, the story's <h1> before the site's <h1>, Latin brand names and numbers inside RTL text,
one sibling <article> per comment, a JSON-LD articleBody truncated to 200 characters, a Telegram
instant-view page. Furniture in tests/layouts/unseen5_furniture.py. All are held out (see part_of).

Gold conventions as before: headline, deck, body blocks in page order. Added content the gold keeps: the
match's score table (caption line, then one line per row, cells joined by spaces) and line-ups (heading
line, then one line per player), and the brand-name paragraph of the RTL page.
"""

from __future__ import annotations

import random

from tests.layouts import unseen5_furniture as fx
from tests.layouts.render import Body, Page, esc, to_bytes
from tests.layouts.unseen5_furniture import blocks, deck, spots
from tests.layouts.unseen5_more import comments_as_sibling_articles, telegram_instant_view, truncated_json_ld


def _doc(title: str, site: str, body: str, head_extra: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(title)} | {site}</title>"
        f"<meta property='og:title' content='{esc(title)}'>{head_extra}</head><body>{body}</body></html>"
    )


def _hash(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(7))


def deep_hashed_nesting(body: Body, rng: random.Random) -> Page:
    """A CSS-modules build: every paragraph a <p> at the bottom of eight nested <div>s with hashed classes,
    and a related block of headline + excerpt items nested in exactly the same way (same hashes)."""
    site = "منصة الأفق"
    wraps = [_hash(rng) for _ in range(8)]

    def nest(inner: str) -> str:
        return "".join(f"<div class='{c}'>" for c in wraps) + inner + "</div>" * 8

    text = "".join(nest(f"<h2>{esc(t)}</h2>" if k == "sub" else f"<p>{esc(t)}</p>") for k, t in body.blocks)
    related = "".join(
        nest(f"<p><a href='/n/{rng.getrandbits(24):x}'>{t}</a></p><p>{x}</p>")
        for t, x in zip(fx.teasers(rng, 3), rng.sample(fx.EXCERPTS, 3))
    )
    page = _doc(
        body.title,
        site,
        f"<div id='__root'><div class='{_hash(rng)}'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><div "
        f"class='{_hash(rng)}'><h1 class='{_hash(rng)}'>{esc(body.title)}</h1>{deck(body, '<div>{}</div>')}"
        f"<div class='{_hash(rng)}'>{text}</div><div class='{_hash(rng)}'>{related}</div></div><div "
        f"class='{_hash(rng)}'>{fx.copyright_line(site)}</div></div>",
    )
    return Page(to_bytes(page), body.gold())


def labelled_inline_cards(body: Body, rng: random.Random) -> Page:
    """Cards between paragraphs under labels no earlier set used ("على الهامش", "تغطية متصلة", ...): a
    thumbnail, a linked headline and a one-sentence excerpt each."""
    site = "نبض اليوم"
    where = spots(body, rng, 3)
    cards = {
        i: f"<div class='inline-card'><span class='card-label'>{label}</span><img src='/t/{i}.jpg' alt=''><a "
        f"href='/story/{rng.randint(1000, 9999)}'>{t}</a><p>{rng.choice(fx.EXCERPTS).split('،')[0]}.</p></div>"
        for i, label, t in zip(where, rng.sample(fx.CARD_LABELS, 3), fx.teasers(rng, 3))
    }
    page = _doc(
        body.title,
        site,
        f"<header><a href='/'>{site}</a><nav><ul>{fx.menu(rng)}</ul></nav></header><main><h1>{esc(body.title)}"
        f"</h1>{deck(body, '<p class=sub-head>{}</p>')}<div class='byline'>{rng.choice(fx.AUTHORS)} — "
        f"{fx.date_text(rng)}</div><div class='entry'>{blocks(body, inserts=cards)}</div></main><footer>"
        f"{fx.copyright_line(site)}</footer>",
    )
    return Page(to_bytes(page), body.gold())


def strong_lead_box(body: Body, rng: random.Random) -> Page:
    """The first paragraph alone in a bordered lead box as one <strong>, a photo with caption and a share
    row between it and the rest of the text."""
    site = "الرائد"
    lead, rest = (body.blocks[0][1], body.blocks[1:]) if body.blocks[0][0] == "p" else (None, body.blocks)
    box = f"<div class='lead-box'><strong>{esc(lead)}</strong></div>" if lead else ""
    remainder = Body(body.id, body.title, body.deck, rest)
    page = _doc(
        body.title,
        site,
        f"<div class='top'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><div class='news-page'><h1>"
        f"{esc(body.title)}</h1>{deck(body, '<h3 class=kicker>{}</h3>')}{box}<figure><img src='/p/1.jpg' alt=''>"
        f"<figcaption>صورة أرشيفية من موقع الحدث</figcaption></figure><div class='share'><a href='#'>واتساب</a> "
        f"<a href='#'>فيسبوك</a> <a href='#'>نسخ الرابط</a></div><div class='news-text'>{blocks(remainder)}</div>"
        f"</div><footer>{fx.copyright_line(site)}</footer>",
    )
    return Page(to_bytes(page), body.gold())


def match_report(body: Body, rng: random.Random) -> Page:
    """A match report: a score table (halves and total) and the two starting line-ups as <ul>s inside the
    text (content), beside a live-scores widget that is also a table (not content)."""
    site = "الساحة الرياضية"
    home, away = rng.choice(fx.TEAMS)
    h1_, h2_, a1, a2 = (rng.randint(0, 2) for _ in range(4))
    rows = [["الفريق", "الشوط الأول", "الشوط الثاني", "النتيجة"]]
    rows += [[home, str(h1_), str(h2_), str(h1_ + h2_)], [away, str(a1), str(a2), str(a1 + a2)]]
    caption = f"نتيجة مباراة {home} و{away}"
    table = (
        f"<table class='score'><caption>{caption}</caption>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        + "</table>"
    )
    players = rng.sample(fx.PLAYERS, 8)
    lineups = [(f"تشكيلة {home}", players[:4]), (f"تشكيلة {away}", players[4:])]
    lineup_html = "".join(
        f"<h4>{t}</h4><ul class='lineup'>{''.join(f'<li>{p}</li>' for p in ps)}</ul>" for t, ps in lineups
    )
    spot = spots(body, rng, 1)[0]
    live = "".join(
        f"<tr><td>{a}</td><td>{rng.randint(0, 3)} - {rng.randint(0, 3)}</td><td>{b}</td><td>{rng.randint(1, 90)}'"
        f"</td></tr>"
        for a, b in fx.TEAMS
    )
    page = _doc(
        body.title,
        site,
        f"<header><a href='/'>{site}</a><ul>{fx.menu(rng, '/sport/')}</ul></header><div class='layout'><div "
        f"class='match-story'><h1>{esc(body.title)}</h1>{deck(body, '<p class=intro>{}</p>')}<div class='story'>"
        f"{blocks(body, inserts={spot: table + lineup_html})}</div></div><aside class='live-scores'><h3>مباريات "
        f"اليوم</h3><table>{live}</table><a href='/sport/live'>كل النتائج</a></aside></div><footer>"
        f"{fx.copyright_line(site)}</footer>",
    )
    extra = "\n\n".join([caption, *(" ".join(r) for r in rows), *(line for t, ps in lineups for line in (t, *ps))])
    return Page(to_bytes(page), body.gold(extra_before={spot: extra}))


def cookie_wall_first(body: Body, rng: random.Random) -> Page:
    """A consent wall before the page in the DOM, its paragraph longer than the article's first paragraph,
    with accept/reject/settings buttons and a vendor count."""
    site = "ملتقى الأنباء"
    wall = (
        f"<div id='consent' class='overlay' role='dialog'><div class='consent-box'><h2>خصوصيتك تهمنا</h2><p>"
        f"{fx.COOKIE_WALL}</p><p class='vendors'>نتعاون مع {rng.randint(120, 900)} شريكا</p><button>موافق على الكل"
        f"</button><button>رفض</button><button>إعدادات التخصيص</button></div></div>"
    )
    page = _doc(
        body.title,
        site,
        f"{wall}<div class='site'><div class='masthead'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><div "
        f"class='article-wrap'><h1>{esc(body.title)}</h1>{deck(body, '<p class=dek>{}</p>')}<div class='text'>"
        f"{blocks(body)}</div></div><div class='foot'>{fx.copyright_line(site)}</div></div>",
    )
    return Page(to_bytes(page), body.gold())


def story_h1_before_site_h1(body: Body, rng: random.Random) -> Page:
    """Two <h1>s: the story's first in the DOM, the site's (logo) <h1> in a <header> placed after the main
    content (CSS moves it on top); a "latest" strip follows the header."""
    site = "مرصد الشرق"
    latest = "".join(
        f"<li><a href='/l/{n}'>{t}</a> <span>{fx.date_text(rng)}</span></li>" for n, t in enumerate(fx.teasers(rng, 4))
    )
    page = _doc(
        body.title,
        site,
        f"<div class='page' style='display:flex;flex-direction:column-reverse'><main><h1 class='story-title'>"
        f"{esc(body.title)}</h1>{deck(body, '<p class=dek>{}</p>')}<div class='story-body'>{blocks(body)}</div>"
        f"</main><header><h1 class='logo'><a href='/'>{site}</a></h1><nav><ul>{fx.menu(rng)}</ul></nav></header>"
        f"</div><section class='latest'><h2>آخر ما نشر</h2><ul>{latest}</ul></section><footer>"
        f"{fx.copyright_line(site)}</footer>",
    )
    return Page(to_bytes(page), body.gold())


def rtl_latin_brands(body: Body, rng: random.Random) -> Page:
    """RTL text with Latin brand names and Western numbers wrapped in <bdi>/<span dir=ltr> (an added
    paragraph the gold keeps), Latin-named follow links in the header and footer."""
    site = "تِك عربي"
    line = rng.choice(fx.BRAND_LINES)
    marked = " ".join(
        f"<span dir='ltr' lang='en'>{esc(w)}</span>"
        if any("a" <= ch.lower() <= "z" or ch.isdigit() for ch in w)
        else esc(w)
        for w in line.split(" ")
    )
    spot = spots(body, rng, 1)[0]
    follow = " ".join(f"<a href='#' lang='en'>{n}</a>" for n in ("Facebook", "X", "Instagram", "TikTok"))
    page = _doc(
        body.title,
        site,
        f"<header><a href='/'>{site} <bdi>Tech Arabi</bdi></a><div class='follow'>{follow}</div><ul>{fx.menu(rng)}"
        f"</ul></header><article><h1>{esc(body.title)}</h1>{deck(body, '<p>{}</p>')}<div class='content'>"
        f"{blocks(body, inserts={spot: f'<p>{marked}</p>'})}</div></article><footer><span lang='en'>Powered by "
        f"WordPress</span> {follow}{fx.copyright_line(site)}</footer>",
    )
    return Page(to_bytes(page), body.gold(extra_before={spot: line}))


UNSEEN5_LAYOUTS = (
    deep_hashed_nesting,
    labelled_inline_cards,
    strong_lead_box,
    match_report,
    cookie_wall_first,
    story_h1_before_site_h1,
    rtl_latin_brands,
    comments_as_sibling_articles,
    truncated_json_ld,
    telegram_instant_view,
)
