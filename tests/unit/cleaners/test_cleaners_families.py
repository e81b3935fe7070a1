"""Mechanisms for layout families nobody tuned for (issue 11, the second unseen set's misses), each with a
page where it must fire and a body page where it must not."""

from __future__ import annotations

import json

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
        "وأكد رئيس التحرير أن المقال المنسوب إليه لا يمثل موقف الصحيفة وأنه سيلجأ إلى القضاء.",
    ]
    document = cleaners.clean_text("\n\n".join([HEADLINE, S1, *lines, S2]))
    assert document.paragraphs == [S1, *lines, S2]


def test_an_opinion_disclaimer_is_removed():
    disclaimer = "المقالات المنشورة تعبر عن آراء أصحابها ولا تمثل بالضرورة موقف الصحيفة"
    document = cleaners.clean_html(page(P1 + P2 + P3 + f"<p>{disclaimer}</p>"))
    assert disclaimer not in document.text
    assert _rules_removed(document, "drop_line:disclaimer") == [disclaimer]


def test_a_bar_of_short_labels_mostly_tools_is_removed():
    document = cleaners.clean_text("\n\n".join([HEADLINE, S1, "نسخة PDF | مشاركة | طباعة", S2]))
    assert document.paragraphs == [S1, S2]
    kept = ["الرئيسية | أخبار | رياضة", "طباعة الكتب | نشر المقالات العلمية المحكمة | توزيع"]
    assert cleaners.clean_text("\n\n".join([HEADLINE, S1, *kept, S2])).paragraphs == [S1, *kept, S2]


def test_a_labelled_headline_link_in_the_body_is_an_inline_teaser():
    item = "<p><strong>مقال مرتبط: </strong><a href='/9/'>جامعة الشمال تفتح باب التسجيل في برامج الدراسات</a></p>"
    document = cleaners.clean_html(page(P1 + item + P2 + P3))
    assert "جامعة الشمال" not in document.text
    assert _rules_removed(document, "dom_link_item:labelled_link")
    assert document.paragraphs == [S1, S2, S3]


def test_links_in_sentences_and_credit_links_are_no_inline_teasers():
    sentence = "<p>وقال الوزير إن <a href='/x'>الخطة الوطنية للمياه</a> ستنفذ خلال عامين.</p>"
    credit = "<p>المصدر: <a href='/s'>وكالة الأنباء الرسمية للدولة</a></p>"
    document = cleaners.clean_html(page(P1 + sentence + P2 + P3 + credit))
    assert not _rules_removed(document, "dom_link_item:labelled_link")
    assert "الخطة الوطنية للمياه" in document.text
    assert document.source_credit == ["وكالة الأنباء الرسمية للدولة"]


def test_an_inline_related_item_is_removed():
    related = "<p><strong>ذات علاقة: </strong><a href='/9/'>جامعة الشمال تفتح باب التسجيل في برامج الدراسات</a></p>"
    document = cleaners.clean_html(page(P1 + related + P2 + P3))
    assert "جامعة الشمال" not in document.text
    assert S2 in document.text
    kept = "<p>ذات صلة بالموضوع، قال الوزير إن الجامعات ستفتح باب التسجيل في برامج الدراسات العليا قريبا.</p>"
    assert "ذات صلة بالموضوع" in cleaners.clean_html(page(P1 + kept + P2 + P3)).text


# --------------------------------------------------------------------------- tables


RESULTS_TABLE = (
    "<table class='data'><caption>ترتيب الفرق بعد الجولة الثانية عشرة</caption><thead><tr><th>الفريق</th><th>لعب"
    "</th><th>النقاط</th></tr></thead><tbody><tr><td>الجزيرة</td><td>12</td><td>29</td></tr><tr><td>الوحدات</td>"
    "<td>12</td><td>27</td></tr></tbody></table>"
)


def test_a_table_in_the_body_is_written_as_plain_rows():
    document = cleaners.clean_html(page(P1 + RESULTS_TABLE + P2 + P3))
    assert "|" not in document.text
    rows = ["ترتيب الفرق بعد الجولة الثانية عشرة", "الفريق لعب النقاط", "الجزيرة 12 29", "الوحدات 12 27"]
    assert [p for p in document.paragraphs if p in rows] == rows
    assert document.paragraphs.index(rows[0]) == 1  # in its place, between the paragraphs


def test_bars_inside_a_body_paragraph_are_not_table_cells():
    line = "<p>وكتب المحلل في تغريدته: الحكومة | البرلمان | القضاء، ثلاث سلطات لا تتفق على شيء هذه الأيام.</p>"
    document = cleaners.clean_html(page(P1 + line + P2 + P3))
    assert "الحكومة | البرلمان | القضاء" in document.text


# --------------------------------------------------------------------------- repeated items with an extra


def test_a_teaser_item_with_an_excerpt_goes_with_its_list():
    items = "".join(
        f"<li><a href='/o/{n}'>{title}</a><span class='date'>{n + 3} آذار 2024</span>"
        + (f"<p>{S3}</p>" if n == 0 else "")
        + "</li>"
        for n, title in enumerate(
            [
                "مواطنون يشتكون من انقطاع الإنترنت",
                "غرفة التجارة تطالب بتخفيف الرسوم",
                "هيئة الأرصاد تتوقع انخفاضا في الحرارة",
                "جامعة الشمال تفتح باب التسجيل",
            ]
        )
    )
    article = f"<div class='column'><div class='text'>{P1}{P2}</div></div><div class='more'><ul>{items}</ul></div>"
    html = (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE}</title></head><body><main><h1>{HEADLINE}</h1>"
        f"{article}</main></body></html>"
    )
    document = cleaners.clean_html(html)
    assert S3 not in document.text
    assert len([r for r in document.removed if r.rule.startswith("dom_repeated:")]) == 4
    assert document.paragraphs == [S1, S2]


def test_an_update_with_an_extra_paragraph_stays_with_the_live_blog():
    updates = "".join(
        f"<li><time>{time}</time><p>{text}</p>" + (f"<p>{S3}</p>" if n == 1 else "") + "<a href='#'>شارك</a></li>"
        for n, (time, text) in enumerate(zip(["09:15", "10:40", "13:05", "15:30"], [S1, S2, S1[::-1], S2[::-1]]))
    )
    document = cleaners.clean_html(page(f"<ol class='timeline'>{updates}</ol>"))
    assert [r for r in document.removed if r.rule.startswith("dom_repeated:")] == []
    assert S3 in document.text and S1 in document.text


# --------------------------------------------------------------------------- body from a data script


def _shell_page(data: dict, rendered_body: str = "") -> str:
    cards = "".join(
        f"<a class='Card_card__x1' href='/n/{n}'><h3>{title}</h3><p class='Card_excerpt__x2'>{S3}</p></a>"
        for n, title in enumerate(["إغلاق مؤقت لمعبر حدودي بسبب أعمال صيانة", "أسعار الذهب تسجل تراجعا طفيفا"])
    )
    script = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE} - شبكة النبأ</title></head><body><div id='__next'>"
        f"<main><h1>{HEADLINE}</h1><div class='ArticleBody_body__q'>{rendered_body}</div><section><h2>اقرأ في الشبكة"
        f"</h2>{cards}</section></main></div><script id='__NEXT_DATA__' type='application/json'>"
        f"{script}</script></body></html>"
    )


def _next_data(content: str, key: str = "content") -> dict:
    return {"props": {"pageProps": {"article": {"title": HEADLINE, key: content}, "related": [{"excerpt": S3}]}}}


def test_a_body_only_in_next_data_is_the_body():
    document = cleaners.clean_html(_shell_page(_next_data(P1 + "<h2>ردود الفعل</h2>" + P2)))
    assert document.paragraphs == [S1, "ردود الفعل", S2]
    assert [r.text for r in document.removed if r.rule == "embedded_body:rendered_shell"]


def test_a_state_object_body_in_plain_text_is_the_body():
    state = json.dumps({"article": {"body": f"{S1}\n{S2}\n{S3}"}}, ensure_ascii=False)
    html = _shell_page({}).replace("</body>", f"<script>window.__INITIAL_STATE__ = {state};</script></body>")
    assert cleaners.clean_html(html).paragraphs == [S1, S2, S3]


def test_a_body_kept_as_a_list_of_blocks_is_read_whole():
    """Paragraph blocks, each its own object ({"type": "text", "content": ...}) between image blocks with
    long URLs; the related items after them (other keys) are not part of it."""
    elements = [{"_id": "a1", "type": "text", "content": S1}]
    elements += [{"_id": "i1", "type": "image", "url": "https://cdn.example.org/photos/" + "x" * 60 + ".jpg"}]
    elements += [{"_id": "a2", "type": "text", "content": S2}, {"_id": "a3", "type": "text", "content": S3}]
    data = {"globalContent": {"content_elements": elements, "related": [{"headline": S3[::-1]}]}}
    document = cleaners.clean_html(_shell_page(data))
    assert document.paragraphs == [S1, S2, S3]


def test_a_rendered_body_is_kept_over_its_data_copy_and_other_strings():
    rendered = P1 + P2 + P3
    for data in (_next_data(P1 + P2 + P3), _next_data(P2[::-1] * 3, key="summary")):
        document = cleaners.clean_html(_shell_page(data, rendered))
        assert [r for r in document.removed if r.rule.startswith("embedded_body")] == []
        assert document.paragraphs[:3] == [S1, S2, S3]


def test_a_teaser_cards_excerpt_is_not_the_deck():
    """The first lead-classed block after the headline is a card's excerpt (inside the card's link)."""
    document = cleaners.clean_html(_shell_page(_next_data(P1 + P2)))
    assert S3 not in document.text
