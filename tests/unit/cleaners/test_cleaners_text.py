"""Text stage: one test group per rule family, with the spelling variants real pages use, and the seeds."""

from __future__ import annotations

import json
import pickle
import re

import pytest
from conftest import TESTS
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaners
from cleaners import normalize
from cleaners.normalize import clean_whitespace, normalize_for_matching, strip_invisible
from cleaners.rules import load_rules, rules_for

SEEDS = TESTS / "data" / "seeds"
SEED_STEMS = sorted(p.stem for p in (SEEDS / "raw").glob("*.txt"))

BODY = (
    "وقال المتحدث باسم الوزارة في مؤتمر صحافي عقده اليوم إن الحكومة ماضية في تنفيذ خطتها الاقتصادية "
    "رغم الصعوبات الكبيرة التي تواجهها البلاد منذ بداية العام."
)
BODY2 = (
    "وأضاف أن الإصلاحات ستشمل قطاعات الطاقة والنقل والتعليم، وأن نتائجها ستظهر خلال الأشهر المقبلة "
    "بحسب التقديرات الرسمية المعلنة."
)
TITLE = "الحكومة تمضي في خطتها الاقتصادية رغم الصعوبات"


def doc(*lines: str) -> cleaners.Document:
    return cleaners.clean_text("\n\n".join(lines))


# --------------------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    "variant",
    [
        "إقرأ أيضاً",
        "اقرأ أيضا",
        "اقرا ايضا",
        "إقرأ أيضًا",
        "اقـــرأ أيضاً",
        "\u200fاقرأ\u200e أيضاً\u200f",
        "اقرأ\u00a0أيضاً",
        "\ufeffاقرأ أيضاً",
        "آقرأ أيضاً",
        "ٱقرأ أيضا",
    ],
)
def test_normalization_folds_read_also_variants(variant):
    assert normalize_for_matching(variant) == "اقرا ايضا"


def test_normalization_folds_presentation_forms_yeh_teh_marbuta():
    assert normalize_for_matching("\ufe8d\ufef7\ufedb\ufe9c\ufeae \ufed7\ufeae\ufe8d\ufe80\ufe93") == "الاكثر قراءه"
    assert normalize_for_matching("على مستوى") == normalize_for_matching("علي مستوي")
    assert normalize_for_matching("الصفحة الرئيسية") == "الصفحه الرييسيه"


def test_clean_whitespace_only_touches_spaces_and_invisible_marks():
    assert clean_whitespace("قال\u00a0\u00a0 السفير\u200f  إن\t") == "قال السفير إن"
    assert clean_whitespace("a\n\n\n\nb") == "a\n\nb"
    assert clean_whitespace("مُحَمَّدٌ أَيْضاً") == "مُحَمَّدٌ أَيْضاً"  # diacritics are the article's own


_SPACE_RUN = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x0b\x0c]+")
_EVERY_WHITESPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\u200f", "\x00", "\x1f"]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(_EVERY_WHITESPACE + ["ب", "x", "ـ"]), max_size=16))
def test_clean_whitespace_is_its_regex_definition(text):
    """Written with split/join for speed, it must do exactly what the definition says: per line, space
    runs (only the space class: not NEL or line/paragraph separators) to one space, ends stripped."""
    text = strip_invisible(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    assert clean_whitespace(text) == re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


_FOLDED = [chr(cp) for cp in normalize._MATCH_TABLE]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(_FOLDED + list("ابةىيو aZ٣")), max_size=16))
def test_fold_chars_is_the_fold_table(text):
    """The fold runs as a regex over the characters it changes; it must equal translating by the table."""
    assert normalize.fold_chars(text) == text.translate(normalize._MATCH_TABLE)


def test_rules_remember_matches_per_line_and_still_pickle():
    rules = rules_for({"display_name": "صدى اليوم"})
    norm = normalize_for_matching("اقرأ أيضاً")
    assert rules.first_match(norm)[1] is rules.first_match(norm)[1]  # the second answer is the remembered one
    copy = pickle.loads(pickle.dumps(rules))
    assert copy == rules and copy.first_match(norm)[0] == rules.first_match(norm)[0]
    normalize.clear_normalize_cache()  # benchmarks time each page as new: the memo goes with the foldings
    assert rules.first_match(norm) is not None and len(rules._matches) == 1


# --------------------------------------------------------------------------- rule families


@pytest.mark.parametrize(
    "heading",
    [
        "إقرأ أيضاً:",
        "اقرأ ايضا",
        "مقالات مشابهة",
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "مقالات وأخبار مرتبطة",
        "الأكثر قراءة",
        "اكثر قراءة",
        "ا\ufef7كثر قراءة",
        "شاهد أيضاً",
        "المزيد من الأخبار",
    ],
)
def test_related_heading_after_article_end_cuts_everything_after(heading):
    other = "وزير دفاع باكستان: التوغل العسكري الهندي وشيك"
    d = doc(TITLE, BODY, BODY2, "المصدر: وكالات", heading, other, BODY.replace("الحكومة", "باكستان"), "سطر قصير آخر")
    assert d.paragraphs == [BODY, BODY2]
    assert any(r.rule.startswith("cut_after:") for r in d.removed)


def test_related_heading_mid_article_drops_only_heading_and_teasers():
    d = doc(TITLE, BODY, "اقرأ أيضا:", "عنوان خبر آخر عن موضوع مختلف", BODY2)
    assert d.paragraphs == [BODY, BODY2]


@pytest.mark.parametrize(
    "q1,q2,q3",
    [
        ("كيف استقبلتِ خبر الفوز؟", "هل ما زال الشباب يقرؤون؟", "وما الذي تكتبينه الآن؟"),
        ("س: كيف استقبلتِ خبر الفوز؟", "س: هل ما زال الشباب يقرؤون؟", "س: وما الذي تكتبينه الآن؟"),
        ("سؤال - حدثينا عن الجائزة", "سؤال - والشباب والقراءة", "سؤال - ومشروعك المقبل"),
        ("- كيف استقبلتِ خبر الفوز?", "- هل ما زال الشباب يقرؤون ؟", "- وما الذي تكتبينه الآن ؟»"),
    ],
)
def test_interview_questions_after_read_also_are_kept(q1, q2, q3):
    answers = [BODY, BODY2, BODY.replace("الحكومة", "الوزارة"), BODY2.replace("الإصلاحات", "المشاريع")]
    d = doc(TITLE, answers[0], "اقرأ أيضاً", q1, answers[1], q2, answers[2], q3, answers[3])
    assert d.paragraphs == [answers[0], q1, answers[1], q2, answers[2], q3, answers[3]]
    assert [r.rule for r in d.removed] == ["cut_after:read_also"]


@pytest.mark.parametrize("line", ["عن الرواية والجائزة", "روسيا وأوكرانيا", "من الحرب إلى السلام"])
def test_short_lines_that_only_look_like_credits_stay(line):
    d = doc(TITLE, BODY, line, BODY2)
    assert d.paragraphs == [BODY, line, BODY2] and d.source_credit == []


def test_related_list_at_the_end_goes():
    d = doc(TITLE, BODY, BODY2, "مقالات مشابهة", "• عنوان أول", "• عنوان ثان", "عاجل")
    assert d.paragraphs == [BODY, BODY2]


@pytest.mark.parametrize(
    "line",
    [
        "إقرأ المزيد بوتين ولوكاشينكو يناقشان التدريبات",
        "اقرأ أيضاً: الحكومة تعلن خطة جديدة",
        "شاهد أيضا: فيديو من موقع الحادث",
        "طالع أيضاً الحكومة تعلن خطة جديدة",
    ],
)
def test_inline_teaser_lines_go(line):
    d = doc(TITLE, BODY, line, BODY2)
    assert d.paragraphs == [BODY, BODY2]
    assert any("inline_teaser" in r.rule or "cut_after" in r.rule for r in d.removed)


@pytest.mark.parametrize("marker", ["عاجل", "شارك", "شارك الخبر", "طباعة", "التعليقات", "إضافة تعليق جديد"])
def test_short_markers_go_as_whole_lines(marker):
    assert doc(TITLE, BODY, marker, BODY2).paragraphs == [BODY, BODY2]


@pytest.mark.parametrize(
    "prose",
    [
        "وقال مصدر مطلع إن المفاوضات ستستأنف الأسبوع المقبل بعد توقف دام شهرين بسبب الخلافات.",
        "وكتب الرئيس على حسابه أن بلاده لن تتراجع عن موقفها مهما كانت الضغوط الخارجية والداخلية.",
        "عاجل الحكومة تعلن حالة الطوارئ في ثلاث محافظات بعد الفيضانات التي ضربت البلاد أمس وأودت بحياة العشرات.",
        "وشارك في الاجتماع ممثلون عن عشرين دولة إلى جانب المنظمات الدولية المعنية بالملف الإنساني.",
        "وفي الأسبوع التالي عاد الوفد إلى العاصمة لاستكمال المباحثات مع الجانب الآخر حول القضايا العالقة.",
        "وأوضح أن السابق من الاتفاقات لم يعد صالحا في ظل المتغيرات الجديدة التي تشهدها المنطقة حاليا.",
        "المصدر الذي تحدث لوكالة الأنباء أكد أن الاتفاق سيوقع خلال أيام بحضور الوسطاء من عدة دول.",
    ],
)
def test_short_markers_never_remove_body_sentences(prose):
    assert prose in doc(TITLE, BODY, prose, BODY2).paragraphs


def test_tags_line_goes_to_metadata_with_space_separated_names():
    d = doc(TITLE, BODY, "كلمات دلالية: ألكسندر لوكاشينكو فلاديمير بوتين مينسك وزارة الدفاع الروسية")
    assert d.tags == ["ألكسندر لوكاشينكو", "فلاديمير بوتين", "مينسك", "وزارة الدفاع الروسية"]
    assert d.paragraphs == [BODY]


@pytest.mark.parametrize(
    "line,tags",
    [
        ("الكلمات المفتاحية: روسيا، بيلاروس، الناتو", ["روسيا", "بيلاروس", "الناتو"]),
        ("وسوم: روسيا | بيلاروس", ["روسيا", "بيلاروس"]),
        ("كلمات دلاليـة : روسيا , بيلاروس", ["روسيا", "بيلاروس"]),
    ],
)
def test_tag_label_variants(line, tags):
    assert doc(TITLE, BODY, line).tags == tags


@pytest.mark.parametrize(
    "line,credit",
    [
        ("المصدر: RT", "RT"),
        ("المصدر : وكالات", "وكالات"),
        ("وكالات", "وكالات"),
        ("(رويترز)", "رويترز"),
        ("--(بترا)", "بترا"),
        ("رويترز - أ ف ب", "رويترز - أ ف ب"),
        ("المصدر:\u200f الخدمة الصحفية", "الخدمة الصحفية"),
        ("واج", "واج"),
        ("(وأج)", "وأج"),
        ("وكالة الأنباء الجزائرية", "وكالة الأنباء الجزائرية"),
        ("وكالة أنباء الشرق الأوسط", "وكالة أنباء الشرق الأوسط"),
        ("الوكالة الفرنسية", "الوكالة الفرنسية"),
        ("سبأ - وكالات", "سبأ - وكالات"),
        ("نقلاً عن الجزيرة نت", "الجزيرة نت"),
        ("بتصرف عن موقع الجزيرة", "الجزيرة"),
        ("عن وكالة الأنباء الجزائرية", "وكالة الأنباء الجزائرية"),
        ("عن: وكالات", "وكالات"),
        ("وكالة سانا", "وكالة سانا"),
        ("وكالات + تلفزيون سوريا", "وكالات + تلفزيون سوريا"),
    ],
)
def test_source_credits_go_to_metadata(line, credit):
    d = doc(TITLE, BODY, BODY2, line)
    assert d.source_credit == [credit]
    assert d.paragraphs == [BODY, BODY2]


@pytest.mark.parametrize(
    "line,author",
    [
        ("كتب: محمد علي", "محمد علي"),
        ("بقلم - سارة أحمد", "سارة أحمد"),
        ("حوار: آسيا العتروس", "آسيا العتروس"),
        ("بقلم محمود حسن", "محمود حسن"),
    ],
)
def test_bylines_go_to_author(line, author):
    d = doc(TITLE, line, BODY, BODY2)
    assert d.author == author
    assert d.paragraphs == [BODY, BODY2]


def test_copyright_footer_names_source_credit():
    d = doc(TITLE, BODY, "جميع الحقوق محفوظة لمصدر الخبر الوطن وتحت مسؤليتة ونرجوا متابعتنا بأستمرار")
    assert d.source_credit == ["الوطن"]
    assert d.paragraphs == [BODY]


@pytest.mark.parametrize(
    "line",
    [
        "اشترك فى النشرة البريدية لتحصل على اهم الاخبار بمجرد نشرها",
        "إشترك في النسخة الرقمية لجريدة الصباح",
        "تابعنا على مواقع التواصل الاجتماعى",
        "حمّل تطبيق الموقع على هاتفك",
        "تابعوا آخر الأخبار عبر Google News",
        "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك",
    ],
)
def test_prompts_go(line):
    assert doc(TITLE, BODY, line, BODY2).paragraphs == [BODY, BODY2]


@pytest.mark.parametrize(
    "line",
    [
        "السابق اخبار السياسه كاظم الساهر يحيي حفلا في الساحل الشمالي",
        "التالى اخبار السياسه 30 يونيو نقطة الانطلاق",
        "المقال التالي: عنوان آخر",
    ],
)
def test_prev_next_navigation_goes(line):
    assert doc(TITLE, BODY, BODY2, line).paragraphs == [BODY, BODY2]


def test_date_line_goes_to_published():
    d = doc(TITLE, "25 أيار 2023 20:26", BODY)
    assert d.published == "2023-05-25T20:26"
    assert d.paragraphs == [BODY]


def test_section_label_and_outlet_prefix():
    d = doc(TITLE, "الثبات ـ دولي", BODY, BODY2)
    assert (d.section, d.outlet_name) == ("دولي", "الثبات")
    assert doc(TITLE, "أخبار", BODY).section == "أخبار"


def test_breadcrumb_prefixed_title_and_repeats():
    d = doc("اخبار السياسه " + TITLE, TITLE, BODY, TITLE, BODY2, BODY, BODY2)
    assert d.title == TITLE
    assert d.section == "اخبار السياسه"
    assert d.paragraphs == [BODY, BODY2]


def test_no_title_when_first_line_is_a_sentence():
    assert doc(BODY, BODY2).title is None


def test_outlet_extra_markers_extend_the_rules():
    outlet = {
        "name": "x",
        "extra_markers": {"rule": [{"name": "promo", "action": "drop_line", "match": "line", "phrases": ["عرض خاص"]}]},
    }
    d = cleaners.clean_text("\n\n".join([TITLE, BODY, "عرض خاص", BODY2]), outlet=outlet)
    assert d.paragraphs == [BODY, BODY2]
    assert "عرض خاص" in doc(TITLE, BODY, "عرض خاص", BODY2).paragraphs
    assert rules_for(None) is load_rules()


def test_every_removal_is_named():
    d = cleaners.clean_text((SEEDS / "raw" / SEED_STEMS[0]).with_suffix(".txt").read_text(encoding="utf-8"))
    assert d.removed and all(r.rule and r.text for r in d.removed)


@pytest.mark.parametrize("bad", [None, "", "   \n\n ", "\u200f\u200e\ufeff"])
def test_empty_text_is_rejected_with_a_reason(bad):
    assert cleaners.clean_text(bad).rejected


@pytest.mark.parametrize("odd", [b"\xff\xfe\x00garbage", 12345, "\x00\x01", "ﻻ" * 10_000])
def test_clean_text_never_raises(odd):
    document = cleaners.clean_text(odd)
    assert isinstance(document, cleaners.Document)
    assert "\x00" not in document.text


# --------------------------------------------------------------------------- seeds (golden files)


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_text_matches_gold(stem):
    raw = (SEEDS / "raw" / f"{stem}.txt").read_text(encoding="utf-8")
    gold = (SEEDS / "gold" / f"{stem}.txt").read_text(encoding="utf-8")
    assert cleaners.clean_text(raw).text == gold


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_metadata_matches_gold(stem):
    raw = (SEEDS / "raw" / f"{stem}.txt").read_text(encoding="utf-8")
    meta = json.loads((SEEDS / "gold" / f"{stem}.meta.json").read_text(encoding="utf-8"))
    got = cleaners.clean_text(raw).metadata()
    for key, value in meta.items():
        assert got.get(key) == value, key


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_output_has_no_boilerplate(stem):
    raw = (SEEDS / "raw" / f"{stem}.txt").read_text(encoding="utf-8")
    text = normalize_for_matching(cleaners.clean_text(raw).text)
    for marker in (
        "اقرا ايضا",
        "اقرا المزيد",
        "مقالات مشابهه",
        "كلمات دلاليه",
        "جميع الحقوق محفوظه",
        "اشترك",
        "تابعنا علي",
        "مقالات واخبار مرتبطه",
        "copyright",
    ):
        assert marker not in text
