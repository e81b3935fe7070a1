"""Mechanisms for the fourth unseen set's layout families (issue 11), each with a page where it must fire
and a body page where it must not."""

from __future__ import annotations

import cleaners
from tests.unit.cleaners.test_cleaners_families import S1, S2, S3
from tests.unit.cleaners.test_cleaners_html import HEADLINE, P1, P2, P3, page

# --------------------------------------------------------------------------- links inside sentences


def _linked(sentence: str, *indexes: int) -> str:
    """The sentence with the words at `indexes` linked to tag pages (class 'tag-link')."""
    words = sentence.split(" ")
    return " ".join(f"<a class='tag-link' href='/tag/{i}'>{w}</a>" if i in indexes else w for i, w in enumerate(words))


def test_words_linked_inside_sentences_stay_in_the_sentences():
    body = "".join(f"<div class='p'>{_linked(s, 3, 9)}</div>" for s in (S1, S2, S3))
    document = cleaners.clean_html(page(f"<div class='details'>{body}</div>"))
    assert S1 in document.text and S2 in document.text and S3 in document.text


def test_a_tag_list_still_goes():
    tags = " ".join(f"<a class='tag' href='/tag/{n}'>{w}</a>" for n, w in enumerate(["اقتصاد", "رياضة", "محليات"]))
    document = cleaners.clean_html(page(f"<div class='details'>{P1}{P2}{P3}<p>الوسوم: {tags}</p></div>"))
    assert S1 in document.text and S3 in document.text
    assert "رياضة" not in document.text and "محليات" not in document.text


# --------------------------------------------------------------------------- the next story appended

NEXT_HEADLINE = "افتتاح معرض الكتاب السنوي بمشاركة مئتي دار نشر"
NEXT_TEXT = "افتتح المعرض السنوي للكتاب أبوابه أمس بمشاركة أكثر من مئتي دار نشر من عشرين دولة عربية وأجنبية."


def _story(headline: str, paragraphs: str) -> str:
    return f"<article class='story'><h1>{headline}</h1><div class='story-body'>{paragraphs}</div></article>"


def _stream(after: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE} | صدى اليوم</title></head><body>"
        f"<div class='stream'>{_story(HEADLINE, P1 + P2 + P3)}{after}</div></body></html>"
    )


def test_a_next_story_in_the_same_markup_goes_whole():
    paragraphs = f"<p>{NEXT_TEXT}</p><p>{NEXT_TEXT}</p>"
    after = f"<div class='divider'><span>المقال التالي</span></div>{_story(NEXT_HEADLINE, paragraphs)}"
    document = cleaners.clean_html(_stream(after))
    assert S1 in document.text and S3 in document.text
    assert NEXT_HEADLINE not in document.text and "المعرض السنوي" not in document.text
    assert "المقال التالي" not in document.text
    assert any(r.rule == "dom_next_story" for r in document.removed)


def test_a_sibling_box_without_a_headline_of_its_own_stays():
    after = f"<article class='story'><div class='story-body'><p>{NEXT_TEXT}</p><p>{NEXT_TEXT}</p></div></article>"
    document = cleaners.clean_html(_stream(after))
    assert "المعرض السنوي" in document.text
    assert not any(r.rule == "dom_next_story" for r in document.removed)


# --------------------------------------------------------------------------- "name · date" lines


def test_a_name_and_date_line_under_the_headline_goes_to_published():
    byline = "<div class='meta'>نادية قاسم · 16 يوليو 2024</div>"
    document = cleaners.clean_html(page(f"{byline}<div class='details'>{P1}{P2}{P3}</div>"))
    assert "نادية قاسم" not in document.text and S1 in document.text
    assert document.published is not None and document.published.startswith("2024-07-16")


def test_a_dateline_sentence_with_a_dash_stays():
    line = "<p>القاهرة – أعلنت الحكومة اليوم 16 يوليو 2024 خطة جديدة للنقل العام في المدن الكبرى.</p>"
    document = cleaners.clean_html(page(f"<div class='details'>{line}{P1}{P2}{P3}</div>"))
    assert "أعلنت الحكومة اليوم" in document.text


# --------------------------------------------------------------------------- a box in another script

SUMMARY_EN = "Officials met on Monday to discuss the next phase of the plan and the figures behind it."
DECK = "جولة جديدة من المحادثات تنطلق وسط تفاؤل حذر لدى الوسطاء الإقليميين"
QUOTE_EN = '"We are not going to accept any delay in the delivery of the aid," the spokesman said.'
QUOTE_EN2 = '"This is a turning point for the whole region and we will act accordingly," she told reporters.'


def test_an_english_summary_box_goes_and_the_deck_before_it_stays():
    box = f"<div class='summary-en' dir='ltr' lang='en'><h4>In English</h4><p>{SUMMARY_EN}</p><a href='/en/1'>Read"
    box += " the full English version</a></div>"
    body = f"<p class='teaser'>{DECK}</p>{box}<div class='txt'>{P1}{P2}{P3}</div>"
    document = cleaners.clean_html(page(body))  # the deck right under the page's headline
    assert "Officials met" not in document.text and "In English" not in document.text
    assert DECK in document.paragraphs
    assert S1 in document.text and S3 in document.text
    assert any(r.rule == "dom_foreign_box" for r in document.removed)


def test_english_quotations_without_a_heading_of_their_own_stay():
    inside = f"<p>وقال المتحدث باسم المنظمة: {QUOTE_EN}</p>"
    block = f"<div dir='ltr' lang='en'><p>{QUOTE_EN2}</p><p>{QUOTE_EN2.replace('she', 'he')}</p></div>"
    document = cleaners.clean_html(page(f"<div class='txt'>{P1}{inside}{block}{P2}{P3}</div>"))
    assert "the spokesman said" in document.text
    assert "turning point" in document.text and "he told reporters" in document.text
    assert not any(r.rule == "dom_foreign_box" for r in document.removed)


# --------------------------------------------------------------------------- side columns of cards

EXCERPT = "قالت مصادر مطلعة إن الحكومة تدرس حزمة إجراءات جديدة لدعم الأسر محدودة الدخل تشمل رفع قيمة المعونات الشهرية"


def _card(heading: str, text: str) -> str:
    return f"<div class='card'><div class='card-body'><h5>{heading}</h5><p class='card-text'>{text}</p></div></div>"


def _grid(side: str) -> str:
    story = f"<div class='card'><div class='card-body'><h1>{HEADLINE}</h1>{P1}{P2}{P3}</div></div>"
    return (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE} | صدى اليوم</title></head><body><div class='row'>"
        f"<div class='col-3'>{side}</div><div class='col-6'>{story}</div></div></body></html>"
    )


def test_a_column_of_link_headed_cards_beside_the_story_goes():
    cards = "".join(_card(f"<a href='/o/{n}'>عنوان خبر آخر رقم {n}</a>", f"{EXCERPT} {n}") for n in range(3))
    document = cleaners.clean_html(_grid(cards))
    assert "حزمة إجراءات" not in document.text
    assert S1 in document.text and S3 in document.text
    assert any(r.rule == "dom_side_column" for r in document.removed)


def test_a_column_of_cards_with_plain_headings_stays_to_other_rules():
    cards = "".join(_card(f"ملاحظة رقم {n}", f"{EXCERPT} {n}") for n in range(3))
    document = cleaners.clean_html(_grid(cards))
    assert not any(r.rule == "dom_side_column" for r in document.removed)
