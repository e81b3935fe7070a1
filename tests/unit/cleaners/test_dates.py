"""cleaners.dates: Arabic date lines -> ISO 8601, and telling date lines from body sentences."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.dates import _normalize_for_dates, hijri_to_gregorian, is_date_line, parse_arabic_date

NOW = datetime(2024, 3, 20, 15, 0)  # a Wednesday afternoon; every relative test is pinned to it
ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")


def valid_iso(value: str) -> bool:
    if not ISO.fullmatch(value):
        return False
    datetime.fromisoformat(value)  # raises on 2024-02-30, 25:00, ...
    return True


# --------------------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("دولــي", "دولي"),  # tatweel
        ("أيار إبريل آذار", "ايار ابريل اذار"),  # hamza and madda on alef
        ("الأولى", "الاولي"),  # alef maqsura
        ("يونية جويلية", "يونيه جويليه"),  # teh marbuta
        ("صباحاً مساءً وقّع", "صباحا مساء وقع"),  # tanween, shadda
        ("\u200f14\u200e مارس\u200b\ufeff\u061c", "14 مارس"),  # bidi and zero-width marks
        ("14\u00a0مارس", "14 مارس"),  # NBSP
        ("\ufee3\ufe8e\ufead\ufeb1", "مارس"),  # presentation forms (old PDFs, some CMSes)
        ("٢٠٢٤/٠٣/١٦ ۱۰:۴۵", "2024/03/16 10:45"),  # Eastern Arabic and Persian digits
        ("GMT March", "gmt march"),
    ],
)
def test_normalize_for_dates(raw, expected):
    assert _normalize_for_dates(raw) == expected


# --------------------------------------------------------------------------- month names

GREGORIAN_SPELLINGS = {
    1: ["يناير", "كانون الثاني", "كانون ثاني", "جانفي", "January", "Jan"],
    2: ["فبراير", "شباط", "فيفري", "Feb"],
    3: ["مارس", "آذار", "اذار", "March"],
    4: ["أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "Apr"],
    5: ["مايو", "أيار", "ايار", "ماي", "May"],
    6: ["يونيو", "يونية", "حزيران", "جوان"],
    7: ["يوليو", "يولية", "تموز", "جويلية", "يوليوز"],
    8: ["أغسطس", "اغسطس", "آب", "اب", "أوت", "غشت"],
    9: ["سبتمبر", "أيلول", "ايلول", "شتنبر"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول", "تشرين أول"],
    11: ["نوفمبر", "تشرين الثاني", "نونبر"],
    12: ["ديسمبر", "كانون الأول", "كانون الاول", "دجنبر", "December"],
}


@pytest.mark.parametrize("month, name", [(m, n) for m, names in GREGORIAN_SPELLINGS.items() for n in names])
def test_every_month_spelling(month, name):
    assert parse_arabic_date(f"15 {name} 2024") == f"2024-{month:02d}-15"


def test_month_spellings_survive_tatweel_and_diacritics():
    assert parse_arabic_date("15 نيـــسان 2024") == "2024-04-15"
    assert parse_arabic_date("15 تِشْرِين الأَوَّل 2024") == "2024-10-15"


def test_double_month_names():
    assert parse_arabic_date("3 كانون الأول/ديسمبر 2022") == "2022-12-03"
    assert parse_arabic_date("3 ديسمبر (كانون الأول) 2022") == "2022-12-03"


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    "text, expected",
    [
        # the examples from the brief
        ("الإثنين 19 كانون الأول , 2022 09:22 توقيت بيروت دولــي", "2022-12-19T09:22"),
        ("25 أيار 2023 20:26", "2023-05-25T20:26"),
        ("٢٤ مايو ٢٠٢٤", "2024-05-24"),
        ("السبت 2024/03/16 - 10:45 ص", "2024-03-16T10:45"),
        ("نشر في: 14 مارس 2024 - 09:30", "2024-03-14T09:30"),
        ("2024-03-14T09:30:00+03:00", "2024-03-14T09:30"),
        # the four demo layouts (article and teaser styles)
        ("الخميس، 24 مايو 2024 13:05 GMT", "2024-05-24T13:05"),
        ("24.05.2024 13:05", "2024-05-24T13:05"),
        ("نشر في 24 مايو 2024 على الساعة 13:05", "2024-05-24T13:05"),
        ("2024/05/24", "2024-05-24"),
        ("الجمعة ٢٤ مايو ٢٠٢٤ - ١٣:٠٥", "2024-05-24T13:05"),
        # numeric orders
        ("16/03/2024", "2024-03-16"),
        ("16-03-2024", "2024-03-16"),
        ("2024-3-16", "2024-03-16"),
        ("03/16/2024", "2024-03-16"),  # US order, only when the day cannot be a month
        ("٢٠٢٤/٠٣/١٦", "2024-03-16"),
        # meta values
        ("2024-03-14T09:30:00Z", "2024-03-14T09:30"),
        ("2024-03-14T09:30:00.000+0300", "2024-03-14T09:30"),
        ("2024-03-14 09:30:00", "2024-03-14T09:30"),
        ("2024-03-14", "2024-03-14"),
        ("Thu, 14 Mar 2024 09:30:00 +0300", "2024-03-14T09:30"),
        ("March 14, 2024 9:30 pm", "2024-03-14T21:30"),
        # glue words and spacing
        ("14 من مارس عام 2024", "2024-03-14"),
        ("14 شهر مارس 2024", "2024-03-14"),
        ("مارس 14، 2024", "2024-03-14"),
        ("14مارس2024", "2024-03-14"),
        ("الساعة 10:30 - 14 مارس 2024", "2024-03-14T10:30"),  # clock before the date
        ("تاريخ النشر: ٢٠٢٤/٠٣/١٤ ١٠:٣٠ م", "2024-03-14T22:30"),
        ("٣ تشرين الثاني ٢٠٢٣ ٨:٠٥ مساءً", "2023-11-03T20:05"),
        ("١٥ شباط ٢٠٢٤", "2024-02-15"),
        ("3 أوت 2023", "2023-08-03"),
    ],
)
def test_absolute_dates(text, expected):
    assert parse_arabic_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("14 مارس 2024 10:45 ص", "2024-03-14T10:45"),
        ("14 مارس 2024 10:45 م", "2024-03-14T22:45"),
        ("14 مارس 2024 10:45 صباحاً", "2024-03-14T10:45"),
        ("14 مارس 2024 10:45 مساءً", "2024-03-14T22:45"),
        ("14 مارس 2024 12:15 ص", "2024-03-14T00:15"),  # just after midnight
        ("14 مارس 2024 12:15 م", "2024-03-14T12:15"),  # just after noon
        ("14 مارس 2024 12:00 ظهراً", "2024-03-14T12:00"),
        ("14 مارس 2024 1:30 ظهرا", "2024-03-14T13:30"),
        ("14 مارس 2024 4:10 عصراً", "2024-03-14T16:10"),
        ("14 مارس 2024 11:00 ليلاً", "2024-03-14T23:00"),
        ("14 مارس 2024 14:30 م", "2024-03-14T14:30"),  # already 24-hour
        ("14 مارس 2024 9:05 AM", "2024-03-14T09:05"),
    ],
)
def test_twelve_hour_clocks(text, expected):
    assert parse_arabic_date(text) == expected


def test_clock_word_needs_a_word_boundary():
    # 'م' must not be read from the start of the next word
    assert parse_arabic_date("14 مارس 2024 10:45 مينسك") == "2024-03-14T10:45"


@pytest.mark.parametrize(
    "text",
    [
        "32 مارس 2024",
        "29 فبراير 2023",  # not a leap year
        "14/13/2024",
        "14 مارس 1066",  # outside the plausible window
        "2024-03-14T25:61",  # the date stands, the impossible clock is dropped
    ],
)
def test_impossible_dates_are_rejected(text):
    result = parse_arabic_date(text)
    assert result is None or result == "2024-03-14"


def test_impossible_clock_is_dropped_not_the_date():
    assert parse_arabic_date("14 مارس 2024 25:70") == "2024-03-14"


@pytest.mark.parametrize(
    "text",
    [
        "14 مارس 2024 09:30 توقيت بيروت",
        "14 مارس 2024 09:30 بتوقيت مكة المكرمة",
        "14 مارس 2024 09:30 GMT",
        "14 مارس 2024 09:30 ت.غ",
        "14 مارس 2024 09:30 GMT+3",
        "14 مارس 2024 09:30 UTC",
    ],
)
def test_time_zones_are_ignored(text):
    assert parse_arabic_date(text) == "2024-03-14T09:30"


# --------------------------------------------------------------------------- published vs updated


def test_publication_date_wins_over_update():
    line = "نشر في: 14 مارس 2024 - 09:30 | آخر تحديث: 15 مارس 2024 - 10:00"
    assert parse_arabic_date(line) == "2024-03-14T09:30"


def test_publication_date_wins_even_when_update_comes_first():
    line = "آخر تحديث: 15 مارس 2024 - 10:00 | نشر في: 14 مارس 2024 - 09:30"
    assert parse_arabic_date(line) == "2024-03-14T09:30"


def test_update_alone_is_still_a_date():
    assert parse_arabic_date("آخر تحديث: 15 مارس 2024 - 10:00") == "2024-03-15T10:00"


def test_each_date_keeps_its_own_clock():
    # the second date has a clock, the first has none: it must not borrow it
    assert parse_arabic_date("14 مارس 2024 | تحديث 15 مارس 2024 10:00") == "2024-03-14"


# --------------------------------------------------------------------------- Hijri


def within_a_day(actual: date, expected: date) -> bool:
    return abs((actual - expected).days) <= 1


@pytest.mark.parametrize(
    "hijri, gregorian",
    [
        ((1445, 1, 1), date(2023, 7, 19)),  # Islamic new year 1445 (Umm al-Qura)
        ((1445, 9, 1), date(2024, 3, 11)),  # first of Ramadan 1445
        ((1444, 10, 1), date(2023, 4, 21)),  # Eid al-Fitr 1444
        ((1444, 12, 10), date(2023, 6, 28)),  # Eid al-Adha 1444
        ((1420, 1, 1), date(1999, 4, 17)),
        ((1, 1, 1), date(622, 7, 19)),  # the epoch itself
    ],
)
def test_hijri_to_gregorian_known_dates(hijri, gregorian):
    assert within_a_day(hijri_to_gregorian(*hijri), gregorian)


def test_hijri_thirty_year_cycle_has_10631_days():
    # 19 common years of 354 days and 11 leap years of 355: the tabular calendar's defining property
    assert (hijri_to_gregorian(1441, 1, 1) - hijri_to_gregorian(1411, 1, 1)).days == 10631


def test_hijri_months_alternate_30_and_29_days():
    lengths = [(hijri_to_gregorian(1445, m + 1, 1) - hijri_to_gregorian(1445, m, 1)).days for m in range(1, 12)]
    assert lengths == [30, 29] * 5 + [30]


@pytest.mark.parametrize("bad", [(1445, 13, 1), (1445, 0, 1), (1445, 1, 31), (0, 1, 1)])
def test_hijri_to_gregorian_rejects_impossible_dates(bad):
    with pytest.raises(ValueError):
        hijri_to_gregorian(*bad)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("5 رمضان 1445 هـ", date(2024, 3, 15)),
        ("5 رمضان 1445", date(2024, 3, 15)),
        ("الاثنين 2 ذو الحجة 1445 هـ", date(2024, 6, 8)),
        ("2 ذي الحجة 1445", date(2024, 6, 8)),
        ("10 جمادى الأولى 1445 هـ", date(2023, 11, 24)),
        ("1 ربيع الآخر 1445", date(2023, 10, 16)),
        ("1445/09/05 هـ", date(2024, 3, 15)),
    ],
)
def test_hijri_dates_are_converted(text, expected):
    result = parse_arabic_date(text)
    assert result is not None and within_a_day(date.fromisoformat(result), expected)


def test_gregorian_wins_over_hijri_on_the_same_line():
    assert parse_arabic_date("الأحد 5 رمضان 1445 هـ الموافق 17 مارس 2024 م") == "2024-03-17"
    assert parse_arabic_date("17 مارس 2024 - 5 رمضان 1445 هـ") == "2024-03-17"


# --------------------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    "text, expected",
    [
        ("منذ ساعتين", "2024-03-20T13:00"),
        ("منذ 3 ساعات", "2024-03-20T12:00"),
        ("منذ ساعة", "2024-03-20T14:00"),
        ("منذ ١١ ساعة", "2024-03-20T04:00"),
        ("منذ خمس ساعات", "2024-03-20T10:00"),
        ("قبل 12 دقيقة", "2024-03-20T14:48"),
        ("منذ دقيقتين", "2024-03-20T14:58"),
        ("منذ حوالي 20 دقيقة", "2024-03-20T14:40"),
        ("منذ يوم", "2024-03-19"),
        ("منذ يومين", "2024-03-18"),
        ("منذ 4 أيام", "2024-03-16"),
        ("أمس", "2024-03-19"),
        ("بالأمس", "2024-03-19"),
        ("أول أمس", "2024-03-18"),
        ("أمس 11:15 م", "2024-03-19T23:15"),
        ("اليوم 10:30", "2024-03-20T10:30"),
        ("منذ أسبوع", "2024-03-13"),
        ("منذ أسبوعين", "2024-03-06"),
        ("منذ شهر", "2024-02-20"),
        ("منذ سنة", "2023-03-20"),
        ("آخر تحديث: منذ 5 دقائق", "2024-03-20T14:55"),
    ],
)
def test_relative_dates(text, expected):
    assert parse_arabic_date(text, now=NOW) == expected


def test_relative_month_is_a_calendar_month():
    assert parse_arabic_date("منذ شهر", now=datetime(2024, 3, 31, 12, 0)) == "2024-02-29"


def test_relative_defaults_to_the_current_clock():
    before = datetime.now()
    result = parse_arabic_date("منذ ساعتين")
    after = datetime.now()
    moment = datetime.fromisoformat(result)
    assert before - timedelta(hours=2, minutes=1) <= moment <= after - timedelta(hours=2)


@pytest.mark.parametrize(
    "text",
    [
        "منذ ساعات",  # no count: too vague
        "منذ سنوات",
        "صدى اليوم 10:30",  # 'اليوم' inside an outlet name
        "روسيا اليوم",
        "اليوم",  # bare 'today' is everywhere in news prose
    ],
)
def test_vague_or_misleading_relatives_give_none(text):
    assert parse_arabic_date(text, now=NOW) is None


def test_absolute_date_wins_over_relative():
    assert parse_arabic_date("منذ ساعتين | 14 مارس 2024", now=NOW) == "2024-03-14"


# --------------------------------------------------------------------------- garbage


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "garbage",
        "مشاركة",
        "اقرأ أيضا",
        "2024",
        "10:30",
        "3.5%",
        "1234567890",
        "مارس",
        "14 مارس",
        "جويلية 2024",
        "© 2024 صدى اليوم",
        "الصفحة 2 من 10",
        "هاتف: 01234/56/7890",
    ],
)
def test_no_date_gives_none(text):
    assert parse_arabic_date(text, now=NOW) is None


@pytest.mark.parametrize("value", [None, 42, b"2024-03-14"])
def test_non_strings_give_none(value):
    assert parse_arabic_date(value) is None
    assert is_date_line(value) is False


# --------------------------------------------------------------------------- is_date_line


@pytest.mark.parametrize(
    "line",
    [
        "الإثنين 19 كانون الأول , 2022 09:22 توقيت بيروت دولــي",
        "25 أيار 2023 20:26",
        "٢٤ مايو ٢٠٢٤",
        "السبت 2024/03/16 - 10:45 ص",
        "نشر في: 14 مارس 2024 - 09:30",
        "نشر في: 14 مارس 2024 - 09:30 | آخر تحديث: 15 مارس 2024 - 10:00",
        "آخر تحديث: 15 مارس 2024",
        "تاريخ النشر: 14/03/2024",
        "التاريخ: 14/03/2024",
        "بتاريخ 14/03/2024",
        "الخميس، 24 مايو 2024 13:05 GMT",
        "24.05.2024 13:05 دولي",  # teaser date with its section link
        "نشر في 24 مايو 2024 على الساعة 13:05",
        "14 مارس 2024 | 10:30 بتوقيت مكة المكرمة",
        "الساعة 10:30 ت.غ 14/03/2024",
        "الأحد 5 رمضان 1445 هـ الموافق 17 مارس 2024 م",
        "5 رمضان 1445 هـ",
        "القاهرة - 14 مارس 2024",  # dateline city
        "منذ ساعتين",
        "قبل 12 دقيقة",
        "أمس 11:15 م",
        "2024-03-14T09:30:00+03:00",
        "يوم الخميس 14 مارس 2024",
        "\u200f14 مارس 2024\u200f",
    ],
)
def test_date_lines(line):
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "وفي 3 كانون الأول/ديسمبر الجاري، وقّع وزير الدفاع الروسي سيرغي شويغو، خلال زيارة إلى مينسك، مع وزير الدفاع "
        "البيلاروسي فيكتور خرينين، بروتوكولاً بشأن تعديل الاتفاقية المشتركة الموقعة عام 1997 بين الدولتين",
        "وفي 3 كانون الأول/ديسمبر الجاري، وقّع وزير الدفاع",
        "ولد الرئيس في 3 مارس 1950",
        "وقع الاتفاق في 14 مارس 2024 في القاهرة",
        "وصل الرئيس أمس إلى مينسك",
        "قبل 3 سنوات اندلعت الحرب",
        "ويزور بيلاروسوف مينسك ضمن الوفد المرافق للرئيس بوتين الذي وصل إلى بيلاروس مساء أمس الخميس",
        "المنارة - دولي - 14 مارس 2024 - بقلم فريق التحرير",
        "10:30",  # a clock alone carries no date to move
        "2024",
        "مشاركة",
        "منذ ساعات",
        "",
        "14 مارس 2024 " + "كلمة " * 13,  # too long, whatever it starts with
    ],
)
def test_not_date_lines(line):
    assert not is_date_line(line)


def test_is_date_line_bails_out_fast_on_body_text():
    paragraph = (
        "وأعلن الرئيس البيلاروسي، ألكسندر لوكاشينكو، بعد لقائه الرئيس الروسي في 14 مارس 2024، "
        "أن البلدين اتفقا على نشر قوات مشتركة. "
    ) * 3
    lines = [paragraph, "مشاركة", "اقرأ أيضا: وزير الدفاع", "الإثنين 19 كانون الأول , 2022 09:22"] * 2500
    started = time.perf_counter()
    flags = [is_date_line(line) for line in lines]
    assert time.perf_counter() - started < 5  # ~0.4 s here; generous for slow CI
    assert sum(flags) == 2500


# --------------------------------------------------------------------------- properties

# Fragments of real date lines glued in random order: reaches the parser's inner branches far more
# often than uniformly random text does.
DATEISH = st.lists(
    st.sampled_from(
        list("0123456789٠١٢٣٤٥٦٧٨٩۰۴:/-.,،| ص م T Z+")
        + [
            "12",
            "31",
            "2024",
            "1445",
            "مارس",
            "كانون الأول",
            "أيار",
            "رمضان",
            "هـ",
            "منذ",
            "ساعة",
            "يومين",
            "أمس",
            "اليوم",
            "نشر في",
            "آخر تحديث",
            "توقيت بيروت",
            "GMT",
            "مساءً",
            "\u200f",
            "ـ",
            " ",
            "  ",
        ]
    ),
    max_size=30,
).map("".join)
NOWS = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200), NOWS)
def test_arbitrary_text_never_raises(text, now):
    result = parse_arabic_date(text, now=now)
    assert result is None or valid_iso(result)
    assert is_date_line(text) in (True, False)


@settings(max_examples=600, deadline=None)
@given(DATEISH, NOWS)
def test_date_like_text_never_raises(text, now):
    result = parse_arabic_date(text, now=now)
    assert result is None or valid_iso(result)
    assert is_date_line(text) in (True, False)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(sorted(GREGORIAN_SPELLINGS)),
)
def test_round_trip_through_printed_arabic(day, hour, minute, _unused):
    eastern = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    for month_name in GREGORIAN_SPELLINGS[day.month]:
        printed = f"{day.day} {month_name} {day.year} {hour:02d}:{minute:02d}".translate(eastern)
        assert parse_arabic_date(printed) == f"{day.isoformat()}T{hour:02d}:{minute:02d}"
