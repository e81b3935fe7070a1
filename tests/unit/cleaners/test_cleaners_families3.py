"""Mechanisms for the third unseen set's layout families (issue 11), each with a page where it must fire
and a body page where it must not."""

from __future__ import annotations

import cleaners
from tests.unit.cleaners.test_cleaners_families import S1, S2, S3
from tests.unit.cleaners.test_cleaners_html import HEADLINE, P1, P2, P3, page

DEMANDS = ["رفع الحد الأدنى للأجور في القطاع العام", "تثبيت العمال المؤقتين في وظائفهم", "وقف الاقتطاع من الرواتب"]

# --------------------------------------------------------------------------- list items


def test_list_items_in_the_body_are_plain_lines():
    items = "".join(f"<li>{item}</li>" for item in DEMANDS)
    body = f"{P1}<p>وتضمنت المطالب ما يلي:</p><ul class='content-list'>{items}</ul>{P2}{P3}"
    document = cleaners.clean_html(page(f"<div class='entry-content'>{body}</div>"))
    for item in DEMANDS:
        assert item in document.paragraphs
    assert not any(line.startswith("- ") for line in document.paragraphs)


def test_a_paragraph_starting_with_a_dash_keeps_it():
    body = f"<p>- {S1}</p><p>- {S2}</p><p>{S3}</p><ul class='content-list'><li>{DEMANDS[0]}</li></ul>"
    document = cleaners.clean_html(page(f"<div class='entry-content'>{body}</div>"))
    assert f"- {S1}" in document.paragraphs
    assert f"- {S2}" in document.paragraphs


# --------------------------------------------------------------------------- comment threads

COMMENTS = ["أختلف معك في بعض النقاط فالوضع على الأرض مختلف", "معلومة جديدة بالنسبة لي شكرا لكم", "نحن سكان المنطقة"]


def _comment(name: str, date: str, text: str, replies: str = "") -> str:
    return (
        f"<li class='c'><div class='meta'><span>{name}</span><span>{date}</span></div><p>{text}</p>"
        f"<div class='act'><a href='#r'>رد</a><span>▲ 12</span></div>{replies}</li>"
    )


def _thread_page(thread: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE}</title></head><body><div class='news'>"
        f"<h1>{HEADLINE}</h1><div class='news-body'>{P1}{P2}{P3}</div><section class='reader-box'>{thread}</section>"
        f"</div></body></html>"
    )


def test_a_reply_tree_is_a_repeated_item_group_at_every_depth():
    comments = [f"{comment} {comment}" for comment in COMMENTS]
    reply = f"<ul class='sub'>{_comment('لينا', '14 يناير 2024 19:30', comments[2])}</ul>"
    tree = _comment("زياد", "1 يونيو 2024 21:30", comments[0])
    tree += _comment("مريم", "18 أبريل 2024 12:35", comments[1], reply)
    tree += _comment("سامي", "19 أبريل 2024 10:05", comments[0], reply)
    document = cleaners.clean_html(_thread_page(f"<p>الآراء المنشورة تعبر عن أصحابها</p><ul class='tree'>{tree}</ul>"))
    assert not any(comment in document.text for comment in COMMENTS)
    assert S3 in document.text


def test_a_section_under_a_comments_heading_goes_whole():
    items = _comment("زياد", "1 يونيو 2024 21:30", COMMENTS[0]) + _comment("مريم", "18 أبريل 2024", COMMENTS[1])
    thread = "<div class='head'><h3>آراء القراء</h3><span>(5)</span></div><p>ترتيب الآراء حسب الأحدث</p>"
    document = cleaners.clean_html(_thread_page(f"{thread}<ul>{items}</ul><a href='#'>عرض 4 ردود أخرى</a>"))
    assert not any(comment in document.text for comment in COMMENTS[:2])
    assert "ردود أخرى" not in document.text and "ترتيب الآراء" not in document.text
    assert S1 in document.text and S3 in document.text


def test_a_comment_count_before_the_body_does_not_take_the_body():
    body = f"<div class='entry-content'><div class='meta'><a href='#c'>5 تعليقات</a></div>{P1}{P2}{P3}</div>"
    document = cleaners.clean_html(page(body))
    assert S1 in document.text and S2 in document.text and S3 in document.text


def test_nested_quote_lists_in_the_body_stay():
    quotes = "".join(
        f"<li><b>{name}</b><p>{text}</p><ul><li>{text}</li></ul></li>" for name, text in zip("أبج", COMMENTS)
    )
    document = cleaners.clean_html(page(f"<div class='entry-content'>{P1}<ul>{quotes}</ul>{P2}{P3}</div>"))
    assert all(comment in document.text for comment in COMMENTS)


# --------------------------------------------------------------------------- hidden second half

HIDDEN = (
    "<h2>تعاون بين البلدين لمواجهة التهديدات المشتركة</h2>"
    + P3.replace("<p>", "<p>وقال ")
    + P2.replace("<p>", "<p>ثم ")
)


def _gated_page(hidden: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE}</title></head><body><main class='article'>"
        f"<h1>{HEADLINE}</h1><div class='article__body' id='body'>{P1}{P2}{P3}</div>"
        f"<div class='gate'><button data-target='rest'>تابع القراءة</button></div>{hidden}</main>"
        f"<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"
    )


def test_a_template_continuing_the_body_is_read_in_order():
    document = cleaners.clean_html(_gated_page(f"<template id='rest'>{HIDDEN}</template>"))
    text = document.text
    assert "تعاون بين البلدين" in text and "وقال " + S3 in text and "ثم " + S2 in text
    assert text.index(S3) < text.index("تعاون بين البلدين") < text.index("ثم " + S2)


def test_a_noscript_notice_and_a_short_template_stay_unread():
    notice = "<noscript><div>لعرض الصفحة كاملة يرجى تفعيل جافاسكربت في متصفحك</div><img src='/px.gif'></noscript>"
    short = "<template id='card'><p>عنوان خبر آخر من الموقع</p></template>"
    document = cleaners.clean_html(_gated_page(notice + short))
    assert "جافاسكربت" not in document.text and "خبر آخر" not in document.text
    assert S3 in document.text


# --------------------------------------------------------------------------- deck and interviewer line

DECK = "الوزير يؤكد أن الجولة المقبلة ستكون حاسمة"


def test_a_deck_with_a_dek_or_sub_class_is_kept():
    for deck in (f"<p class='article__dek'>{DECK}</p>", f"<h2 class='sub'>{DECK}</h2>"):
        body = f"{deck}<div class='meta'>فراس عويس · 9 أكتوبر 2024</div><div class='article__body'>{P1}{P2}{P3}</div>"
        document = cleaners.clean_html(page(body))
        assert DECK in document.paragraphs, deck


def test_a_sub_menu_after_the_headline_is_no_deck():
    menu = (
        "<div class='sub-menu'><a href='/a'>سياسة</a> <a href='/b'>اقتصاد</a> <a href='/c'>رياضة دولية ومحلية</a></div>"
    )
    document = cleaners.clean_html(page(f"{menu}{P1}{P2}{P3}"))
    assert "سياسة" not in document.text


def test_an_interviewer_line_is_a_byline():
    document = cleaners.clean_html(page(f"<p>حاوره: نور الهدى السيد</p>{P1}{P2}{P3}"))
    assert "حاوره" not in document.text
    assert document.author == "نور الهدى السيد"


# --------------------------------------------------------------------------- embedded posts

POST = "نتابع الموقف لحظة بلحظة وسنعلن كل المستجدات عبر القنوات الرسمية فقط"


def test_an_embedded_social_post_is_dropped():
    tweet = (
        f"<blockquote class='x-post'><p>{POST}</p>&mdash; كريم بوزيد (@spokes_office) "
        f"<a href='https://x.example/status/1'>20 فبراير 2024</a></blockquote>"
    )
    document = cleaners.clean_html(page(f"<div class='entry-content'>{P1}{tweet}{P2}{P3}</div>"))
    assert POST not in document.text and "@spokes_office" not in document.text
    assert "dom_embed:social_post" in {r.rule for r in document.removed}
    assert S2 in document.text


def test_a_signed_quotation_stays():
    quote = f"<blockquote><p>{POST}</p>— الناطق باسم الوزارة</blockquote>"
    document = cleaners.clean_html(page(f"<div class='entry-content'>{P1}{quote}{P2}{P3}</div>"))
    assert POST in document.text


# --------------------------------------------------------------------------- live updates

LONG = P2.replace("</p>", " " + S3 + " " + S1 + "</p>")


def _update(time: str, paragraphs: str) -> str:
    return (
        f"<div class='lb-item'><div class='lb-time'><span>{time}</span></div><div class='lb-content'>{paragraphs}"
        f"</div><div class='lb-foot'><span>منذ 27 دقيقة</span></div></div>"
    )


def test_every_update_keeps_its_time_heading_in_order():
    feed = _update("11:15", P1) + _update("10:47", LONG + P3) + _update("09:52", P3.replace("<p>", "<p>ثم "))
    document = cleaners.clean_html(page(f"<p class='lead'>{DECK}</p><div class='lb-feed'>{feed}</div>"))
    lines = document.paragraphs
    assert [line for line in lines if line in ("11:15", "10:47", "09:52")] == ["11:15", "10:47", "09:52"]
    assert lines.index(DECK) < lines.index("11:15") < lines.index(S1) < lines.index("10:47")


# --------------------------------------------------------------------------- wire furniture


def test_wire_header_initials_and_end_mark_are_dropped():
    header = "<p class='wire-head'>الرقم: 482913 الأولوية: عادية التصنيف: عربي ودولي 10:15 ت.غ</p>"
    tail = "<p>ن.م / ق.ق</p><p>- انتهى -</p>"
    document = cleaners.clean_html(page(f"<div class='entry-content'>{header}{P1}{P2}{P3}{tail}</div>"))
    assert document.paragraphs[-1] == S3
    assert not any("الأولوية" in line or "انتهى" in line for line in document.paragraphs)
    assert {"drop_line:wire_end_mark", "drop_line:wire_furniture"} <= {r.rule for r in document.removed}


def test_prose_with_wire_words_stays():
    lines = ["وبلغ الرقم 482913 بحسب التصنيف الجديد للأولوية في الوزارة", "وقال إن الاجتماع انتهى دون اتفاق"]
    body = "".join(f"<p>{line}.</p>" for line in lines)
    document = cleaners.clean_html(page(f"<div class='entry-content'>{P1}{body}{P2}{P3}</div>"))
    assert all(f"{line}." in document.paragraphs for line in lines)


# --------------------------------------------------------------------------- blog layouts

BLOG = "مدونة دفتر المدينة"
SNIPPET = "تشهد صناعة النسيج المحلية تراجعا ملحوظا أمام المنتجات المستوردة الرخيصة ويقول أصحاب المصانع " * 4


def _blog_page(post_body: str, title: str = f"{BLOG}: {HEADLINE}", h1: str = BLOG) -> str:
    widget = f"<div class='widget PopularPosts'><ul><li><div class='item-snippet'>{SNIPPET}</div></li></ul></div>"
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title><meta property='og:title' content='{HEADLINE}'>"
        f"</head><body><header><h1 class='title'><a href='/'>{h1}</a></h1></header><div class='post'>"
        f"<h3 class='post-title'>{HEADLINE}</h3>{post_body}</div>{widget}</body></html>"
    )


def test_a_blog_name_h1_beside_the_og_title_in_the_title_is_the_masthead():
    document = cleaners.clean_html(_blog_page(f"<div class='post-body'>{P1}{P2}{P3}</div>"))
    assert document.title == HEADLINE
    assert BLOG not in document.text


def test_an_h1_headline_stays_the_title_on_a_blog():
    document = cleaners.clean_html(_blog_page(f"<div class='post-body'>{P1}{P2}{P3}</div>", HEADLINE, HEADLINE))
    assert document.title == HEADLINE


def test_an_itemprop_list_naming_article_body_is_the_body():
    runs = "".join(f"<div>{_prose}</div><div><br></div>" for _prose in (S1, S2, S3))
    body = f"<div class='post-body' itemprop='description articleBody'>{runs}</div>"
    document = cleaners.clean_html(_blog_page(body))
    assert S1 in document.text and S3 in document.text
    assert "صناعة النسيج" not in document.text


# --------------------------------------------------------------------------- kickers


def _kicker_page(above: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE}</title></head><body><main><div class='explainer'>"
        f"{above}<h1>{HEADLINE}</h1><div class='explainer-body'>{P1}{P2}{P3}</div></div></main></body></html>"
    )


def test_a_kicker_above_the_headline_is_dropped():
    document = cleaners.clean_html(_kicker_page("<span class='kicker'>شرح مبسّط</span>"))
    assert "شرح مبسّط" not in document.text
    assert "dom_kicker" in {r.rule for r in document.removed}


def test_a_date_above_the_headline_is_no_kicker():
    document = cleaners.clean_html(_kicker_page("<span class='when'>6 أكتوبر 2024</span>"))
    assert "dom_kicker" not in {r.rule for r in document.removed}
    assert (document.published or "").startswith("2024-10-06")
