"""The spellings and regexes Arabic date parsing matches with (cleaners.dates does the parsing).

Everything here is written in the normalized form `_normalize_for_dates` produces: no hamza on alef
(ا), ي for ى, ه for ة, no diacritics, Eastern Arabic and Persian digits folded to 0-9.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

# --------------------------------------------------------------------------- normalization

_DIACRITICS = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E9),
    *range(0x06EA, 0x06EE),
]
# Invisible marks that pages sprinkle around dates (RLM before numbers, ZWNJ, BOM, bidi embeddings).
_INVISIBLE = [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_SPACES = [0x00A0, 0x2007, 0x202F, 0x2009, 0x200A, 0x2002, 0x2003]

_FOLD_TABLE = MappingProxyType(
    {
        **{cp: None for cp in _DIACRITICS},
        **{cp: None for cp in _INVISIBLE},
        **{cp: " " for cp in _SPACES},
        0x0640: None,  # tatweel: 'دولــي' -> 'دولي'
        **{ord(c): "ا" for c in "أإآٱ"},
        ord("ى"): "ي",
        ord("ی"): "ي",  # Persian yeh
        ord("ک"): "ك",  # Persian kaf
        ord("ة"): "ه",
        **{0x0660 + i: str(i) for i in range(10)},  # Eastern Arabic digits
        **{0x06F0 + i: str(i) for i in range(10)},  # Persian digits
    }
)


def _normalize_for_dates(text: str) -> str:
    """NFKC (presentation forms), fold hamza/yeh/teh marbuta, drop diacritics, tatweel and bidi marks,
    ASCII digits, lower-case Latin. Lengths change, so spans refer to the normalized string only."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE).casefold()


# --------------------------------------------------------------------------- tables (normalized spellings)

_GREGORIAN_MONTHS = MappingProxyType(
    {
        # Egyptian / Gulf (transliterated)
        "يناير": 1,
        "فبراير": 2,
        "مارس": 3,
        "ابريل": 4,
        "مايو": 5,
        "يونيو": 6,
        "يونيه": 6,
        "يوليو": 7,
        "يوليه": 7,
        "اغسطس": 8,
        "سبتمبر": 9,
        "اكتوبر": 10,
        "نوفمبر": 11,
        "ديسمبر": 12,
        # Levantine / Iraqi (Syriac names), with and without the article on the ordinal
        "كانون الثاني": 1,
        "كانون ثاني": 1,
        "شباط": 2,
        "اذار": 3,
        "نيسان": 4,
        "ايار": 5,
        "حزيران": 6,
        "تموز": 7,
        "اب": 8,
        "ايلول": 9,
        "تشرين الاول": 10,
        "تشرين اول": 10,
        "تشرين الثاني": 11,
        "تشرين ثاني": 11,
        "كانون الاول": 12,
        "كانون اول": 12,
        # Maghreb (French-derived: Algeria, Tunisia) and Morocco
        "جانفي": 1,
        "فيفري": 2,
        "افريل": 4,
        "ماي": 5,
        "جوان": 6,
        "جويليه": 7,
        "اوت": 8,
        "يوليوز": 7,
        "غشت": 8,
        "شتنبر": 9,
        "نونبر": 11,
        "دجنبر": 12,
        # English, for meta values and bilingual bylines
        "january": 1,
        "february": 2,
        "march": 3,
        "april": 4,
        "may": 5,
        "june": 6,
        "july": 7,
        "august": 8,
        "september": 9,
        "october": 10,
        "november": 11,
        "december": 12,
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)

_HIJRI_MONTHS = MappingProxyType(
    {
        "محرم": 1,
        "المحرم": 1,
        "صفر": 2,
        "ربيع الاول": 3,
        "ربيع اول": 3,
        "ربيع الثاني": 4,
        "ربيع ثاني": 4,
        "ربيع الاخر": 4,
        "ربيع اخر": 4,
        "جمادي الاولي": 5,
        "جمادي الاول": 5,
        "جمادي الثانيه": 6,
        "جمادي الثاني": 6,
        "جمادي الاخره": 6,
        "جمادي الاخر": 6,
        "رجب": 7,
        "شعبان": 8,
        "رمضان": 9,
        "شوال": 10,
        "ذو القعده": 11,
        "ذي القعده": 11,
        "ذو الحجه": 12,
        "ذي الحجه": 12,
    }
)

_WEEKDAYS = (
    "احد",
    "اثنين",
    "ثلاثاء",
    "اربعاء",
    "خميس",
    "جمعه",
    "سبت",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sun",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
)

# Clock words after a time: which half of the day they mean (see `_to_24h`).
_CLOCK_MARKERS = MappingProxyType(
    {
        "ص": "am",
        "صباحا": "am",
        "صباح": "am",
        "فجرا": "am",
        "am": "am",
        "a.m.": "am",
        "a.m": "am",
        "م": "pm",
        "مساء": "pm",
        "مساءا": "pm",
        "ظهرا": "noon",
        "عصرا": "pm",
        "pm": "pm",
        "p.m.": "pm",
        "p.m": "pm",
        "ليلا": "night",
    }
)


# Relative units: (singular, dual forms, plural forms) -> the length of one unit (a timedelta, or calendar
# months), and whether the result keeps a clock time (minutes and hours do; 'منذ يومين' is only a day).
@dataclass(frozen=True)
class _Unit:
    singular: tuple[str, ...]
    dual: tuple[str, ...]
    plural: tuple[str, ...]
    step: timedelta = timedelta(0)
    months: int = 0  # months and years are calendar steps: 'منذ شهر' on 31 March is 29 February
    keeps_time: bool = False


_RELATIVE_UNITS = (
    _Unit(("ثانيه",), ("ثانيتين", "ثانيتان"), ("ثواني", "ثوان"), step=timedelta(seconds=1), keeps_time=True),
    _Unit(("دقيقه",), ("دقيقتين", "دقيقتان"), ("دقائق",), step=timedelta(minutes=1), keeps_time=True),
    _Unit(("ساعه",), ("ساعتين", "ساعتان"), ("ساعات",), step=timedelta(hours=1), keeps_time=True),
    _Unit(("يوم",), ("يومين", "يومان"), ("ايام",), step=timedelta(days=1)),
    _Unit(("اسبوع",), ("اسبوعين", "اسبوعان"), ("اسابيع",), step=timedelta(weeks=1)),
    _Unit(("شهر",), ("شهرين", "شهران"), ("اشهر", "شهور"), months=1),
    _Unit(("سنه", "عام"), ("سنتين", "سنتان", "عامين", "عامان"), ("سنوات", "اعوام"), months=12),
)

_NUMBER_WORDS = MappingProxyType(
    {
        "واحد": 1,
        "واحده": 1,
        "ثلاث": 3,
        "ثلاثه": 3,
        "اربع": 4,
        "اربعه": 4,
        "خمس": 5,
        "خمسه": 5,
        "ست": 6,
        "سته": 6,
        "سبع": 7,
        "سبعه": 7,
        "ثمان": 8,
        "ثماني": 8,
        "ثمانيه": 8,
        "تسع": 9,
        "تسعه": 9,
        "عشر": 10,
        "عشره": 10,
    }
)

# Plausibility windows: news dates, not arbitrary numbers.
_GREGORIAN_YEARS = range(1900, 2101)
_HIJRI_YEARS = range(1300, 1601)
_MAX_RELATIVE_COUNT = 1000

# is_date_line limits: bail out before normalizing anything long.
_MAX_DATE_LINE_CHARS = 160
_MAX_DATE_LINE_TOKENS = 24  # whitespace tokens, numbers and punctuation included
_MAX_DATE_LINE_WORDS = 12  # tokens with letters
_MAX_LEFTOVER_WORDS = 1  # e.g. a trailing section word ('دولي') or a dateline city

# --------------------------------------------------------------------------- regexes

_L = r"[^\W\d_]"  # a letter (Arabic or Latin); \b fails between digits and Arabic letters
_NOT_AFTER_LETTER = rf"(?<!{_L})"
_NOT_BEFORE_LETTER = rf"(?!{_L})"


def _alternation(words: Iterable[str]) -> str:
    """Longest first so 'مايو' wins over 'ماي'; inner spaces match any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_MONTH = rf"{_NOT_AFTER_LETTER}(?:{_alternation(_GREGORIAN_MONTHS)}){_NOT_BEFORE_LETTER}"
_HMONTH = rf"{_NOT_AFTER_LETTER}(?:{_alternation(_HIJRI_MONTHS)}){_NOT_BEFORE_LETTER}"
_DAY = r"(?<![0-9])(?P<d>[0-9]{1,2})(?![0-9])"
_YEAR = r"(?P<y>[0-9]{4})(?![0-9])"
# 'كانون الأول/ديسمبر', 'ديسمبر (كانون الأول)': a second name for the same month is skipped.
_MONTH_PAIR = rf"(?P<m>{_MONTH})(?:\s*[/(\-]\s*{_MONTH}\s*\)?)?"
_YEAR_GLUE = r"\s*[,،]?\s*(?:(?:من\s+)?(?:عام|سنه)\s+)?"

_DATE_PATTERNS = (
    # 2024-03-14, 2024/03/16, 2024.03.16, with an ISO time and offset: 2024-03-14T09:30:00+03:00
    (
        "ymd",
        re.compile(
            r"(?<![0-9])(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})(?![0-9])"
            r"(?:t(?P<hh>[0-9]{2}):(?P<mi>[0-9]{2})(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
        ),
    ),
    # 16/03/2024, 16-03-2024, 16.03.2024
    ("dmy", re.compile(r"(?<![0-9])(?P<d>[0-9]{1,2})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)" + _YEAR)),
    # 19 كانون الأول , 2022 ; 14 من مارس عام 2024 ; 14 March 2024
    ("dmy_text", re.compile(_DAY + r"\s*(?:من\s+)?(?:شهر\s+)?" + _MONTH_PAIR + _YEAR_GLUE + _YEAR)),
    # March 14, 2024 ; مارس 14، 2024
    ("mdy_text", re.compile(_MONTH_PAIR + r"\s+" + _DAY + _YEAR_GLUE + _YEAR)),
    # 5 رمضان 1445 هـ
    (
        "hijri",
        re.compile(
            _DAY + r"\s*(?:من\s+)?(?:شهر\s+)?(?P<m>" + _HMONTH + r")" + _YEAR_GLUE + r"(?P<y>[0-9]{3,4})(?![0-9])"
        ),
    ),
)

_HIJRI_SUFFIX = re.compile(rf"\s*(?:ه|هجري|هجريه){_NOT_BEFORE_LETTER}")

_MARKER = rf"(?P<ampm>{_alternation(_CLOCK_MARKERS)})(?![^\W_])"
_TIME = re.compile(
    r"(?<![0-9:])(?P<hh>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::[0-9]{2}(?:[.,][0-9]+)?)?(?![0-9])"
    r"(?:z|[+-][0-9]{2}:?[0-9]{2}(?![0-9]))?"
    rf"(?:\s*{_MARKER})?"
)


def _relative_pattern() -> re.Pattern[str]:
    units = [w for u in _RELATIVE_UNITS for w in (*u.singular, *u.dual, *u.plural)]
    count = rf"(?P<n>[0-9]+|{_alternation(_NUMBER_WORDS)})"
    return re.compile(
        rf"{_NOT_AFTER_LETTER}(?:منذ|قبل)\s+(?:(?:حوالي|نحو|زهاء)\s+)?(?:{count}\s+)?"
        rf"(?P<unit>{_alternation(units)}){_NOT_BEFORE_LETTER}"
        # 'أمس', 'بالأمس', 'أول أمس', 'أول من أمس', optionally with a clock time after it
        rf"|{_NOT_AFTER_LETTER}(?P<day_before>اول\s+(?:من\s+)?)?(?P<yesterday>(?:ب?ال)?امس){_NOT_BEFORE_LETTER}"
        # 'اليوم 10:30' only with a clock time: bare 'اليوم' is everywhere in news prose
        rf"|{_NOT_AFTER_LETTER}(?P<today>اليوم)(?=\s*[,،\-]?\s*(?:الساعه\s*)?[0-9]{{1,2}}:[0-9]{{2}})"
    )


_RELATIVE = _relative_pattern()
# 'اليوم 10:30' is a date only when nothing but a label or punctuation precedes it: in 'روسيا اليوم 10:30'
# or 'مصر اليوم' it is part of an outlet name.
_TODAY_LEAD = re.compile(rf"(?:^|[^\w\s]|{_NOT_AFTER_LETTER}(?:نشر|نشرت|في|تحديث|التحديث|بتاريخ|تاريخ|التاريخ))\s*$")
_UNIT_BY_WORD = MappingProxyType(
    {
        w: (u, kind)
        for u in _RELATIVE_UNITS
        for kind, words in (("one", u.singular), ("two", u.dual), ("many", u.plural))
        for w in words
    }
)

# Said before an updated date; a date after one of these is a modification date, not publication.
_UPDATE_LABEL = re.compile(
    rf"{_NOT_AFTER_LETTER}(?:تحديث|التحديث|تعديل|التعديل|محدث|عدل|update|updated|modified)"
    rf"{_NOT_BEFORE_LETTER}"
)

# Words a date line may carry besides the date itself (is_date_line removes them before counting).
_FILLER = re.compile(
    rf"{_NOT_AFTER_LETTER}(?:"
    r"ب?توقيت\s+(?:مكه\s+المكرمه|المدينه\s+المنوره|القدس\s+الشريف|[^\W\d_]+)"
    r"|(?:gmt|utc)(?:\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?)?|ت\s*\.\s*غ\.?|غرينتش|جرينتش"
    r"|(?:تاريخ|وقت)\s+(?:النشر|التحديث|التعديل|الاضافه)|(?:اخر|تم)\s+(?:تحديث|تعديل|النشر)"
    r"|(?:نشر|نشرت|نشره|اضيف|منشور)(?:\s+(?:في|بتاريخ|يوم))?|بتاريخ|التاريخ|تاريخ|الموافق"
    r"|تحديث|التحديث|تعديل|محدث|(?:على|في|عند)\s+الساعه|الساعه"
    r"|ميلادي|ميلاديه|هجري|هجريه|م|ه|ل|س"
    r"|published|updated|modified|posted|on|at"
    rf"|(?:يوم\s+)?(?:ال)?(?:{_alternation(_WEEKDAYS)})"
    rf"){_NOT_BEFORE_LETTER}"
)
_WORD = re.compile(r"[^\W_]+")  # letters or digits
_LETTER_WORD = re.compile(rf"\S*{_L}\S*")
_DATE_HINT = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]|منذ|قبل|مس")
