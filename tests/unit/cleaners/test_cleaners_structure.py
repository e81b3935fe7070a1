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


# --------------------------------------------------------------------------- repeated sibling structure


@pytest.mark.parametrize("widget", [
    lambda rng: bp.comment_thread(rng, 4),  # no heading, hashed classes
    lambda rng: bp.teaser_cards(rng, 3, excerpt=True),  # 40+ word excerpts
    lambda rng: bp.teaser_cards(rng, 4, excerpt=False, card_tag="article"),
])
def test_repeated_item_boxes_go_whole(widget):
    rng = random.Random(RNG_SEED)
    box = widget(rng)
    document = cleaners.clean_html(page(P1 + P2 + P3 + box))
    assert [p for p in document.paragraphs if plain(p) in _words_of(box)] == []
    assert len(document.paragraphs) == 3
    assert any(r.rule.startswith("dom_repeated:") for r in document.removed)


INTERVIEW_QUOTES = ("<ul><li><b>عن الانتخابات:</b> «لن نشارك ما لم تتغير القوانين»</li>"
                    "<li><b>عن الاقتصاد:</b> «الأزمة أعمق مما يعترف به المسؤولون»</li>"
                    "<li><b>عن الشباب:</b> «هم الأمل الوحيد الباقي لهذا البلد»</li></ul>")
DEMANDS = ("<ol><li>رفع الحد الأدنى للأجور بما يتناسب مع غلاء المعيشة</li><li>تثبيت العمال المؤقتين</li>"
           "<li>وقف الخصخصة في قطاع الكهرباء</li><li>إعادة فتح باب التوظيف في التعليم</li></ol>")
RESULTS = ("<table><tr><th>الفريق</th><th>النقاط</th><th>الأهداف</th></tr>"
           "<tr><td><a href='/t/1'>الوحدات</a></td><td>45</td><td>30</td></tr>"
           "<tr><td><a href='/t/2'>الفيصلي</a></td><td>41</td><td>27</td></tr>"
           "<tr><td><a href='/t/3'>الرمثا</a></td><td>38</td><td>22</td></tr></table>")
LINKED_PARAGRAPHS = "".join(f"<p>{text[3:-4]} <a href='/x'>التفاصيل</a> <b>هنا</b></p>" for text in (P1, P2, P3))


@pytest.mark.parametrize("content", [INTERVIEW_QUOTES, DEMANDS, RESULTS, LINKED_PARAGRAPHS])
def test_lists_tables_and_linked_paragraphs_of_the_article_are_no_repeated_items(content):
    tree = parse_html(page(P1 + content + P2))
    assert repeated_item_groups(tree) == []
    document = cleaners.clean_html(page(P1 + content + P2))
    text = plain(document.text)
    for cell in ("لن نشارك", "تثبيت العمال", "الفيصلي", "التفاصيل هنا"):
        if plain(cell) in _words_of(content):
            assert plain(cell) in text


def test_headline_box_is_never_a_repeated_item():
    cards = "".join(f"<div><h1>{HEADLINE}</h1><a href='/'>x</a><span>y</span></div>" for _ in range(3))
    assert repeated_item_groups(parse_html(f"<html><body>{cards}</body></html>")) == []
