"""Arabic date parsing for date lines, bylines, <time> texts and meta values.

Pure functions, no Scrapy and no database. Two entry points:

* `parse_arabic_date(text, now=None)` finds the publication date in a short text and returns ISO 8601
  ('YYYY-MM-DDTHH:MM' when a time is printed, else 'YYYY-MM-DD'), or None.
* `is_date_line(line)` tells whether a whole line is essentially a date line (so a cleaner can move it
  out of the article text into metadata) rather than a body sentence that mentions a date.

Why our own parser: htmldate and dateparser miss most Arabic month spellings (Levantine, Maghreb),
Eastern Arabic digits, ص/م clocks, Hijri dates and relative phrases such as 'منذ ساعتين'.

Formats (Western, Eastern Arabic ٠-٩ or Persian ۰-۹ digits):
  day month year   '19 كانون الأول , 2022', '14 من مارس عام 2024', '3 كانون الأول/ديسمبر 2022', '14 Mar 2024'
  month day, year  'مارس 14، 2024', 'March 14, 2024'
  numeric          '2024/03/16', '2024-3-16', '2024.03.16', '16/03/2024', '16-03-2024', '16.03.2024'
                   (d/m/Y; m/d/Y only when the first number cannot be a month)
  ISO / meta       '2024-03-14T09:30:00+03:00', '...Z', '2024-03-14 09:30:00'
  clock            'HH:MM[:SS]' anywhere on the line, with ص/م, صباحا/مساء, ظهرا/عصرا/ليلا/فجرا, AM/PM
  Hijri            '5 رمضان 1445 هـ', '1445/09/05 هـ' (tabular calendar, ±1 day; Gregorian wins on the line)
  relative         'منذ ساعتين', 'منذ 3 ساعات', 'قبل 12 دقيقة', 'منذ خمس ساعات', 'منذ يوم/يومين/أسبوع/شهر/سنة',
                   'أمس', 'أول أمس', 'أمس 11:15 م', 'اليوم 10:30' (not bare 'اليوم', not 'منذ ساعات')
Not supported: dates without a year ('14 مارس'), two-digit years, clocks without minutes ('الساعة 9 صباحا').

Everything is matched on a normalized form of the text (see `_normalize_for_dates`), so the month and
label tables (cleaners.date_patterns) are written in that form: no hamza on alef (ا), ي for ى, ه for ة, no diacritics.
Time zones ('توقيت بيروت', 'GMT', 'ت.غ', '+03:00') are ignored: we store the local clock reading as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cleaners.date_patterns import (
    _CLOCK_MARKERS,
    _DATE_HINT,
    _DATE_PATTERNS,
    _FILLER,
    _GREGORIAN_MONTHS,
    _GREGORIAN_YEARS,
    _HIJRI_MONTHS,
    _HIJRI_SUFFIX,
    _HIJRI_YEARS,
    _LETTER_WORD,
    _MAX_DATE_LINE_CHARS,
    _MAX_DATE_LINE_TOKENS,
    _MAX_DATE_LINE_WORDS,
    _MAX_LEFTOVER_WORDS,
    _MAX_RELATIVE_COUNT,
    _NUMBER_WORDS,
    _RELATIVE,
    _TIME,
    _TODAY_LEAD,
    _UNIT_BY_WORD,
    _UPDATE_LABEL,
    _WORD,
    _normalize_for_dates,
)

__all__ = ["parse_arabic_date", "is_date_line", "hijri_to_gregorian"]


# --------------------------------------------------------------------------- calendar helpers

_HIJRI_EPOCH = date(622, 7, 19).toordinal()  # 1 Muharram 1 AH, civil (Friday) epoch, proleptic Gregorian


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Tabular (arithmetical) Islamic calendar, civil epoch, 30-year cycle with leap years
    2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29. Printed Hijri dates follow moon sighting or Umm al-Qura,
    so the result can be one day off (rarely two); a day 30 in a 29-day month rolls into the next month.
    Raises ValueError outside month 1..12 / day 1..30 / year >= 1."""
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= 30:
        raise ValueError(f"not a Hijri date: {year}-{month}-{day}")
    days_before_year = (year - 1) * 354 + (3 + 11 * year) // 30
    days_before_month = (59 * (month - 1) + 1) // 2  # ceil(29.5 * (month - 1)): 30, 29, 30, ... days
    return date.fromordinal(_HIJRI_EPOCH + days_before_year + days_before_month + day - 1)


def _to_24h(hour: int, marker: str | None) -> int | None:
    """12-hour clock words to a 24-hour hour; None when the reading is impossible."""
    half = _CLOCK_MARKERS.get(marker) if marker else None
    if half is None:
        return hour if hour <= 23 else None
    if hour > 23 or hour == 0 and half != "am":
        return None
    if hour > 12:  # '14:30 م': already 24-hour, the marker is decoration
        return hour
    if half == "am":
        return 0 if hour == 12 else hour
    if half == "night":  # '12 ليلا' is midnight, '2 ليلا' is 02:00, '9 ليلا' is 21:00
        return 0 if hour == 12 else hour + 12 if hour >= 6 else hour
    if half == "noon":  # 'ظهرا': 12 is noon, 1-5 afternoon, 11 late morning
        return hour if hour >= 11 else hour + 12
    return hour if hour == 12 else hour + 12


def _months_back(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to the month's end (31 March -> 29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        raise OverflowError("before year 1")
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _format(day: date, clock: tuple[int, int] | None) -> str:
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    return f"{text}T{clock[0]:02d}:{clock[1]:02d}" if clock else text


# --------------------------------------------------------------------------- finding dates and times


@dataclass(frozen=True)
class _Found:
    """One date in the normalized text: where it is, the Gregorian day, and a clock time if it had one."""

    start: int
    end: int
    day: date
    clock: tuple[int, int] | None
    hijri: bool


def _month_number(name: str, table: Mapping[str, int]) -> int:
    return table[" ".join(name.split())]


def _found_from_match(kind: str, match: re.Match[str], text: str) -> _Found | None:
    """Validate one regex hit and convert it; None for impossible dates (31 فبراير, year 3000...)."""
    groups = match.groupdict()
    year, day = int(groups["y"]), int(groups["d"])
    if kind == "hijri":
        month = _month_number(groups["m"], _HIJRI_MONTHS)
        hijri = True
    elif kind in ("ymd", "dmy"):
        month = int(groups["m"])
        if kind == "dmy" and month > 12 and day <= 12:  # 03/16/2024: US order, swap
            day, month = month, day
        hijri = year in _HIJRI_YEARS and bool(_HIJRI_SUFFIX.match(text, match.end()))
    else:
        month = _month_number(groups["m"], _GREGORIAN_MONTHS)
        hijri = False
    try:
        if hijri:
            if year not in _HIJRI_YEARS:
                return None
            gregorian = hijri_to_gregorian(year, month, day)
        else:
            if year not in _GREGORIAN_YEARS:
                return None
            gregorian = date(year, month, day)
    except ValueError:
        return None
    clock = None
    if groups.get("hh") is not None:
        hour, minute = int(groups["hh"]), int(groups["mi"])
        clock = (hour, minute) if hour <= 23 and minute <= 59 else None
    return _Found(match.start(), match.end(), gregorian, clock, hijri)


def _find_dates(text: str) -> list[_Found]:
    """All dates in the normalized text, left to right, no two overlapping (the earlier, longer one wins)."""
    hits = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _found_from_match(kind, match, text)
            if found:
                hits.append(found)
    hits.sort(key=lambda f: (f.start, -f.end))
    kept: list[_Found] = []
    for found in hits:
        if not kept or found.start >= kept[-1].end:
            kept.append(found)
    return kept


@dataclass(frozen=True)
class _Clock:
    start: int
    end: int
    hour: int
    minute: int


def _find_clocks(text: str, dates: list[_Found]) -> list[_Clock]:
    """Clock times outside the dates' own spans (an ISO offset '+03:00' is not a clock)."""
    clocks = []
    for match in _TIME.finditer(text):
        if any(f.start <= match.start() < f.end for f in dates):
            continue
        hour, minute = _to_24h(int(match["hh"]), match["ampm"]), int(match["mi"])
        if hour is not None and minute <= 59:
            clocks.append(_Clock(match.start(), match.end(), hour, minute))
    return clocks


def _clock_for(index: int, dates: list[_Found], clocks: list[_Clock]) -> tuple[int, int] | None:
    """A clock belongs to the nearest date before it; clocks before the first date belong to the first."""
    found = dates[index]
    if found.clock:
        return found.clock
    limit = dates[index + 1].start if index + 1 < len(dates) else float("inf")
    after = [c for c in clocks if found.end <= c.start < limit]
    if after:
        return after[0].hour, after[0].minute
    if index == 0:
        before = [c for c in clocks if c.end <= found.start]
        if before:
            return before[-1].hour, before[-1].minute
    return None


def _is_update(index: int, dates: list[_Found], text: str) -> bool:
    """True when the words just before this date (since the previous date) say 'updated'."""
    gap_start = dates[index - 1].end if index else 0
    return bool(_UPDATE_LABEL.search(text, gap_start, dates[index].start))


def _pick_publication(dates: list[_Found], text: str) -> int | None:
    """Gregorian over Hijri (the Gregorian one is exact); within those, the first date not labelled as an
    update (a line may say 'آخر تحديث: ...' before 'نشر في: ...'), else simply the first."""
    for want_hijri in (False, True):
        indexes = [i for i, f in enumerate(dates) if f.hijri == want_hijri]
        if indexes:
            published = [i for i in indexes if not _is_update(i, dates, text)]
            return (published or indexes)[0]
    return None


def _relative_count(match: re.Match[str]) -> int | None:
    unit, kind = _UNIT_BY_WORD[" ".join(match["unit"].split())]
    raw = match["n"]
    if kind == "two":
        return 2
    if raw is None:
        return 1 if kind == "one" else None  # 'منذ ساعات': too vague to date
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    return count if count <= _MAX_RELATIVE_COUNT else None


def _usable_relatives(text: str) -> Iterator[re.Match[str]]:
    """Relative phrases that can be dated: not 'منذ ساعات' (no count), not 'اليوم' inside a name."""
    for match in _RELATIVE.finditer(text):
        if match["unit"] and _relative_count(match) is None:
            continue
        if match["today"] and not _TODAY_LEAD.search(text, max(0, match.start() - 16), match.start()):
            continue
        yield match


def _resolve_relative(match: re.Match[str], text: str, now: datetime) -> str | None:
    """'منذ ساعتين', 'قبل 12 دقيقة', 'أمس', 'اليوم 10:30' relative to now."""
    if match["unit"]:
        count = _relative_count(match)
        if count is None:
            return None
        unit, _ = _UNIT_BY_WORD[" ".join(match["unit"].split())]
        if unit.months:
            return _format(_months_back(now.date(), unit.months * count), None)
        moment = now - unit.step * count
        return _format(moment.date(), (moment.hour, moment.minute) if unit.keeps_time else None)
    days_back = 0 if match["today"] else 2 if match["day_before"] else 1
    day = (now - timedelta(days=days_back)).date()
    clock = _TIME.search(text, match.end(), match.end() + 24)
    hour = _to_24h(int(clock["hh"]), clock["ampm"]) if clock else None
    if clock and hour is not None and int(clock["mi"]) <= 59:
        return _format(day, (hour, int(clock["mi"])))
    return _format(day, None)


# --------------------------------------------------------------------------- public API


def parse_arabic_date(text: str, now: datetime | None = None) -> str | None:
    """Find a publication date in a short text (a date line, a byline, a <time> text, a meta value) and
    return ISO 8601: 'YYYY-MM-DDTHH:MM' when a time is present, else 'YYYY-MM-DD'. None when there is none.

    Absolute dates win over relative phrases; Gregorian over Hijri; a publication date over one labelled
    'آخر تحديث'. Time zones are ignored (the local time as printed is kept). Never raises."""
    if not isinstance(text, str) or not text:
        return None
    norm = _normalize_for_dates(text)
    dates = _find_dates(norm)
    index = _pick_publication(dates, norm)
    if index is not None:
        return _format(dates[index].day, _clock_for(index, dates, _find_clocks(norm, dates)))
    relative = next(_usable_relatives(norm), None)
    if relative is None:
        return None
    try:
        return _resolve_relative(relative, norm, now or datetime.now())
    except OverflowError:  # 'منذ 900 سنة' from year 1: before datetime.min
        return None


def is_date_line(line: str) -> bool:
    """True when a whole short line is essentially a date/time line (maybe with a weekday, a time zone,
    'نشر في', 'آخر تحديث', 'تاريخ النشر:', 'التاريخ:', a trailing section word), i.e. it can be removed
    from the article text and moved to metadata. False for body sentences that merely mention a date
    and for any line longer than ~12 words."""
    if not isinstance(line, str) or not line or len(line) > _MAX_DATE_LINE_CHARS:
        return False
    tokens = line.split()
    if len(tokens) > _MAX_DATE_LINE_TOKENS or not _DATE_HINT.search(line):
        return False
    norm = _normalize_for_dates(line)
    if len(_LETTER_WORD.findall(norm)) > _MAX_DATE_LINE_WORDS:
        return False
    spans = _date_spans(norm)
    if not spans:
        return False
    return _leftover_words(norm, spans) <= _MAX_LEFTOVER_WORDS


def _date_spans(norm: str) -> list[tuple[int, int]]:
    """Spans of everything that parses as a date, a clock time or a relative phrase; [] when the line
    holds no date at all (a lone clock time cannot be moved to metadata)."""
    dates = _find_dates(norm)
    relatives = list(_usable_relatives(norm))
    if not dates and not relatives:
        return []
    spans = [(f.start, f.end) for f in dates] + [m.span() for m in relatives]
    spans += [(c.start, c.end) for c in _find_clocks(norm, dates)]
    return spans


def _leftover_words(norm: str, spans: list[tuple[int, int]]) -> int:
    """Words left once dates, clocks, labels, weekdays, time zones and calendar suffixes are blanked."""
    chars = list(norm)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    rest = _FILLER.sub(" ", "".join(chars))
    return len(_WORD.findall(rest))
