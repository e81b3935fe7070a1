"""Unlabelled teaser cards (cleaners/teaser_cards.py, issue 11): a page where the signal must fire and
body pages where it must not."""

from __future__ import annotations

import lxml.html

import cleaners
from cleaners.document import Removal
from cleaners.dom import drop
from cleaners.teaser_cards import drop_teaser_cards
from tests.unit.cleaners.test_cleaners_families import S1, S2, S3
from tests.unit.cleaners.test_cleaners_html import P1, P2, P3, page

WRAPS = ["x7k2q9a", "m3n8b1c", "p0z4r6d", "t5y1u8e"]  # hashed class names, the same for every block
CARDS = [
    ("/n/a41f", "شركة ناشئة محلية تجمع تمويلا بملايين الدولارات", "وأكد المتحدث أن الجولة ستوسع عمل الشركة."),
    ("/n/b52e", "مهرجان للكتاب المستعمل يجذب آلاف الزوار", "وشهدت الدورة الحالية مشاركة مئتي عارض."),
]


def _nested(inner: str) -> str:
    return "".join(f"<div class='{c}'>" for c in WRAPS) + inner + "</div>" * len(WRAPS)


def _removed(document: cleaners.Document) -> list[str]:
    return [r.text for r in document.removed if r.rule == "dom_teaser_cards"]


def test_unlabelled_cards_nested_like_the_body_paragraphs_go():
    text = "".join(_nested(p) for p in (P1, P2, P3))
    related = "".join(_nested(f"<p><a href='{href}'>{title}</a></p><p>{excerpt}</p>") for href, title, excerpt in CARDS)
    document = cleaners.clean_html(page(f"<div class='a1b2c3d'>{text}</div><div class='e4f5g6h'>{related}</div>"))
    assert S1 in document.text and S2 in document.text and S3 in document.text
    for _, title, excerpt in CARDS:
        assert title not in document.text and excerpt not in document.text
    assert len(_removed(document)) == len(CARDS)


def test_body_paragraphs_linking_words_mid_sentence_stay():
    linked = [
        p.replace("الخارجية", "<a href='/tag/1'>الخارجية</a>").replace("العاصمة", "<a href='/tag/2'>العاصمة</a>")
        for p in (P1, P2, P3)
    ]
    text = "".join(_nested(p) for p in linked)
    document = cleaners.clean_html(page(f"<div class='a1b2c3d'>{text}</div>"))
    assert S1 in document.text and S2 in document.text and S3 in document.text
    assert not _removed(document)


def test_a_list_of_linked_sources_in_the_body_stays():
    """Each source is a link running on into its one-line description: a reference list, article content
    (decided: such a list stays wherever it sits; the signal only takes a link that is a block of its own)."""
    sources = [
        ("https://example.org/r1", "تقرير البنك الدولي عن آفاق الاقتصاد العالمي", "يعرض توقعات النمو للعام المقبل."),
        ("https://example.org/r2", "بيان الأمم المتحدة بشأن المفاوضات الجارية", "يدعو الأطراف إلى وقف التصعيد."),
        ("https://example.org/r3", "دراسة مركز الأبحاث حول ترتيبات تقاسم السلطة", "تقارن بين ثلاث تجارب إقليمية."),
    ]
    items = "".join(f"<li><a href='{href}'>{title}</a> - {description}</li>" for href, title, description in sources)
    html = f"<div class='story-text'>{P1}{P2}{P3}<h3>المصادر</h3><ul>{items}</ul></div>"
    tree = lxml.html.fromstring(page(html))
    removed: list[Removal] = []
    drop_teaser_cards(tree, tree.find(".//h1"), drop, removed)
    assert removed == []
    assert len(tree.findall(".//li")) == len(sources)
    # the same items with the link as a block of its own and the description under it are cards
    cards = "".join(f"<li><p><a href='{h}'>{t}</a></p><p>{d}</p></li>" for h, t, d in sources)
    tree = lxml.html.fromstring(page(f"<div class='story-text'>{P1}{P2}{P3}</div><ul>{cards}</ul>"))
    drop_teaser_cards(tree, tree.find(".//h1"), drop, removed)
    assert len(removed) == len(sources) and tree.findall(".//li") == []


def test_a_single_card_is_no_list():
    card = _nested(f"<p><a href='{CARDS[0][0]}'>{CARDS[0][1]}</a></p><p>{CARDS[0][2]}</p>")
    document = cleaners.clean_html(page(f"<div class='a1b2c3d'>{P1}{P2}{P3}</div>{card}"))
    assert not _removed(document)
