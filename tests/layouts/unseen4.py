"""A fourth held-out set of layouts, written by an independent tester who never read cleaners/ or its rules.

Each layout copies how a family of real Arabic news pages is built (a Bootstrap three-column grid, a
breaking-news slider over the story, a "بالأرقام" fact box, footnotes, a gallery before the text, tag
links inside sentences, an English summary box, a video transcript, a correction note, a wrong charset
meta, <section> groups with share rows, a byline run into the first paragraph, an infinite-scroll page
that loads the next story) with furniture of its own (tests/layouts/unseen4_furniture.py). All are held
out (see part_of).

Gold conventions, as in the earlier sets: headline, deck, body blocks in page order; captions, bylines,
bios, dates, counters, labels, player controls and teasers are not article text. Added content the gold
keeps: the fact box (its "بالأرقام" title and one line per fact), the footnotes (their "هوامش" title and
one line per note), the editor's correction note. Dropped: the English summary box (a translation for
other readers, not the Arabic article's text), the transcript's seek times, a "كتب: name" byline run
into the first paragraph, and the next story an infinite-scroll page appends (another article).
"""

from __future__ import annotations

import random

from tests.layouts import unseen4_furniture as fx
from tests.layouts.render import Body, Page, esc, to_bytes
from tests.layouts.unseen4_furniture import blocks_html, deck, inner_spots, with_gold_tail
from tests.layouts.unseen4_more import (
    byline_in_first_paragraph,
    corrections_note,
    infinite_scroll_next,
    main_sections_share,
    utf8_behind_cp1256_meta,
    video_transcript,
)


def _doc(title: str, site: str, body: str, head_extra: str = "", meta: str = "<meta charset='utf-8'>") -> str:
    return (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head>{meta}<meta name='viewport' content='width=device-width, "
        f"initial-scale=1'><title>{esc(title)} - {site}</title>{head_extra}</head><body>{body}</body></html>"
    )


def _card(title: str, text: str, href: str) -> str:
    return (
        f"<div class='card mb-3'><div class='card-body'><h5 class='card-title'><a href='{href}'>{title}</a></h5>"
        f"<p class='card-text'>{text}</p></div></div>"
    )


def bootstrap_three_columns(body: Body, rng: random.Random) -> Page:
    """A Bootstrap grid: the body column (col-lg-6) between two col-lg-3 sidebar columns of exactly the
    same markup (div.card > div.card-body > h5 + p.card-text), the sidebars' cards holding paragraph-long
    excerpts and notes; a navbar and a footer row."""
    site = "الشرفة نيوز"
    left = "".join(
        _card(t, x, f"/opinion/{n}")
        for n, (t, x) in enumerate(zip(fx.teasers(rng, 3), rng.sample(fx.LONG_EXCERPTS, 3)))
    )
    right = _card("ركن التحرير", rng.choice(fx.SIDEBAR_NOTES), "/about") + "".join(
        _card(t, x, f"/economy/{n}")
        for n, (t, x) in enumerate(zip(fx.teasers(rng, 2), rng.sample(fx.LONG_EXCERPTS, 2)))
    )
    story = (
        f"<div class='card mb-3'><div class='card-body'><h1 class='card-title h3'>{esc(body.title)}</h1>"
        f"{deck(body, '<p class=lead>{}</p>')}<p class='text-muted small'>{rng.choice(fx.AUTHORS)} · "
        f"{fx.date_text(rng)}</p>{blocks_html(body, '<p class=card-text>{}</p>', '<h4 class=mt-3>{}</h4>')}"
        f"</div></div>"
    )
    page = _doc(
        body.title,
        site,
        f"<nav class='navbar navbar-expand-lg navbar-dark bg-dark'><a class='navbar-brand' href='/'>{site}</a>"
        f"<ul class='navbar-nav'>{fx.menu(rng)}</ul></nav><div class='container mt-4'><div class='row'>"
        f"<div class='col-lg-3 order-lg-1'>{left}</div><div class='col-lg-6 order-lg-2'>{story}</div>"
        f"<div class='col-lg-3 order-lg-3'>{right}</div></div><div class='row border-top pt-3'><div "
        f"class='col-12'>{fx.rights(site)}</div></div></div>",
        "<link rel='stylesheet' href='/css/bootstrap.rtl.min.css'>",
    )
    return Page(to_bytes(page), body.gold())


def slider_above_more_below(body: Body, rng: random.Random) -> Page:
    """A big "عاجل" carousel ABOVE the story (five slides, each an <h2> headline and a paragraph-long
    summary), and "المزيد في هذا القسم" BELOW it: rows of headline, date and an excerpt as long as a body
    paragraph, in the same <div> as the story."""
    site = "بوابة المدار"
    slides = "".join(
        f"<div class='carousel-item{' active' if n == 0 else ''}'><img src='/slides/{n}.jpg' alt=''><div "
        f"class='carousel-caption'><span class='badge'>عاجل</span><h2><a href='/breaking/{n}'>{t}</a></h2><p>{x}"
        f"</p></div></div>"
        for n, (t, x) in enumerate(zip(fx.teasers(rng, 5), rng.sample(fx.LONG_EXCERPTS, 5)))
    )
    more = "".join(
        f"<div class='more-item'><h3><a href='/local/{n}'>{t}</a></h3><span class='date'>{fx.date_text(rng)}"
        f"</span><p>{x}</p></div>"
        for n, (t, x) in enumerate(zip(fx.teasers(rng, 4), rng.sample(fx.LONG_EXCERPTS, 4)))
    )
    page = _doc(
        body.title,
        site,
        f"<header><a href='/' class='logo'>{site}</a><ul class='menu'>{fx.menu(rng)}</ul></header><div "
        f"id='breakingCarousel' class='carousel slide' data-ride='carousel'><div class='carousel-inner'>{slides}"
        f"</div><a class='carousel-control-prev' href='#breakingCarousel'>السابق</a><a class='carousel-control-next' "
        f"href='#breakingCarousel'>التالي</a></div><div class='content-area'><h1 class='post-title'>"
        f"{esc(body.title)}</h1>{deck(body, '<p class=excerpt>{}</p>')}<div class='post-meta'>"
        f"{fx.date_text(rng)} | {fx.clock_text(rng)}</div><div class='post-content'>{blocks_html(body)}</div>"
        f"<div class='more-in-section'><h2 class='block-title'>المزيد في هذا القسم</h2>{more}</div></div>"
        f"<footer>{fx.rights(site)}</footer>",
    )
    return Page(to_bytes(page), body.gold())


def fact_box_content(body: Body, rng: random.Random) -> Page:
    """A "بالأرقام" box the outlet wrote, set in the middle of the text as a bordered <div> of numbered
    facts (content: kept, its title and one line a fact); a "اقرأ كذلك" link box and tags after the text."""
    site = "المؤشر"
    spot = inner_spots(body, rng, 1)[0]
    facts = [line.format(n=rng.randint(3, 60)) for line in rng.sample(fx.FACTS, 4)]
    items = "".join(
        f"<li><strong class='num'>{fact.split(' ', 1)[0]}</strong> {esc(fact.split(' ', 1)[1])}</li>" for fact in facts
    )
    box = f"<div class='numbers-box'><h4 class='numbers-title'>بالأرقام</h4><ul>{items}</ul></div>"
    page = _doc(
        body.title,
        site,
        f"<div class='topbar'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><div class='wrap'><article>"
        f"<h1>{esc(body.title)}</h1>{deck(body, '<h2 class=standfirst>{}</h2>')}<div class='byline'>"
        f"{rng.choice(fx.AUTHORS)}</div><div class='article-body'>{blocks_html(body, inserts={spot: box})}</div>"
        f"<div class='read-also'><b>اقرأ كذلك</b><ul>{fx.links(rng, 3)}</ul></div><div class='tags'>"
        f"{' '.join(f'<a href=/tag/{n}>{s}</a>' for n, s in enumerate(rng.sample(fx.SECTIONS[1:], 3)))}</div>"
        f"</article></div><footer>{fx.rights(site)}</footer>",
    )
    return Page(to_bytes(page), body.gold(extra_before={spot: "\n\n".join(["بالأرقام", *facts])}))


def footnotes_after_text(body: Body, rng: random.Random) -> Page:
    """A research piece whose text ends with a "هوامش" list of the outlet's own notes (content: kept), then
    an author box with a bio and a "more studies" list (not content)."""
    site = "مركز الرصد للدراسات"
    notes = rng.sample(fx.NOTES, 3)
    foot = "".join(f"<li id='fn{n + 1}'><p>{esc(note)}</p></li>" for n, note in enumerate(notes))
    author = rng.choice(fx.AUTHORS)
    page = _doc(
        body.title,
        site,
        f"<header class='site-header'><a href='/'>{site}</a><nav><ul>{fx.menu(rng, '/studies/')}</ul></nav>"
        f"</header><main><div class='study'><div class='study-type'>ورقة تحليلية</div><h1>{esc(body.title)}</h1>"
        f"{deck(body, '<p class=abstract>{}</p>')}<div class='study-text'>{blocks_html(body)}<hr><section "
        f"class='footnotes'><h3>هوامش</h3><ol>{foot}</ol></section></div><div class='author-box'><img "
        f"src='/authors/1.jpg' alt=''><h4>{author}</h4><p>باحثة في الشؤون الاجتماعية، لها عدة دراسات منشورة "
        f"عن الهجرة والتنمية المحلية.</p></div><div class='more-studies'><h3>دراسات أخرى</h3><ul>"
        f"{fx.links(rng, 4, '/study/')}</ul></div></div></main><footer>{fx.rights(site)}</footer>",
    )
    return Page(to_bytes(page), with_gold_tail(body, ["هوامش", *notes]))


def gallery_first(body: Body, rng: random.Random) -> Page:
    """A gallery-first story: ten <figure>s (picture, caption, photographer) and a "1 / 10" counter come
    before the text inside the same <article>; the body follows the last figure."""
    site = "عدسة الخبر"
    figures = "".join(
        f"<figure class='gallery-item'><img src='/gallery/{n}.jpg' alt='{rng.choice(fx.CAPTION_TEXTS)}'>"
        f"<figcaption><span class='count'>{n + 1} / 10</span> {rng.choice(fx.CAPTION_TEXTS)} <span "
        f"class='credit'>(تصوير: {rng.choice(fx.PHOTOGRAPHERS)})</span></figcaption></figure>"
        for n in range(10)
    )
    page = _doc(
        body.title,
        site,
        f"<div class='nav'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><article class='gallery-story'>"
        f"<h1>{esc(body.title)}</h1><div class='meta'>{fx.date_text(rng)}</div><div class='gallery'>{figures}"
        f"</div>{deck(body, '<p class=summary>{}</p>')}<div class='text'>{blocks_html(body)}</div></article>"
        f"<div class='related'><h3>ألبومات أخرى</h3><ul>{fx.links(rng, 4, '/gallery/')}</ul></div>"
        f"<footer>{fx.rights(site)}</footer>",
    )
    return Page(to_bytes(page), body.gold())


def _tag_words(text: str, rng: random.Random) -> str:
    """The paragraph escaped, one or two of its longer words wrapped in a tag-page link (text unchanged)."""
    words = text.split(" ")
    long_ones = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    linked = set(rng.sample(long_ones, min(2, len(long_ones))))
    return " ".join(
        f"<a class='tag-link' href='/tag/{rng.getrandbits(20):x}'>{esc(w)}</a>" if i in linked else esc(w)
        for i, w in enumerate(words)
    )


def div_p_inline_tags(body: Body, rng: random.Random) -> Page:
    """Paragraphs as <div class="p">, with words inside sentences linked to tag pages (the links are
    content); a tag cloud and a "الأكثر قراءة" list (links, not content)."""
    site = "صدى الأحداث"
    text = "".join(
        f"<div class='sub-title'>{esc(t)}</div>" if kind == "sub" else f"<div class='p'>{_tag_words(t, rng)}</div>"
        for kind, t in body.blocks
    )
    cloud = " ".join(f"<a class='cloud' href='/tag/{n}'>{s}</a>" for n, s in enumerate(rng.sample(fx.SECTIONS, 5)))
    page = _doc(
        body.title,
        site,
        f"<div class='header'><a href='/'>{site}</a><ul>{fx.menu(rng)}</ul></div><div class='main'><div "
        f"class='article'><div class='title'><h1>{esc(body.title)}</h1></div>{deck(body, '<div class=brief>{}</div>')}"
        f"<div class='details'>{text}</div><div class='tag-cloud'>{cloud}</div></div><div class='most-read'><div "
        f"class='box-title'>الأكثر قراءة</div><ol>{fx.links(rng, 5)}</ol></div></div><div class='footer'>"
        f"{fx.rights(site)}</div>",
    )
    return Page(to_bytes(page), body.gold())


ENGLISH_SUMMARIES = [
    "Officials met on Monday to discuss the next phase of the plan. The report gives the main figures, "
    "the reactions of those involved and what is expected in the coming weeks.",
    "This article reports on the latest developments and the positions of the parties concerned, with "
    "background on how the situation evolved over the past months.",
]


def bilingual_summary(body: Body, rng: random.Random) -> Page:
    """An Arabic story with an English summary box (dir=ltr, lang=en, "In English" title) between the deck
    and the text, an "English edition" switch in the header (the box is a translation: not gold)."""
    site = "جسور الإخبارية"
    box = (
        f"<div class='summary-en' dir='ltr' lang='en'><h4>In English</h4><p>{rng.choice(ENGLISH_SUMMARIES)}"
        f"</p><a href='/en/{rng.randint(1000, 9999)}'>Read the full English version</a></div>"
    )
    page = _doc(
        body.title,
        site,
        f"<header><a href='/'>{site}</a><a class='lang-switch' href='/en/' lang='en'>English edition</a><ul>"
        f"{fx.menu(rng)}</ul></header><div class='story'><h1>{esc(body.title)}</h1>"
        f"{deck(body, '<p class=teaser>{}</p>')}{box}<div class='story-body'>{blocks_html(body)}</div><p "
        f"class='updated'>آخر تحديث: {fx.date_text(rng)}</p></div><footer>{fx.rights(site)}</footer>",
        f"<link rel='alternate' hreflang='en' href='/en/{rng.randint(1000, 9999)}'>",
    )
    return Page(to_bytes(page), body.gold())


UNSEEN4_LAYOUTS = (
    bootstrap_three_columns,
    slider_above_more_below,
    fact_box_content,
    footnotes_after_text,
    gallery_first,
    div_p_inline_tags,
    bilingual_summary,
    video_transcript,
    corrections_note,
    utf8_behind_cp1256_meta,
    main_sections_share,
    byline_in_first_paragraph,
    infinite_scroll_next,
)
