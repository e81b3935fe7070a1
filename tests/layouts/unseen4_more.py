"""More layouts of the fourth held-out set (tests/layouts/unseen4.py holds the list and the gold conventions)."""

from __future__ import annotations

import random
from dataclasses import replace

from tests.layouts import unseen4_furniture as fx
from tests.layouts.render import Body, Page, esc, to_bytes
from tests.layouts.unseen4_furniture import blocks_html, deck, groups, with_gold_tail


def _open(title: str, site: str, meta: str = "<meta charset='utf-8'>") -> str:
    return f"<!DOCTYPE html><html lang='ar' dir='rtl'><head>{meta}<title>{esc(title)} | {site}</title></head><body>"


def video_transcript(body: Body, rng: random.Random) -> Page:
    """A video page: a sticky player (controls, duration, "شاهد لاحقا"), then "نص الفيديو", the transcript
    (the article text: kept) as paragraphs each preceded by a seek button with its time (dropped), and an
    "التالي" list of videos with durations."""
    site = "منصة مرئي"
    seconds = 0
    parts = []
    for kind, text in body.blocks:
        if kind == "sub":
            parts.append(f"<h3 class='chapter'>{esc(text)}</h3>")
            continue
        seconds += rng.randint(12, 40)
        parts.append(
            f"<div class='cue'><button class='seek' data-t='{seconds}'>{seconds // 60:02d}:{seconds % 60:02d}</button>"
            f"<p>{esc(text)}</p></div>"
        )
    upnext = "".join(
        f"<li><a href='/video/{n}'><img src='/thumbs/{n}.jpg' alt=''><span class='dur'>{rng.randint(1, 9)}:"
        f"{rng.randint(10, 59)}</span><span class='t'>{t}</span></a></li>"
        for n, t in enumerate(fx.teasers(rng, 4))
    )
    page = (
        f"{_open(body.title, site)}<header><a href='/'>{site}</a><ul>{fx.menu(rng, '/videos/')}</ul></header>"
        f"<div class='video-page'><div class='player is-sticky' style='position:sticky;top:0'><video "
        f"src='/media/{rng.getrandbits(32):x}.mp4' poster='/media/poster.jpg' controls></video><div "
        f"class='controls'><button>تشغيل</button><button>كتم الصوت</button><span class='time'>00:00 / "
        f"{seconds // 60:02d}:{seconds % 60:02d}</span><button>ملء الشاشة</button><button>شاهد لاحقا</button></div>"
        f"</div><h1 class='video-title'>{esc(body.title)}</h1>{deck(body, '<p class=video-desc>{}</p>')}<div "
        f"class='video-stats'>{rng.randint(2, 80)} ألف مشاهدة · {fx.date_text(rng)}</div><div class='transcript'>"
        f"<h2 class='tab'>نص الفيديو</h2>{''.join(parts)}</div></div><aside class='up-next'><h3>التالي</h3><ul>"
        f"{upnext}</ul></aside><footer>{fx.rights(site)}</footer></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def corrections_note(body: Body, rng: random.Random) -> Page:
    """The editor's correction note at the end of the text, in an italic <p class=correction> inside the
    body container (content: kept), then a last-updated line, a report-an-error link and a share row."""
    site = "الرأي الحر"
    note = rng.choice(fx.CORRECTIONS)
    page = (
        f"{_open(body.title, site)}<div id='header'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><div "
        f"id='content'><div class='news-item'><h1>{esc(body.title)}</h1>{deck(body, '<h3 class=subtitle>{}</h3>')}"
        f"<div class='info'>{rng.choice(fx.AUTHORS)} | {fx.date_text(rng)}</div><div class='news-text'>"
        f"{blocks_html(body)}<p class='correction'><em>{esc(note)}</em></p></div><div class='updated'>حُدّث في "
        f"{fx.date_text(rng)} الساعة {fx.clock_text(rng)}</div><a class='report' href='/report'>أبلغ عن خطأ في هذا "
        f"المقال</a><div class='share'><a href='#'>فيسبوك</a> <a href='#'>واتساب</a> <a href='#'>تلغرام</a></div>"
        f"</div><div class='sidebar'><h4>الأحدث</h4><ul>{fx.links(rng, 5)}</ul></div></div><div id='footer'>"
        f"{fx.rights(site)}</div></body></html>"
    )
    return Page(to_bytes(page), with_gold_tail(body, [note]))


def utf8_behind_cp1256_meta(body: Body, rng: random.Random) -> Page:
    """UTF-8 bytes under an http-equiv meta that declares windows-1256 (a template left from the site's old
    encoding; the server's header, which said UTF-8, is not part of the page); a plain two-cell layout."""
    site = "أخبار الوادي"
    meta = "<meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>"
    page = (
        f"{_open(body.title, site, meta)}<table width='100%'><tr><td colspan='2' class='banner'><a href='/'>{site}"
        f"</a> | {' | '.join(fx.SECTIONS)}</td></tr><tr><td valign='top' class='main'><h1>{esc(body.title)}</h1>"
        f"{deck(body, '<h2>{}</h2>')}<p class='date'>{fx.date_text(rng)}</p>{blocks_html(body)}</td><td "
        f"valign='top' width='220' class='side'><b>أخبار ذات صلة</b><ul>{fx.links(rng, 5)}</ul></td></tr><tr><td "
        f"colspan='2'>{fx.rights(site)}</td></tr></table></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def main_sections_share(body: Body, rng: random.Random) -> Page:
    """<main> holding an <article> whose text is split into <section>s of about three blocks, each section
    followed by a share row (فيسبوك، إكس، واتساب، نسخ الرابط) inside the article."""
    site = "المحطة"
    share = (
        "<div class='inline-share' role='group'><span>شارك</span><button data-net='fb'>فيسبوك</button><button "
        "data-net='x'>إكس</button><button data-net='wa'>واتساب</button><button data-net='copy'>نسخ الرابط</button></div>"
    )
    sections = "".join(
        f"<section class='text-group'>{blocks_html(body, sub='<h2>{}</h2>', start=a, stop=b)}</section>{share}"
        for a, b in groups(body, 3)
    )
    page = (
        f"{_open(body.title, site)}<header><a href='/'>{site}</a><nav><ul>{fx.menu(rng)}</ul></nav></header><main>"
        f"<article><header class='article-head'><h1>{esc(body.title)}</h1>{deck(body, '<p class=lede>{}</p>')}"
        f"<p class='by'>{rng.choice(fx.AUTHORS)} — {fx.date_text(rng)}</p></header>{sections}</article><section "
        f"class='recommended'><h2>مقترحات لك</h2><ul>{fx.links(rng, 4)}</ul></section></main><footer>"
        f"{fx.rights(site)}</footer></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def byline_in_first_paragraph(body: Body, rng: random.Random) -> Page:
    """The byline opens the first paragraph in bold ("<b>كتب: name</b> — text", not article text: the
    gold has the paragraph without it); a section label, a date line and a "ذات صلة" list."""
    site = "النهار الجديد"
    first = next((i for i, (kind, _) in enumerate(body.blocks) if kind == "p"), None)
    byline = f"<b class='writer'>كتب: {rng.choice(fx.AUTHORS)}</b> — "
    text = "".join(
        ("<h3>{}</h3>" if kind == "sub" else "<p>{}</p>").format((byline if i == first else "") + esc(t))
        for i, (kind, t) in enumerate(body.blocks)
    )
    page = (
        f"{_open(body.title, site)}<div class='masthead'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><div "
        f"class='page'><span class='section-label'>{rng.choice(fx.SECTIONS[1:])}</span><h1>{esc(body.title)}</h1>"
        f"{deck(body, '<p class=intro>{}</p>')}<div class='date'>{fx.date_text(rng)}</div><div class='body'>{text}"
        f"</div><div class='related'><h4>ذات صلة</h4><ul>{fx.links(rng, 3)}</ul></div></div><div class='foot'>"
        f"{fx.rights(site)}</div></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def infinite_scroll_next(body: Body, rng: random.Random) -> Page:
    """An infinite-scroll page: after the story, a "المقال التالي" divider and the next story already loaded
    in the same markup (an <article> with its <h1>, byline and first paragraphs, faded, "تابع القراءة"):
    that other article is not this page's text."""
    site = "الوطن اليوم"
    headline, paragraphs = rng.choice(fx.NEXT_STORIES)
    next_story = replace(body, id="next", title=headline, deck=None, blocks=tuple(("p", p) for p in paragraphs))

    def story(item: Body, number: int, extra: str = "") -> str:
        return (
            f"<article class='story' data-story='{number}'><h1 class='story-title'>{esc(item.title)}</h1>"
            f"{deck(item, '<p class=story-lead>{}</p>')}<div class='story-meta'>{rng.choice(fx.AUTHORS)} · "
            f"{fx.date_text(rng)}</div><div class='story-body'>{blocks_html(item)}</div>{extra}</article>"
        )

    page = (
        f"{_open(body.title, site)}<header><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></header><div "
        f"class='stream'>{story(body, 1)}<div class='next-divider'><span>المقال التالي</span></div>"
        f"{story(next_story, 2, '<div class=fade-out><a href=/next>تابع القراءة</a></div>')}<div class='loader'>"
        f"جار تحميل المزيد...</div></div><footer>{fx.rights(site)}</footer></body></html>"
    )
    return Page(to_bytes(page), body.gold())
