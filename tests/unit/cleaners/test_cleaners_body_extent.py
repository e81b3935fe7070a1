"""Body extent and text-stage signals: each with a page where it must fire and body text where it must not."""

from __future__ import annotations

import pytest

import cleaners
from tests.unit.cleaners.test_cleaners_html import P1, P2, P3, page, plain

T1, T2, T3 = P1[3:-4], P2[3:-4], P3[3:-4]
CONTINUED = (
    "وتابع الوزير أن المرحلة المقبلة تتطلب تعاونا أوسع بين المؤسسات الرسمية والمجتمع المدني، وأن الحكومة "
    "ستعرض خطتها التفصيلية على البرلمان قبل نهاية الشهر الجاري لمناقشتها وإقرارها."
)


def _has(document, text: str) -> bool:
    return plain(text) in plain(document.text)


def test_div_paragraphs_and_br_runs_in_one_container_are_all_kept_in_order():
    body = f"<div class='x9f'><p>{T1}</p><div>{T2}</div>{T3}<br><br><div><b>مطالب السكان</b></div>{CONTINUED}</div>"
    document = cleaners.clean_html(page(body))
    assert document.paragraphs == [T1, T2, T3, "مطالب السكان", CONTINUED]


def test_numbered_demands_and_interview_quotes_are_article_content():
    demands = "<ol><li>رفع الحد الأدنى للأجور</li><li>تثبيت العمال المؤقتين في وظائفهم</li><li>وقف الخصخصة</li></ol>"
    quotes = "<ul><li>«لن نشارك ما لم تتغير القوانين»</li><li>«الأزمة أعمق مما يعترف به المسؤولون»</li></ul>"
    document = cleaners.clean_html(page(f"<p>{T1}</p>{demands}<p>{T2}</p>{quotes}<p>{T3}</p>"))
    for item in ("تثبيت العمال المؤقتين في وظائفهم", "رفع الحد الأدنى للأجور", "لن نشارك ما لم تتغير القوانين"):
        assert _has(document, item)
    assert plain(document.text).index(plain("تثبيت العمال")) < plain(document.text).index(plain(T2[:30]))


def test_body_continuing_after_the_article_element_is_kept():
    html = (
        f"<html><head><meta charset='utf-8'><title>عنوان</title></head><body><div class='wrap'>"
        f"<article><h1>عنوان الخبر الرئيسي لهذا اليوم</h1><p>{T1}</p><p>{T2}</p></article>"
        f"<div class='x1'><a href='/a'>خبر آخر عن الطقس</a><a href='/b'>خبر آخر عن الرياضة</a></div>"
        f"<div class='x2'><p>{T3}</p><p>{CONTINUED}</p></div></div></body></html>"
    )
    document = cleaners.clean_html(html)
    assert document.paragraphs[-2:] == [T3, CONTINUED]
    assert not _has(document, "خبر آخر عن الطقس")


def test_sidebar_links_and_an_author_bio_after_the_body_are_not_a_continuation():
    bio = (
        "<div class='q7'><b>سامر الخطيب</b><p>كاتب وصحفي متخصص في الشؤون الاقتصادية عمل في عدد من الصحف "
        "العربية</p><a href='/author/1'>جميع مقالات الكاتب</a></div>"
    )
    links = (
        "<div class='q8'>"
        + "".join(f"<p><a href='/{i}'>عنوان خبر آخر رقم {i} في الموقع</a></p>" for i in range(5))
        + "</div>"
    )
    document = cleaners.clean_html(page(P1 + P2 + P3 + bio + links))
    assert document.paragraphs == [T1, T2, T3]
    unlabelled = cleaners.clean_html(page(P1 + P2 + P3 + bio.replace("جميع مقالات الكاتب", "")))
    assert "سامر الخطيب" not in unlabelled.paragraphs  # a name over a short bio is no subheading


def test_live_blog_update_headers_are_kept_before_their_update():
    updates = "".join(
        f"<div class='update'><div class='meta'><time>{t}</time> - <span>مراسلنا في العاصمة</span></div>"
        f"<p>{text}</p></div>"
        for t, text in (("09:15", T1), ("10:40", T2), ("11:05", T3))
    )
    document = cleaners.clean_html(page(f"<div class='live'>{updates}</div>"))
    assert document.paragraphs == [
        "09:15 - مراسلنا في العاصمة",
        T1,
        "10:40 - مراسلنا في العاصمة",
        T2,
        "11:05 - مراسلنا في العاصمة",
        T3,
    ]


def test_a_time_line_with_no_update_after_it_is_not_restored():
    document = cleaners.clean_html(page(P1 + P2 + P3 + "<div class='t'>10:40 - آخر تحديث</div>"))
    assert document.paragraphs == [T1, T2, T3]


# --------------------------------------------------------------------------- text stage


@pytest.mark.parametrize("marker", ["اقرأ أيضا:", "اقرأ أيضاً -", "طالع أيضا:", "قد يهمك:"])
def test_glued_teaser_is_cut_from_the_marker_keeping_the_sentence(marker):
    glued = f"{T2} {marker} ارتفاع أسعار الخضار في الأسواق الشعبية"
    for document in (
        cleaners.clean_text("\n\n".join(["عنوان الخبر الرئيسي اليوم", T1, glued, T3])),
        cleaners.clean_html(page(f"<p>{T1}</p><p>{glued}</p><p>{T3}</p>")),
    ):
        assert document.paragraphs[1] == T2
        assert any(r.rule == "inline_teaser:glued" for r in document.removed)


@pytest.mark.parametrize(
    "prose",
    [
        "وقال الناقد إن على القارئ أن يقرأ أيضا ما كتبه الآخرون قبل أن يحكم على الرواية الجديدة.",
        "قال الوزير إن الخطة جاهزة. اقرأ أيضا في التقرير المرفق تفاصيل كثيرة عن الموازنة والإنفاق الحكومي المتوقع "
        "خلال الأعوام الثلاثة المقبلة وما يرتبط به من قروض ومنح دولية.",
    ],
)
def test_read_also_words_inside_prose_stay(prose):
    assert prose in cleaners.clean_text("\n\n".join(["عنوان الخبر الرئيسي اليوم", T1, prose, T3])).paragraphs


def test_comment_thread_in_a_text_dump_is_cut_as_a_block():
    thread = [
        "التعليقات",
        "سامر الخطيب",
        "12 مارس 2024",
        "كلام جميل لكن أين التطبيق على أرض الواقع؟ نسمع هذه الوعود منذ سنوات طويلة ولا نرى شيئا يتحقق على الأرض أبدا.",
        "رد",
        "15 إعجاب",
    ]
    document = cleaners.clean_text("\n\n".join(["عنوان الخبر الرئيسي اليوم", T1, T2, *thread]))
    assert document.paragraphs == [T1, T2]


@pytest.mark.parametrize(
    "line",
    [
        "4 أكتوبر 2025 | عدد القراءات: 3968",
        "المشاهدات: 1200",
        "مشهد من الموقع خلال الزيارة - تصوير: سامر الخطيب",
        "عدسة: ليلى منصور",
        "أنت هنا: الرئيسية » أخبار » عنوان",
        "جميع مقالات الكاتب",
    ],
)
def test_counters_credits_breadcrumbs_and_author_links_go(line):
    assert cleaners.clean_text("\n\n".join(["عنوان الخبر الرئيسي اليوم", T1, line, T2])).paragraphs == [T1, T2]


@pytest.mark.parametrize(
    "prose",
    [
        "وشهدت المدينة تصوير فيلم جديد عن تاريخها القديم بمشاركة عشرات الممثلين من الشباب والهواة.",
        "وارتفع عدد القراءات المسجلة على المنصة الرقمية للمكتبة الوطنية خلال العام الماضي إلى أكثر من مليون قراءة.",
    ],
)
def test_body_sentences_about_photos_and_readers_stay(prose):
    assert prose in cleaners.clean_text("\n\n".join(["عنوان الخبر الرئيسي اليوم", T1, prose, T2])).paragraphs
