"""Structural signals, each with a page where it must fire and body-text pages where it must not."""

from __future__ import annotations

import random

import pytest

import cleaners
from cleaners.html_stage import parse_html
from cleaners.structure import repeated_item_groups
from tests.layouts import boilerplate as bp
from tests.unit.cleaners.test_cleaners_html import HEADLINE, P1, P2, P3, page, plain

RNG_SEED = 7


def _words_of(html_fragment: str) -> str:
    return plain(parse_html(f"<html><body>{html_fragment}</body></html>").text_content())


def _repeated_removals(document: cleaners.Document) -> list[str]:
    return [r.text for r in document.removed if r.rule.startswith("dom_repeated:")]


def _bare_page(article: str) -> str:
    """A page whose article markup is given whole (the body container and what sits beside it)."""
    return (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE}</title></head><body>"
        f"<div class='header'><a href='/'>الرئيسية</a></div><main><h1>{HEADLINE}</h1>{article}</main>"
        f"</body></html>"
    )


# Paragraphs of our own writing for the article text around and inside the groups.
PARAGRAPHS = [
    "أعلنت لجنة الانتخابات صباح اليوم فتح مراكز الاقتراع في جميع المحافظات. وقالت اللجنة إن الإقبال كان "
    "ضعيفا في الساعات الأولى قبل أن يرتفع تدريجيا مع اقتراب منتصف النهار.",
    "وأفاد مراسلون بأن طوابير طويلة تشكلت أمام المدارس التي تحولت إلى مراكز انتخابية في العاصمة. وأكد "
    "مسؤولون أن الإجراءات الأمنية مشددة وأن أي خروقات لم تسجل حتى الآن.",
    "ودعا رئيس الوزراء المواطنين إلى المشاركة الواسعة في الاستحقاق، معتبرا أن صوت كل ناخب يصنع الفرق. "
    "وأضاف أن الحكومة ستحترم النتائج أيا كانت.",
    "في المقابل شكت أحزاب المعارضة من تأخر وصول بطاقات الاقتراع إلى بعض القرى النائية في الجنوب. وطالبت "
    "بتمديد فترة التصويت ساعتين إضافيتين في تلك المناطق.",
    "وأعلنت اللجنة في وقت لاحق أن نسبة المشاركة بلغت ثلاثين في المئة حتى الساعة الثالثة عصرا. وتوقعت أن "
    "ترتفع النسبة في الساعات الأخيرة قبل إغلاق الصناديق.",
    "وأغلقت مراكز الاقتراع أبوابها في السابعة مساء وبدأت عمليات الفرز بحضور مندوبي المرشحين. ومن المنتظر "
    "إعلان النتائج الأولية صباح الغد.",
]
TIMES = ["09:15", "10:40", "13:05", "15:30", "19:10"]


def _update(time: str, paragraphs: list[str], tag: str = "li") -> str:
    """A live-blog update: a <time> header, its paragraphs, a share link."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return f"<{tag} class='entry'><time>{time}</time>{body}<a class='share' href='#'>شارك</a></{tag}>"


# updates of unequal length: the body container is the longest, the others its peers of another shape
LIVE_BLOG_LIST = (
    "<p class='status'>تغطية مباشرة</p><ol class='timeline'>"
    + _update(TIMES[0], PARAGRAPHS[0:1])
    + _update(TIMES[1], PARAGRAPHS[1:4])
    + _update(TIMES[2], PARAGRAPHS[4:5])
    + _update(TIMES[3], PARAGRAPHS[5:6])
    + "</ol>"
)
LIVE_BLOG_DIVS = (
    "<div class='live'>"
    + _update(TIMES[0], PARAGRAPHS[0:2], "div")
    + "".join(_update(time, [text], "div") for time, text in zip(TIMES[1:], PARAGRAPHS[2:]))
    + "</div>"
)
# numbered sections inside the body, each a heading and a paragraph with a linked name
SECTIONS = "".join(
    f"<section><h3>{n}. {title}</h3><p>{text} (<a href='/t/{n}'>ملف الانتخابات</a>)</p></section>"
    for n, (title, text) in enumerate(zip(["الإقبال", "الأمن", "المشاركة"], PARAGRAPHS[2:5]), 1)
)
# short quotes of an interview, each naming its speaker with a link (composite items, no dates)
INTERVIEW_QUOTES = (
    "<ul><li><b>عن الانتخابات:</b> <a href='/p/1'>الأمين العام</a> «لن نشارك ما لم تتغير "
    "القوانين»</li><li><b>عن الاقتصاد:</b> <a href='/p/1'>الأمين العام</a> «الأزمة أعمق مما "
    "يعترف به المسؤولون»</li><li><b>عن الشباب:</b> <a href='/p/1'>الأمين العام</a> «هم الأمل "
    "الوحيد الباقي لهذا البلد»</li></ul>"
)
DEMANDS = (
    "<ol><li><b>أولا:</b> رفع الحد الأدنى للأجور بما يتناسب مع <a href='/t/1'>غلاء المعيشة</a></li>"
    "<li><b>ثانيا:</b> تثبيت العمال المؤقتين في <a href='/t/2'>القطاع العام</a></li>"
    "<li><b>ثالثا:</b> وقف الخصخصة في <a href='/t/3'>قطاع الكهرباء</a> والمياه</li>"
    "<li><b>رابعا:</b> إعادة فتح باب التوظيف في <a href='/t/4'>التعليم</a></li></ol>"
)
RESULTS = (
    "<table><tr><th>الفريق</th><th>النقاط</th><th>الأهداف</th></tr>"
    "<tr><td><a href='/t/1'>الوحدات</a></td><td>45</td><td>30</td></tr>"
    "<tr><td><a href='/t/2'>الفيصلي</a></td><td>41</td><td>27</td></tr>"
    "<tr><td><a href='/t/3'>الرمثا</a></td><td>38</td><td>22</td></tr></table>"
)
PLAIN_QUOTES = (
    "<ul><li><b>عن الانتخابات:</b> «لن نشارك ما لم تتغير القوانين»</li>"
    "<li><b>عن الاقتصاد:</b> «الأزمة أعمق مما يعترف به المسؤولون»</li>"
    "<li><b>عن الشباب:</b> «هم الأمل الوحيد الباقي لهذا البلد»</li></ul>"
)
LINKED_PARAGRAPHS = "".join(f"<p>{text[3:-4]} <a href='/x'>التفاصيل</a> <b>هنا</b></p>" for text in (P1, P2, P3))


# --------------------------------------------------------------------------- where the prune must fire


def _most_read(rng: random.Random) -> str:
    items = "".join(
        f"<li><span>{n}</span><a href='/a/{n}'>{h}</a></li>" for n, h in enumerate(rng.sample(bp.HEADLINES, 5), 1)
    )
    return f"<div><ol>{items}</ol></div>"


@pytest.mark.parametrize(
    "widget",
    [
        lambda rng: bp.comment_thread(rng, 4),  # no heading, hashed classes
        lambda rng: bp.teaser_cards(rng, 3, excerpt=True),  # 40+ word excerpts
        lambda rng: bp.teaser_cards(rng, 4, excerpt=False, card_tag="article"),
        _most_read,  # numbered, no heading
    ],
)
def test_repeated_item_boxes_go_whole(widget):
    """Inside the body container, after the paragraphs: teaser cards open with a headline link, most-read
    entries are mostly link, comments are dated and short."""
    rng = random.Random(RNG_SEED)
    box = widget(rng)
    document = cleaners.clean_html(page(P1 + P2 + P3 + box))
    assert [p for p in document.paragraphs if plain(p) in _words_of(box)] == []
    assert len(document.paragraphs) == 3
    assert _repeated_removals(document)


@pytest.mark.parametrize(
    "widget",
    [
        lambda rng: bp.comment_thread(rng, 5),
        lambda rng: bp.teaser_cards(rng, 4, excerpt=True),
    ],
)
def test_repeated_items_beside_the_body_container_go(widget):
    """Items that are the body container's siblings are no body peers when they are short and dated
    (comments) or open with headline links (teaser cards)."""
    rng = random.Random(RNG_SEED)
    box = widget(rng)
    # the widget's items become siblings of the body container
    items = box[box.index(">") + 1 : box.rindex("<")]
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    document = cleaners.clean_html(_bare_page(f"<div class='post'><div class='text'>{body}</div>{items}</div>"))
    assert len(_repeated_removals(document)) >= 3
    assert [p for p in document.paragraphs if plain(p) in _words_of(items)] == []
    assert [plain(p) for p in document.paragraphs] == [plain(text) for text in PARAGRAPHS]


# --------------------------------------------------------------------------- where it must not


@pytest.mark.parametrize("article", [LIVE_BLOG_LIST, LIVE_BLOG_DIVS])
def test_live_blog_updates_are_the_body(article):
    """Updates of unequal length: the longest is the body container, the rest its prose peers."""
    tree = parse_html(_bare_page(article))
    assert repeated_item_groups(tree)  # a group of same-shape items the prune considers ...
    document = cleaners.clean_html(_bare_page(article))
    assert _repeated_removals(document) == []  # ... and keeps
    text = [plain(p) for p in document.paragraphs]
    assert [t for t in text if t in {plain(p) for p in PARAGRAPHS}] == [plain(p) for p in PARAGRAPHS]
    assert [t for t in text if t in TIMES] == [time for time in TIMES if time in article]
    assert not any(p.startswith("-") for p in document.paragraphs)  # paragraphs, not one bullet per update


@pytest.mark.parametrize("content", [SECTIONS, INTERVIEW_QUOTES, DEMANDS])
def test_composite_items_inside_the_body_are_kept(content):
    """Same-shape items with a link each, inside the body container: numbered sections (prose), short
    quotes naming their speaker, demands linking a subject (undated, mostly unlinked)."""
    html = page(P1 + content + P2)
    assert repeated_item_groups(parse_html(html))
    document = cleaners.clean_html(html)
    assert _repeated_removals(document) == []
    text = plain(document.text)
    for cell in ("لن نشارك", "الأزمة أعمق", "تثبيت العمال المؤقتين", "وقف الخصخصة", "1. الإقبال", "3. المشاركة"):
        if plain(cell) in _words_of(content):
            assert plain(cell) in text


@pytest.mark.parametrize("content", [PLAIN_QUOTES, RESULTS, LINKED_PARAGRAPHS])
def test_plain_lists_tables_and_linked_paragraphs_are_no_repeated_items(content):
    tree = parse_html(page(P1 + content + P2))
    assert repeated_item_groups(tree) == []
    document = cleaners.clean_html(page(P1 + content + P2))
    text = plain(document.text)
    for cell in ("لن نشارك", "الفيصلي", "التفاصيل هنا"):
        if plain(cell) in _words_of(content):
            assert plain(cell) in text


def test_headline_box_is_never_a_repeated_item():
    cards = "".join(f"<div><h1>{HEADLINE}</h1><a href='/'>x</a><span>y</span></div>" for _ in range(3))
    assert repeated_item_groups(parse_html(f"<html><body>{cards}</body></html>")) == []
