"""Hypothesis strategies for the fuzz tests: hostile pages, texts, dates, bytes and registry entries.

Inputs are built from pieces real pages carry (Arabic prose, markers, tags, entities, charset labels)
mixed with what breaks parsers (control characters, lone surrogates, unbalanced markup, deep nesting,
huge numbers), so the generator spends its examples near the code's edges instead of on plain noise.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def fuzz(examples: int, *strategies):
    """A test running the decorated check on `examples` inputs drawn from `strategies`; it asserts that
    many really ran, so the counts the tests give are what every run checks."""

    def decorate(check):
        def test():
            ran = 0

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
            )
            @given(st.tuples(*strategies))
            def run(values):
                nonlocal ran
                ran += 1
                check(*values)

            run()
            assert ran >= examples

        test.__name__, test.__doc__ = check.__name__, check.__doc__
        return test

    return decorate


ARABIC_LETTERS = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
# Characters that have broken cleaners before: C0 controls, bidi/zero-width marks, tatweel, BOM, NBSP,
# presentation forms, lone surrogates, U+FFFE/U+FFFF, NUL.
HOSTILE_CHARS = st.sampled_from(
    list(
        "\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\u200b\u200c\u200d\u200e\u200f\u061c"
        "\u0640\ufeff\u00a0\ufffe\uffff\ud800\udfff\ufdfa\ufefb\u064b\u0651\r\t\n"
    )
)
ANY_CHAR = st.characters()
TEXT_CHARS = st.one_of(ARABIC_LETTERS, ARABIC_LETTERS, HOSTILE_CHARS, st.sampled_from(list(" \n.:،-؟!")), ANY_CHAR)
SHORT_TEXT = st.text(alphabet=TEXT_CHARS, max_size=80)

PROSE = st.sampled_from(
    [
        "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في العاصمة بعد توقف دام شهرين.",
        "وأضاف أن الحكومة ملتزمة بتنفيذ الاتفاقية الموقعة بين البلدين في مجالات الطاقة والتجارة.",
        "وأشار التقرير إلى ارتفاع أسعار المواد الغذائية بنسبة عشرة في المئة خلال العام الماضي.",
        "مُحمّد يزور مينسك",
    ]
)
MARKERS = st.sampled_from(
    [
        "اقرأ أيضاً:",
        "إقرأ أيضا",
        "مقالات ذات صلة",
        "عاجل",
        "كلمات دلالية: روسيا، بيلاروس",
        "المصدر: وكالات",
        "جميع الحقوق محفوظة © 2024",
        "تابعنا على فيسبوك",
        "السابق",
        "التالي",
        "شارك",
        "(رويترز)",
    ]
)
DATE_PIECES = st.sampled_from(
    [
        "2024-05-01",
        "01/05/2024",
        "1 مايو 2024",
        "الأربعاء 1 أيار 2024",
        "١٥ رمضان ١٤٤٥",
        "15 رمضان 1445 هـ",
        "منذ 3 ساعات",
        "منذ 900 سنة",
        "أمس",
        "اليوم",
        "قبل يومين",
        "10:30 ص",
        "23:59",
        "99:99",
        "آخر تحديث:",
        "نشر في",
        "GMT+3",
        "2024-13-45",
        "31/02/2024",
        "0000-00-00",
        "9999999999",
        "منذ 99999999999999 دقيقة",
        "كانون الثاني",
        "يناير",
        "ذو الحجة",
        "ص",
        "م",
    ]
)
TEXT_PIECES = st.one_of(PROSE, PROSE, MARKERS, DATE_PIECES, SHORT_TEXT)

TAGS = [
    "div",
    "p",
    "span",
    "article",
    "main",
    "section",
    "aside",
    "nav",
    "footer",
    "header",
    "h1",
    "h2",
    "ul",
    "li",
    "a",
    "table",
    "tr",
    "td",
    "script",
    "style",
    "noscript",
    "iframe",
    "figure",
    "figcaption",
    "time",
    "br",
    "meta",
    "title",
    "svg",
    "math",
    "template",
    "blockquote",
    "b",
    "font",
]
ATTRIBUTES = st.sampled_from(
    [
        "",
        ' class="related"',
        ' class="article-body content"',
        ' id="tags"',
        ' dir="rtl"',
        ' href="/news/1"',
        ' href="javascript:x()"',
        ' itemprop="datePublished"',
        ' datetime="2024-05-01T10:00"',
        ' content="1 مايو 2024"',
        ' style="display:none"',
        ' class="\x0b"',
        ' data-x="&#0;"',
        " x=",
        ' class="' + "a " * 50 + '"',
    ]
)
SPECIAL = st.sampled_from(
    [
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<!DOCTYPE html>",
        "<?xml version='1.0' encoding='windows-1256'?>",
        "&amp;",
        "&nbsp;",
        "&#0;",
        "&#x0b;",
        "&#xD800;",
        "&#1575;",
        "&#99999999;",
        "&bogus;",
        "&",
        "<",
        ">",
        "<meta charset='windows-1256'>",
        "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-6'>",
        '<meta property="article:published_time" content="2024-05-01T10:00:00+03:00">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-05-01", "headline": "x"',
        "<html><head><title>عنوان | المنارة</title></head><body>",
    ]
)


@st.composite
def element(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    inner = draw(
        st.lists(st.one_of(TEXT_PIECES, SPECIAL, element(depth + 1)) if depth < 4 else TEXT_PIECES, max_size=5)
    )
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", f"</{tag}>", "", "</div>"]))
    return f"<{tag}{draw(ATTRIBUTES)}>" + "".join(inner) + close


def html_documents():
    """HTML-ish documents as str or bytes (UTF-8, windows-1256, UTF-16, or random bytes)."""
    markup = st.lists(st.one_of(element(), SPECIAL, TEXT_PIECES), max_size=12).map("".join)
    nested = st.integers(1, 3000).map(lambda n: "<div>" * n + "نص" + "</div>" * (n // 2))
    as_bytes = st.tuples(markup, st.sampled_from(["utf-8", "windows-1256", "iso-8859-6", "utf-16", "utf-16-le"])).map(
        lambda pair: (
            pair[0].encode(pair[1], errors="replace")
            if pair[1] != "utf-8"
            else pair[0].encode("utf-8", errors="surrogatepass")
        )
    )
    return st.one_of(markup, markup, as_bytes, nested, st.binary(max_size=2000), st.text(max_size=300))


def plain_texts():
    return st.one_of(
        st.lists(TEXT_PIECES, max_size=25).map("\n".join),
        st.lists(TEXT_PIECES, max_size=25).map("\n\n".join),
        st.text(max_size=600),
    )


def date_texts():
    return st.one_of(
        st.lists(st.one_of(DATE_PIECES, SHORT_TEXT, st.integers(-(10**20), 10**20).map(str)), max_size=6).map(" ".join),
        st.text(max_size=120),
    )


CHARSET_LABELS = st.sampled_from(
    [
        None,
        "utf-8",
        "windows-1256",
        "cp1256",
        "iso-8859-6",
        "iso-8859-1",
        "utf-16",
        "utf-16le",
        "latin1",
        "x-unknown",
        "",
        "utf-8; foo",
        '"windows-1256"',
        "UTF8",
    ]
)


def page_bodies():
    """Bytes a server may send, with the charset label its Content-Type header gives."""
    arabic = st.lists(st.one_of(PROSE, TEXT_PIECES), min_size=1, max_size=6).map(" ".join)
    encoded = st.tuples(
        arabic,
        st.sampled_from(["utf-8", "windows-1256", "iso-8859-6", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]),
    ).map(lambda pair: f"<html><body><p>{pair[0]}</p></body></html>".encode(pair[1], errors="replace"))
    return st.tuples(st.one_of(encoded, st.binary(max_size=1500)), CHARSET_LABELS)


# --- registry entries ---------------------------------------------------------------------------

SCALARS = st.one_of(
    st.text(max_size=30), st.integers(-5, 10**6), st.booleans(), st.floats(allow_nan=False, allow_infinity=False)
)
REGISTRY_KEYS = [
    "display_name",
    "article_pattern",
    "domains",
    "sitemaps",
    "feeds",
    "sections",
    "exclude_pattern",
    "pagination",
    "max_pages",
    "demo",
    "country",
    "notes",
    "cleaning",
    "politeness",
    "verified",
    "bogus",
]
GOOD_VALUES = {
    "display_name": st.sampled_from(["المنارة", "RT Arabic", ""]),
    "article_pattern": st.sampled_from([r"^/news/\d+", "(", "[a-", ".*", r"(?P<x>", ""]),
    "domains": st.lists(st.sampled_from(["arabic.rt.com", "rt.com", ".bad", "http://x.com", "", "a/b"]), max_size=3),
    "sitemaps": st.lists(
        st.sampled_from(["https://x.com/sitemap.xml", "/sitemap.xml", "ftp://x", "", "x"]), max_size=3
    ),
    "feeds": st.lists(st.sampled_from(["https://x.com/rss", "/rss.xml", "notaurl"]), max_size=2),
    "sections": st.lists(st.sampled_from(["https://x.com/news/", "/world/"]), max_size=2),
    "pagination": st.sampled_from(["?page={n}", "page/{n}/", "{x}", "{n", "{}", "nothing"]),
    "max_pages": st.integers(-3, 10),
    "verified": st.sampled_from(["2026-12-01", "yesterday", "2026-13-45"]),
    "demo": st.booleans(),
    "politeness": st.dictionaries(
        st.sampled_from(["download_delay", "concurrency", "bogus"]),
        st.one_of(st.integers(-2, 5), st.floats(-1, 5), st.text(max_size=3)),
        max_size=3,
    ),
}


def rule_tables():
    """[[rule]] tables as an outlet's cleaning.extra_markers may add them: valid, half-valid and broken."""
    rule = st.fixed_dictionaries(
        {},
        optional={
            "name": st.one_of(st.text(max_size=10), st.integers()),
            "action": st.sampled_from(
                ["cut_after", "inline_teaser", "drop_line", "prompt", "footer", "nav", "metadata_label", "explode", ""]
            ),
            "match": st.sampled_from(["line", "start", "anywhere", "everywhere"]),
            "phrases": st.one_of(st.lists(st.one_of(MARKERS, st.text(max_size=8)), max_size=3), st.text(max_size=5)),
            "patterns": st.lists(st.sampled_from([r"\d+", "(", "[", "a{99999999}", r"(?P<label>x)", "x"]), max_size=2),
            "max_words": st.one_of(st.integers(-1, 50), st.text(max_size=3), st.none()),
            "field": st.sampled_from(["tags", "author", "nope"]),
            "delimiter": st.one_of(st.booleans(), st.text(max_size=2)),
            "dom_box": st.booleans(),
        },
    )
    return st.lists(st.one_of(rule, SCALARS), max_size=3)


def extra_markers():
    table = st.dictionaries(
        st.sampled_from(
            ["names", "patterns", "words", "drop_tags", "class_id_patterns", "markers", "max_teaser_words", "x"]
        ),
        st.one_of(st.lists(st.one_of(st.text(max_size=10), st.sampled_from(["(", "[a-", "div"])), max_size=3), SCALARS),
        max_size=3,
    )
    return st.dictionaries(
        st.sampled_from(["rule", "agencies", "sections", "tags", "footer", "dom", "settings", "glued_teaser", "x"]),
        st.one_of(rule_tables(), table, SCALARS),
        max_size=3,
    )


def cleaning_tables():
    return st.dictionaries(
        st.sampled_from(["extra_markers", "drop_selectors", "title_suffixes", "bogus"]),
        st.one_of(
            extra_markers(),
            st.lists(
                st.sampled_from(["div.related", "#tags", "[[", "p:nth-child(", "", "<", "a >> b", "| المنارة"]),
                max_size=3,
            ),
            SCALARS,
        ),
        max_size=3,
    )


def registry_entries():
    values = st.one_of(*GOOD_VALUES.values(), SCALARS, st.lists(SCALARS, max_size=2), cleaning_tables())
    entry = st.dictionaries(st.sampled_from(REGISTRY_KEYS), values, max_size=8)
    good = st.fixed_dictionaries(
        {
            "display_name": GOOD_VALUES["display_name"],
            "article_pattern": GOOD_VALUES["article_pattern"],
            "domains": GOOD_VALUES["domains"],
            "sitemaps": GOOD_VALUES["sitemaps"],
        },
        optional={
            "cleaning": cleaning_tables(),
            "pagination": GOOD_VALUES["pagination"],
            "politeness": GOOD_VALUES["politeness"],
            "max_pages": GOOD_VALUES["max_pages"],
        },
    )
    names = st.one_of(st.sampled_from(["rt_arabic", "sada", "Bad-Name", "1x", "a" * 40]), st.text(max_size=8))
    return st.dictionaries(names, st.one_of(good, good, entry, SCALARS), max_size=3)


def toml_value(value) -> str:
    """A TOML literal for a str/int/float/bool/list/dict (tomllib can only read); None (no TOML null) as ""."""
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = "".join(
            c
            if c.isprintable() and c not in '"\\'
            else f"\\u{ord(c):04x}"
            if ord(c) < 0x10000 and not 0xD800 <= ord(c) <= 0xDFFF
            else "?"
            for c in value
        )
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value if v is not None) + "]"
    # TOML has no null: a None value is an absent key
    return "{" + ", ".join(f"{toml_value(str(k))} = {toml_value(v)}" for k, v in value.items() if v is not None) + "}"


def registry_toml(registry: dict) -> str:
    """The registry as outlets.toml text: top-level scalars first (after a [table] they would belong to it)."""
    lines = [
        f"{toml_value(name)} = {toml_value(entry)}" for name, entry in registry.items() if not isinstance(entry, dict)
    ]
    for name, entry in registry.items():
        if isinstance(entry, dict):
            lines.append(f"[{toml_value(name)}]")
            lines += [f"{toml_value(key)} = {toml_value(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"
