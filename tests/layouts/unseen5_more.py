"""More layouts of the fifth held-out set (tests/layouts/unseen5.py holds the list and the gold conventions)."""

from __future__ import annotations

import json
import random

from tests.layouts import unseen5_furniture as fx
from tests.layouts.render import Body, Page, esc, to_bytes
from tests.layouts.unseen5_furniture import blocks, deck


def _doc(title: str, site: str, body: str, head_extra: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(title)} - {site}</title>"
        f"{head_extra}</head><body>{body}</body></html>"
    )


def comments_as_sibling_articles(body: Body, rng: random.Random) -> Page:
    """The story in an <article>, each reader comment a sibling <article> after it (header with name and
    time, a <p> of text, a footer with reply and like count), under only a count line."""
    site = "صوت المدينة"
    count = rng.randint(3, 5)
    comments = "".join(
        f"<article class='c'><header><b>{name}</b> <time>منذ {rng.randint(2, 50)} دقيقة</time></header><p>{text}"
        f"</p><footer><a href='#'>رد</a> <span>👍 {rng.randint(0, 90)}</span></footer></article>"
        for name, text in zip(rng.sample(fx.COMMENTERS, count), rng.sample(fx.COMMENT_TEXTS, count))
    )
    page = _doc(
        body.title,
        site,
        f"<header><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></header><main><article class='story'><h1>"
        f"{esc(body.title)}</h1>{deck(body, '<p class=dek>{}</p>')}{blocks(body)}</article><p class='n'>{count} "
        f"تعليقات</p>{comments}</main><footer>{fx.copyright_line(site)}</footer>",
    )
    return Page(to_bytes(page), body.gold())


def truncated_json_ld(body: Body, rng: random.Random) -> Page:
    """A JSON-LD NewsArticle whose articleBody is the first 200 characters and "..." (the CMS truncates
    it) while the HTML holds the whole text; a "more from the author" list after the text."""
    site = "المنبر الإخباري"
    full = " ".join(text for _, text in body.blocks)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": body.title,
        "articleBody": full[:200] + "...",
        "author": {"@type": "Person", "name": rng.choice(fx.AUTHORS)},
    }
    ld = f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script>"
    more = "".join(f"<li><a href='/a/{n}'>{t}</a></li>" for n, t in enumerate(fx.teasers(rng, 4)))
    page = _doc(
        body.title,
        site,
        f"<div class='hdr'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><div class='post'><h1>"
        f"{esc(body.title)}</h1>{deck(body, '<h2 class=summary>{}</h2>')}<div class='post-body'>{blocks(body)}"
        f"</div><div class='author-more'><h3>المزيد للكاتب</h3><ul>{more}</ul></div></div><div class='ftr'>"
        f"{fx.copyright_line(site)}</div>",
        ld,
    )
    return Page(to_bytes(page), body.gold())


def telegram_instant_view(body: Body, rng: random.Random) -> Page:
    """A Telegram instant-view / telegra.ph page: article.tl_article_content with an <address> (channel
    and time), <p> paragraphs and <h3> sub-headings; an "open in Telegram" channel card with a subscriber
    count, a views counter and a report link."""
    channel = "قناة الخبر العاجل"
    card = (
        f"<div class='tgme_channel'><div class='tgme_title'>{channel}</div><div class='tgme_extra'>"
        f"{rng.randint(10, 900)}.{rng.randint(1, 9)}K مشترك</div><div class='tgme_description'>تابعوا آخر الأخبار "
        f"لحظة بلحظة على قناتنا</div><a class='tgme_action_button' href='tg://resolve'>افتح في تيليغرام</a></div>"
    )
    page = _doc(
        body.title,
        "Telegraph",
        f"<div class='tl_page_wrap'><div class='tl_page'><main class='tl_article'><header class='tl_article_header'>"
        f"<h1>{esc(body.title)}</h1><address><a rel='author' href='https://t.me/x'>{channel}</a> • <time>"
        f"{fx.date_text(rng)}</time></address></header><article class='tl_article_content' id='_tl_editor'>"
        f"{deck(body, '<p><em>{}</em></p>')}{blocks(body, sub='<h3>{}</h3>')}</article><div class='tl_article_buttons'"
        f"><span class='views'>👁 {rng.randint(1, 99)}.{rng.randint(1, 9)}K</span> <a href='#'>الإبلاغ عن محتوى</a>"
        f"</div></main>{card}</div></div>",
        "<meta property='og:site_name' content='Telegraph'>",
    )
    return Page(to_bytes(page), body.gold())
