"""Mechanisms for layout families nobody tuned for (issue 11, the second unseen set's misses), each with a
page where it must fire and a body page where it must not."""

from __future__ import annotations

import cleaners
from cleaners.html_stage import parse_html
from cleaners.inline_runs import split_inline_runs
from tests.unit.cleaners.test_cleaners_html import HEADLINE, P1, P2, P3, page, plain

SITE = "شبكة الضفاف"
DECK = "الوزير يؤكد أن الجولة المقبلة ستكون حاسمة في مسار التفاوض"


def _prose(paragraph: str) -> str:
    return paragraph.removeprefix("<p>").removesuffix("</p>")


S1, S2, S3 = _prose(P1), _prose(P2), _prose(P3)


def _rules_removed(document: cleaners.Document, rule: str) -> list[str]:
    return [r.text for r in document.removed if r.rule == rule]


# --------------------------------------------------------------------------- headline choice


def _masthead_page(title: str, head: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body><header><a href='/'>"
        f"<h1 class='site-title'>{SITE}</h1></a></header><main><div itemscope itemtype='https://schema.org/Article'>"
        f"<h2 itemprop='headline'>{HEADLINE}</h2><div itemprop='articleBody'>{P1}{P2}{P3}</div></div></main>"
        f"</body></html>"
    )


def test_a_site_name_h1_is_not_the_headline():
    document = cleaners.clean_html(_masthead_page(f"{HEADLINE} - {SITE}"))
    assert document.title == HEADLINE
    assert plain(SITE) not in plain(document.text)
    assert document.text.startswith(HEADLINE)


def test_a_site_name_h1_equal_to_og_site_name_is_not_the_headline():
    head = f"<meta property='og:site_name' content='{SITE}'><meta property='og:title' content='{HEADLINE}'>"
    document = cleaners.clean_html(_masthead_page(HEADLINE, head))
    assert document.title == HEADLINE


def test_an_h1_that_is_the_headline_stays_the_title():
    document = cleaners.clean_html(page(P1 + P2 + P3))  # <title>headline | site</title>, <h1>headline</h1>
    assert document.title == HEADLINE
    short = "<html><head><title>انتخابات - صدى</title></head><body><h1>انتخابات</h1>" + P1 + P2 + "</body></html>"
    assert cleaners.clean_html(short).title == "انتخابات"


# --------------------------------------------------------------------------- lines split by <br>


def _glued_page(date: str = "13 تموز 2022 - 05:58 م") -> str:
    spans = "".join(f"<span>{text}</span><br/>" for text in (S1, S2, S3))
    return (
        f"<html><head><meta charset='utf-8'><title>وكالة الأنباء - {HEADLINE}</title></head><body><form><div "
        f"class='box'><span class='t'>{HEADLINE}</span><br /><span class='s'>{DECK}</span><br /><span>{date}</span>"
        f"<div class='img'><img src='x.jpg'></div><div class='details'>{spans}</div></div></form></body></html>"
    )


def test_spans_between_line_breaks_are_lines_of_their_own():
    document = cleaners.clean_html(_glued_page())
    assert document.paragraphs[0] == DECK
    assert all(HEADLINE not in paragraph for paragraph in document.paragraphs)
    assert document.published and document.published.startswith("2022-07-13")


def test_inline_runs_in_one_line_are_not_split():
    tree = parse_html(
        "<html><body><div>قال <b>الوزير</b> إن <span>الجولة</span> <a href='/x'>المقبلة</a> حاسمة<br/>"
        "<span>سطر</span> <span>واحد</span><br/></div><p><span>أ</span><br/><span>ب</span></p></body></html>"
    )
    assert split_inline_runs(tree) == 0
    assert tree.find(".//div/p") is None


def test_a_lone_span_between_breaks_is_wrapped():
    tree = parse_html("<html><body><div><span>سطر أول</span><br/><span>سطر ثان</span><br/>نص حر</div></body></html>")
    assert split_inline_runs(tree) == 2
    assert [p.text_content() for p in tree.iter("p")] == ["سطر أول", "سطر ثان"]


# --------------------------------------------------------------------------- action bars, pagers, disclaimers


def test_tools_bars_and_pagers_are_removed_by_their_parts():
    text = "\n\n".join(
        [
            HEADLINE,
            S1,
            "طباعة | أرسل لصديق | تكبير الخط | تصغير الخط",
            "[ طباعة ] [ أرسل لصديق ] [ عودة ]",
            S2,
            "الصفحة 1 من 2",
            "شاهد الفيديو",
        ]
    )
    document = cleaners.clean_text(text)
    assert document.paragraphs == [S1, S2]
    assert len(_rules_removed(document, "drop_line:action_bar")) == 2
    assert _rules_removed(document, "nav:pager") == ["الصفحة 1 من 2"]


def test_body_lines_with_bars_or_tool_words_stay():
    lines = [
        "الحكومة | البرلمان | القضاء",
        "وتشمل خدمات المركز طباعة الكتب وإرسال الطرود إلى الخارج بأسعار مدعومة للطلاب.",
        "وجاء في الصفحة 12 من التقرير أن العجز تراجع إلى ثلاثة في المئة من الناتج المحلي.",
        "وقال المتحدث إن تصريحات الوزير لا تعبر بالضرورة عن موقف الحكومة كلها في هذا الملف.",
    ]
    document = cleaners.clean_text("\n\n".join([HEADLINE, S1, *lines, S2]))
    assert document.paragraphs == [S1, *lines, S2]


def test_an_opinion_disclaimer_is_removed():
    disclaimer = "المقالات المنشورة تعبر عن آراء أصحابها ولا تمثل بالضرورة موقف الصحيفة"
    document = cleaners.clean_html(page(P1 + P2 + P3 + f"<p>{disclaimer}</p>"))
    assert disclaimer not in document.text
    assert _rules_removed(document, "drop_line:disclaimer") == [disclaimer]


def test_an_inline_related_item_is_removed():
    related = "<p><strong>ذات علاقة: </strong><a href='/9/'>جامعة الشمال تفتح باب التسجيل في برامج الدراسات</a></p>"
    document = cleaners.clean_html(page(P1 + related + P2 + P3))
    assert "جامعة الشمال" not in document.text
    assert S2 in document.text
    kept = "<p>ذات صلة بالموضوع، قال الوزير إن الجامعات ستفتح باب التسجيل في برامج الدراسات العليا قريبا.</p>"
    assert "ذات صلة بالموضوع" in cleaners.clean_html(page(P1 + kept + P2 + P3)).text
