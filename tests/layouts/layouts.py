"""The first 18 layouts, in declaration order (the order fixes the dev/held-out split: see render.py).

Each one is a page structure met on real Arabic news sites, with our own boilerplate around the body.
"""

from __future__ import annotations

import json
import random

from tests.layouts import boilerplate as bp
from tests.layouts.render import (
    Body,
    Page,
    body_html,
    deck_html,
    esc,
    head,
    json_ld,
    paragraph_positions,
    positions,
    to_bytes,
)

SITE = "موقع الخبر اليومي"
LIVE_TIMES = ["09:15", "10:40", "11:05", "12:30", "13:55", "15:20", "16:45", "18:10"]
ENGLISH_QUOTES = [
    '"We are not going to accept any delay in the delivery of the aid," the spokesman said.',
    '"This is a turning point for the whole region and we will act accordingly," she told reporters.',
]
PULL_QUOTES = [
    "«لن نتراجع عن مطالبنا مهما طال الوقت، فهذه حقوق أجيال كاملة»",
    "«المشكلة ليست في الموارد بل في طريقة إدارتها وتوزيعها على الناس»",
]
DATELINES = ["موسكو – خاص", "القاهرة – خاص", "بيروت – مراسلنا"]


def _page(
    body: Body,
    rng: random.Random,
    article: str,
    *,
    before: str = "",
    after: str = "",
    charset: str | None = "utf-8",
    extra_head: str = "",
    encoding: str = "utf-8",
) -> bytes:
    html = (
        head(body.title, SITE, charset, extra_head)
        + "<body>"
        + f"<header>{bp.nav_menu(rng)}</header>{before}{article}{after}{bp.footer(rng, SITE)}</body></html>"
    )
    return to_bytes(html, encoding)


def mixed_containers(body: Body, rng: random.Random) -> Page:
    """One container mixing <p>, <div> and bare text runs split by <br><br>; <div><b> subheadings."""
    styles = rng.sample(["p", "div", "br"], 3)
    article = (
        f"<div class='{bp.hashed(rng)}'><h1>{esc(body.title)}</h1>{deck_html(body, 'div', bp.hashed(rng))}"
        f"{bp.read_counter(rng)}<div class='{bp.hashed(rng)}'>{body_html(body, styles, 'divb')}</div>"
        f"{bp.share_bar(rng)}</div>"
    )
    return Page(_page(body, rng, article, after=bp.most_read(rng)), body.gold())


def table_br(body: Body, rng: random.Random) -> Page:
    """An old table layout, windows-1256: body as <br>-separated text in a <td>, a sidebar <td> of links."""
    side = "".join(f"<a href='/a/{i}'>{h}</a><br>" for i, h in enumerate(rng.sample(bp.HEADLINES, 8)))
    article = (
        f"<table width='100%'><tr><td width='25%' valign='top'><b>أخبار سريعة</b><br>{side}</td>"
        f"<td valign='top'><font size='5'><b>{esc(body.title)}</b></font><br>"
        f"{esc(body.deck) + '<br><br>' if body.deck else ''}"
        f"<font size='2'>{bp.date_text(rng)} - عدد القراءات: {rng.randint(50, 5000)}</font><br><br>"
        f"{body_html(body, ['br'], 'brb')}</td></tr></table>"
    )
    return Page(_page(body, rng, article, charset="windows-1256", encoding="cp1256"), body.gold())


def amp_page(body: Body, rng: random.Random) -> Page:
    """AMP: amp-img, amp-ad between paragraphs, a related list under the article."""
    ads = {
        i: "<amp-ad width='300' height='250' type='x'><div placeholder>إعلان</div></amp-ad>"
        for i in positions(body, rng, 2)
    }
    article = (
        f"<article><h1>{esc(body.title)}</h1>{deck_html(body)}<amp-img src='/p.jpg' width='600' height='400'>"
        f"</amp-img><div class='{bp.hashed(rng)}'>{body_html(body, ['p'], 'h2', ads)}</div></article>"
    )
    return Page(
        _page(
            body,
            rng,
            article,
            after=bp.teaser_cards(rng, 4, excerpt=False, heading="ذات صلة"),
            extra_head="<link rel='canonical' href='/a/1'><style amp-custom>p{}</style>",
        ),
        body.gold(),
    )


def spa_json(body: Body, rng: random.Random) -> Page:
    """A single-page app: the server-rendered body plus the same article in a JSON data script."""
    data = {
        "props": {
            "article": {"title": body.title, "paragraphs": [t for _, t in body.blocks]},
            "related": rng.sample(bp.HEADLINES, 4),
        }
    }
    script = f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data, ensure_ascii=False)}</script>"
    article = (
        f"<div id='__next'><main class='{bp.hashed(rng)}'><h1>{esc(body.title)}</h1>"
        f"{deck_html(body, 'h2', bp.hashed(rng))}<div class='{bp.hashed(rng)}'>"
        f"{body_html(body, ['p'], 'h2')}</div>{bp.teaser_cards(rng, 3, excerpt=True)}</main></div>"
    )
    return Page(_page(body, rng, article, after=script), body.gold())


def hashed_classes(body: Body, rng: random.Random) -> Page:
    """Every class a build hash: teaser cards and a comment thread carry no telling class names."""
    article = (
        f"<div class='{bp.hashed(rng)}'><h1 class='{bp.hashed(rng)}'>{esc(body.title)}</h1>"
        f"{deck_html(body, 'p', bp.hashed(rng))}<div class='{bp.hashed(rng)}'>"
        f"{body_html(body, ['p'], 'h2')}</div></div>"
    )
    after = bp.teaser_cards(rng, 4, excerpt=rng.random() < 0.5) + bp.comment_thread(rng, 4, heading="التعليقات")
    return Page(_page(body, rng, article, after=after), body.gold())


def split_by_ads(body: Body, rng: random.Random) -> Page:
    """The body split by ads and inline teaser boxes (labelled and not), with glued teasers."""
    spots = positions(body, rng, 4)
    inserts = {
        i: (bp.ad_slot(rng) if n % 2 else bp.inline_teaser_box(rng, labelled=n % 3 != 2)) for n, i in enumerate(spots)
    }
    glue = {i: bp.glued_teaser(rng) for i in paragraph_positions(body, rng, 1)}
    article = (
        f"<article><h1>{esc(body.title)}</h1>{deck_html(body)}<div class='{bp.hashed(rng)}'>"
        f"{body_html(body, ['p'], 'h2', inserts, glue)}</div></article>"
    )
    return Page(_page(body, rng, article), body.gold())


def comment_thread(body: Body, rng: random.Random) -> Page:
    """A comment thread with no heading, right under the body."""
    article = (
        f"<div class='post'><h1>{esc(body.title)}</h1>{deck_html(body)}<div class='entry'>"
        f"{body_html(body, ['p'], 'h3')}</div>{bp.comment_thread(rng, rng.randint(3, 6))}</div>"
    )
    return Page(_page(body, rng, article), body.gold())


def long_teaser_column(body: Body, rng: random.Random) -> Page:
    """An opinion column beside the body: cards with author, headline and a 40+ word excerpt."""
    article = (
        f"<div class='{bp.hashed(rng)}'><div class='{bp.hashed(rng)}'><h1>{esc(body.title)}</h1>"
        f"{deck_html(body)}{body_html(body, ['p'], 'h2')}</div>"
        f"{bp.teaser_cards(rng, rng.randint(3, 5), excerpt=True, card_tag='article')}</div>"
    )
    return Page(_page(body, rng, article), body.gold())


def bio_caption_counter(body: Body, rng: random.Random) -> Page:
    """Breadcrumb "أنت هنا", a read counter, captions with photo credits in the body, an author bio."""
    inserts = {i: bp.caption(rng, figure=n % 2 == 0) for n, i in enumerate(positions(body, rng, 2))}
    article = (
        f"{bp.breadcrumb(rng, body.title)}<div class='{bp.hashed(rng)}'><h1>{esc(body.title)}</h1>"
        f"{deck_html(body)}{bp.read_counter(rng)}<div>{body_html(body, ['p'], 'h2', inserts)}</div>"
        f"{bp.author_bio(rng)}</div>"
    )
    return Page(_page(body, rng, article), body.gold())


def continued_after_article(body: Body, rng: random.Random) -> Page:
    """The body continues in a sibling container after the <article> (behind a related box)."""
    split = max(2, len(body.blocks) // 2)
    first = Body(body.id, body.title, body.deck, body.blocks[:split])
    second = Body(body.id, body.title, None, body.blocks[split:])
    article = (
        f"<div class='{bp.hashed(rng)}'><article><h1>{esc(body.title)}</h1>{deck_html(body)}"
        f"{body_html(first, ['p'], 'h2')}</article>{bp.teaser_cards(rng, 3, excerpt=False)}"
        f"<div class='{bp.hashed(rng)}'>{body_html(second, ['p'], 'h2')}</div></div>"
    )
    return Page(_page(body, rng, article), body.gold())


def live_blog(body: Body, rng: random.Random) -> Page:
    """Live-blog updates: each update headed by a time and a reporter line (article text)."""
    spots = [0] + positions(body, rng, 3)
    headers = {i: f"{LIVE_TIMES[n]} - {rng.choice(bp.NAMES)}" for n, i in enumerate(spots)}
    parts = []
    for index, (kind, text) in enumerate(body.blocks):
        if index in headers:
            parts.append(
                f"</div><div class='update'><div class='meta'><time>{headers[index].split(' - ')[0]}</time>"
                f" - <span>{headers[index].split(' - ')[1]}</span></div>"
            )
        parts.append(f"<p>{esc(text)}</p>" if kind == "p" else f"<h3>{esc(text)}</h3>")
    article = (
        f"<main><h1>{esc(body.title)}</h1>{deck_html(body)}<div class='live'><div>{''.join(parts)}</div></div></main>"
    )
    return Page(_page(body, rng, article), body.gold(extra_before=headers))


def pull_quotes_ltr(body: Body, rng: random.Random) -> Page:
    """A dateline line, a pull-quote in <aside>, a quotation in a <figure>, English in an ltr <div>."""
    spots = positions(body, rng, 3)
    pull, english = rng.choice(PULL_QUOTES), rng.choice(ENGLISH_QUOTES)
    extras = {spots[0]: pull} if spots else {}
    inserts = {spots[0]: f"<aside class='pullquote'><p>{esc(pull)}</p></aside>"} if spots else {}
    if len(spots) > 1:
        extras[spots[-1]] = english
        inserts[spots[-1]] = f"<div dir='ltr' lang='en'>{esc(english)}</div>"
    dateline = rng.choice(DATELINES)
    article = (
        f"<article><h1>{esc(body.title)}</h1>{deck_html(body)}<div class='text'><p><b>{dateline}</b></p>"
        f"{body_html(body, ['p'], 'h2', inserts)}</div></article>"
    )
    return Page(_page(body, rng, article, after=bp.most_read(rng)), body.gold(extra_before=extras, lead=[dateline]))


def undeclared_cp1256(body: Body, rng: random.Random) -> Page:
    """No charset anywhere, windows-1256 bytes; <p> and <div> paragraphs mixed."""
    article = (
        f"<div id='content'><h1>{esc(body.title)}</h1>{deck_html(body, 'div', 'sub')}"
        f"<div id='text'>{body_html(body, ['p', 'div'], 'strong')}</div>{bp.tags_box(rng)}</div>"
    )
    return Page(_page(body, rng, article, charset=None, encoding="cp1256", after=bp.most_read(rng)), body.gold())


def glued_semantic(body: Body, rng: random.Random) -> Page:
    """A clean <article> whose paragraphs end in glued teasers; related cards after it."""
    glue = {i: bp.glued_teaser(rng) for i in paragraph_positions(body, rng, 2)}
    article = (
        f"<article><header><h1>{esc(body.title)}</h1>{deck_html(body)}</header><section>"
        f"{body_html(body, ['p'], 'h2', glue=glue)}</section></article>"
    )
    return Page(
        _page(body, rng, article, after=bp.teaser_cards(rng, 4, excerpt=True, heading="مقالات ذات صلة")), body.gold()
    )


def bare_runs_comments(body: Body, rng: random.Random) -> Page:
    """Bare text runs and <span>s split by <br><br> in a <section>; a headed comment thread whose heading
    is a hashed-class element."""
    article = (
        f"<section class='{bp.hashed(rng)}'><h1>{esc(body.title)}</h1>{deck_html(body, 'div', bp.hashed(rng))}"
        f"<div class='{bp.hashed(rng)}'>{body_html(body, ['br', 'span'], 'brb')}</div></section>"
    )
    after = bp.comment_thread(rng, rng.randint(3, 5), heading=rng.choice(["آراء القراء", "تعليقات الزوار"]))
    return Page(_page(body, rng, article, after=after), body.gold())


def nested_tables(body: Body, rng: random.Random) -> Page:
    """Nested layout tables, <p> paragraphs in a <td>, a most-read cell and a counter row."""
    article = (
        f"<table><tr><td><table><tr><td><h1>{esc(body.title)}</h1></td></tr><tr><td>{bp.read_counter(rng)}"
        f"</td></tr><tr><td>{deck_html(body)}{body_html(body, ['p'], 'strong')}</td></tr></table></td>"
        f"<td>{bp.most_read(rng, heading=rng.random() < 0.5)}</td></tr></table>"
    )
    return Page(_page(body, rng, article), body.gold())


def json_ld_teasers(body: Body, rng: random.Random) -> Page:
    """JSON-LD articleBody, og:description, an unlabelled inline teaser and a long teaser list after."""
    inserts = {i: bp.inline_teaser_box(rng, labelled=False) for i in positions(body, rng, 1)}
    extra = json_ld(body) + (f"<meta property='og:description' content='{esc(body.deck)}'>" if body.deck else "")
    article = (
        f"<div class='{bp.hashed(rng)}'><h1>{esc(body.title)}</h1>{deck_html(body, 'h2', bp.hashed(rng))}"
        f"{body_html(body, ['p', 'div'], 'h3', inserts)}</div>"
    )
    return Page(_page(body, rng, article, extra_head=extra, after=bp.teaser_cards(rng, 5, excerpt=True)), body.gold())


def portal(body: Body, rng: random.Random) -> Page:
    """Everything at once: breadcrumb, counter, caption, split body, bio, long teasers, comments."""
    inserts = {i: (bp.caption(rng) if n == 0 else bp.ad_slot(rng)) for n, i in enumerate(positions(body, rng, 2))}
    glue = {i: bp.glued_teaser(rng) for i in paragraph_positions(body, rng, 1)}
    article = (
        f"{bp.breadcrumb(rng, body.title, labelled=rng.random() < 0.5)}<div class='{bp.hashed(rng)}'>"
        f"<h1>{esc(body.title)}</h1>{deck_html(body, 'div', bp.hashed(rng))}{bp.read_counter(rng)}"
        f"<div class='{bp.hashed(rng)}'>{body_html(body, ['p', 'div', 'p'], 'divb', inserts, glue)}</div>"
        f"{bp.author_bio(rng)}{bp.teaser_cards(rng, 3, excerpt=True)}{bp.comment_thread(rng, 3)}</div>"
    )
    return Page(_page(body, rng, article), body.gold())


LAYOUTS = (
    mixed_containers,
    table_br,
    amp_page,
    spa_json,
    hashed_classes,
    split_by_ads,
    comment_thread,
    long_teaser_column,
    bio_caption_counter,
    continued_after_article,
    live_blog,
    pull_quotes_ltr,
    undeclared_cp1256,
    glued_semantic,
    bare_runs_comments,
    nested_tables,
    json_ld_teasers,
    portal,
)
