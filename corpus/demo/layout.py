"""A demo site's look: its template folder (page templates, snippets, URL scheme, date style) and the
small text helpers every page uses (escaping, URL keys, HTTP and ISO dates)."""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from string import Template

TEMPLATES_ROOT = Path(__file__).parent / "templates"
WEEKDAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
MONTHS = {
    "levant": (
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ),
    "egypt": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
}
EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass
class Layout:
    """A template folder: page templates (*.html), snippets, URL scheme and date style (layout.toml)."""

    name: str
    pages: dict[str, Template]
    snippets: dict[str, Template]
    urls: dict[str, str]
    dates: dict[str, str]
    http_charset: str | None

    @classmethod
    def load(cls, name: str) -> Layout:
        folder = TEMPLATES_ROOT / name
        config = tomllib.loads((folder / "layout.toml").read_text(encoding="utf-8"))
        pages = {p.stem: Template(p.read_text(encoding="utf-8")) for p in folder.glob("*.html")}
        snippets = {key: Template(value.strip("\n")) for key, value in config["snippets"].items()}
        return cls(name, pages, snippets, config["urls"], config["dates"], config.get("http_charset"))

    def snippet(self, key: str, /, **values: object) -> str:
        """A filled snippet; a layout that has no such snippet renders nothing."""
        template = self.snippets.get(key)
        return template.substitute(values) if template else ""

    def date(self, moment: datetime, style: str) -> str:
        text = Template(self.dates[style]).substitute(
            weekday=WEEKDAYS[moment.weekday()],
            day=moment.day,
            month=MONTHS[self.dates["months"]][moment.month - 1],
            mm=f"{moment.month:02d}",
            year=moment.year,
            hh=f"{moment.hour:02d}",
            mi=f"{moment.minute:02d}",
        )
        return text.translate(EASTERN_DIGITS) if self.dates.get("digits") == "eastern" else text


def esc(text: str) -> str:
    """Text content: only <, > and & need escaping (real pages leave quotes as they are)."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """An attribute value."""
    return html.escape(text, quote=True)


def key_for(name: str) -> str:
    """The URL segment of a tag or author name: spaces become hyphens (WordPress style)."""
    return name.strip().replace(" ", "-")


def http_date(moment: datetime) -> str:
    return format_datetime(moment.replace(tzinfo=UTC), usegmt=True)


def iso_date(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds")
