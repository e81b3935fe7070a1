"""Layouts written after the first 18, ALL held out (see part_of): structures no rule was tuned on.

Written before their pages were ever run through the cleaner; their scores are read only as the
held-out summary row of `make eval` and the held-out thresholds of the tests.
"""

from __future__ import annotations

import random

from tests.layouts import boilerplate as bp
from tests.layouts.layouts import LIVE_TIMES, _page
from tests.layouts.render import Body, Page, body_html, deck_html, esc, positions

QUESTIONS = [
    "س: كيف تقيّم ما جرى خلال الأسابيع الماضية؟",
    "س: وما الخطوة التالية بالنسبة إليكم؟",
    "س: هل تتوقع أن تتغير المواقف قريبا؟",
    "س: ماذا تقول لمن ينتقد هذه السياسة؟",
    "س: وكيف ترد على الاتهامات الأخيرة؟",
    "س: ما الذي تغير منذ آخر لقاء بيننا؟",
]


def interview_qa(body: Body, rng: random.Random) -> Page:
    """An interview: bold question lines ("س: …؟") before answers, a photo of the guest, a share bar."""
    spots = [0] + positions(body, rng, 3)
    questions = {i: QUESTIONS[n % len(QUESTIONS)] for n, i in enumerate(dict.fromkeys(spots))}
    parts = []
    for index, (kind, text) in enumerate(body.blocks):
        if index in questions:
            parts.append(f"<p><strong>{esc(questions[index])}</strong></p>")
        parts.append(f"<p>{esc(text)}</p>" if kind == "p" else f"<h3>{esc(text)}</h3>")
    article = (
        f"<div class='{bp.hashed(rng)}'><h1>{esc(body.title)}</h1>{deck_html(body, 'p', 'intro')}"
        f"<figure><img src='/guest.jpg'><figcaption>الضيف خلال المقابلة - تصوير: {rng.choice(bp.NAMES)}"
        f"</figcaption></figure><div class='interview-body'>{''.join(parts)}</div>{bp.share_bar(rng)}</div>"
    )
    return Page(_page(body, rng, article, after=bp.most_read(rng)), body.gold(extra_before=questions))


def read_more_expander(body: Body, rng: random.Random) -> Page:
    """The second half of the body sits in a collapsed container behind a "read more" button."""
    split = max(1, len(body.blocks) // 2)
    first = Body(body.id, body.title, body.deck, body.blocks[:split])
    second = Body(body.id, body.title, None, body.blocks[split:])
    article = (
        f"<article class='{bp.hashed(rng)}'><h1>{esc(body.title)}</h1>{deck_html(body)}"
        f"<div class='{bp.hashed(rng)}'>{body_html(first, ['p'], 'h2')}</div>"
        f"<button class='{bp.hashed(rng)}' type='button'>اقرأ المزيد</button>"
        f"<div class='collapsed {bp.hashed(rng)}' style='display:none' aria-hidden='true'>"
        f"{body_html(second, ['p', 'div'], 'h2')}</div></article>"
    )
    return Page(_page(body, rng, article, after=bp.teaser_cards(rng, 3, excerpt=True, heading="ذات صلة")), body.gold())


def live_blog_list(body: Body, rng: random.Random) -> Page:
    """A live blog as a list: each update an <li> with a <time> header, its paragraphs and a share link."""
    spots = sorted(set([0] + positions(body, rng, 3)))
    headers = {i: LIVE_TIMES[n] for n, i in enumerate(spots)}
    items, current = [], []
    for index, (kind, text) in enumerate(body.blocks):
        if index in headers and current:
            items.append(current)
            current = []
        if index in headers:
            current.append(f"<time class='{bp.hashed(rng)}'>{headers[index]}</time>")
        current.append(f"<p>{esc(text)}</p>" if kind == "p" else f"<h4>{esc(text)}</h4>")
    items.append(current)
    entries = "".join(f"<li class='entry'>{''.join(item)}<a class='share' href='#'>شارك</a></li>" for item in items)
    article = (
        f"<main><h1>{esc(body.title)}</h1>{deck_html(body)}<p class='{bp.hashed(rng)}'>تغطية مباشرة - "
        f"يتم التحديث باستمرار</p><ol class='timeline'>{entries}</ol></main>"
    )
    return Page(_page(body, rng, article, after=bp.most_read(rng)), body.gold(extra_before=headers))


UNSEEN_LAYOUTS = (interview_qa, read_more_expander, live_blog_list)
