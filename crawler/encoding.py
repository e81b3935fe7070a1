"""Encoding guard: repair Arabic pages whose charset label is missing or wrong. Pure functions.

Scrapy trusts the HTTP header over <meta charset>, and its fallback guesses only ascii/utf-8/cp1252,
so an Arabic page served as "ISO-8859-1" (or with no label) turns into Latin mojibake:
- UTF-8 read as Latin-1/cp1252:   "Ø§Ù„Ø®Ø¨Ø±"  (lead bytes D8/D9 show as Ø/Ù, each before a Latin-1 symbol)
- windows-1256/ISO-8859-6 read as Latin-1: "ÇáÎÈÑ" (letters in the À-þ range and almost no Arabic)
- windows-1256 read as UTF-8:     "\ufffd\ufffd\ufffd" (undecodable bytes)

`guard_encoding` notices these signatures, re-decodes the raw bytes with each Arabic-capable
encoding, keeps the one that yields the most Arabic, and says what it did in one line for
pages.encoding_fix ("header iso-8859-1 → windows-1256 (meta)"). The raw bytes are never changed.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Arabic letters (hamza..yeh, the extended letters used in Persian/Urdu loanwords and names); no digits or marks.
ARABIC_LETTER = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF]")
LATIN1_LETTER = re.compile(r"[\u00C0-\u00FE]")
# A UTF-8 Arabic lead byte (D8-DB) shown as Latin-1/cp1252, followed by a continuation byte shown the same way.
UTF8_AS_LATIN_PAIR = re.compile(
    "[\u00D8\u00D9\u00DA\u00DB]"
    "[\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014"
    "\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122\uFFFD]"
)
REPLACEMENT = "\ufffd"
META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# What a reader sees: markup, scripts and styles would drown the letters in ASCII tag names.
INVISIBLE = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")

CANDIDATES = ("utf-8", "windows-1256", "iso-8859-6")  # the encodings Arabic news pages are written in
SAMPLE_CHARS = 200_000  # enough text to judge a page; keeps huge pages cheap
GOOD_ARABIC_RATIO = 0.5  # a decoding this Arabic is taken as right
MIN_GAIN = 0.2  # a re-decoding must be this much more Arabic than the declared one


@dataclass(frozen=True)
class EncodingVerdict:
    encoding: str  # the encoding to read the body with
    text: str  # the body decoded with it
    fix: str | None = None  # what was changed, for pages.encoding_fix; None when the declared encoding was right
    problem: str | None = None  # the mojibake signature seen in the declared decoding, if any


def visible_text(html: str) -> str:
    """The text of an HTML page without tags, scripts, styles and comments (rough, but enough to measure)."""
    return TAG.sub(" ", INVISIBLE.sub(" ", html[: SAMPLE_CHARS * 4]))


def letters(text: str) -> int:
    """Letters of any script, plus replacement characters (undecodable bytes stand where letters were)."""
    return sum(1 for ch in text if ch.isalpha() or ch == REPLACEMENT)


def arabic_ratio(text: str) -> float:
    """Share of the letters (replacement characters counted as letters) that are Arabic: 0.0 to 1.0."""
    sample = text[:SAMPLE_CHARS]
    total = letters(sample)
    return len(ARABIC_LETTER.findall(sample)) / total if total else 0.0


def mojibake_signature(text: str) -> str | None:
    """The named mojibake pattern in decoded text, or None when it reads as proper text."""
    sample = text[:SAMPLE_CHARS]
    total = letters(sample)
    if total < 20:
        return None
    if sample.count(REPLACEMENT) / total > 0.05:
        return "undecodable bytes"
    if len(UTF8_AS_LATIN_PAIR.findall(sample)) / total > 0.05:
        return "utf-8 read as latin-1"
    arabic = len(ARABIC_LETTER.findall(sample)) / total
    if arabic < 0.05 and len(LATIN1_LETTER.findall(sample)) / total > 0.3:
        return "8-bit arabic read as latin-1"
    return None


def canonical_name(label: str | None) -> str | None:
    """A charset label as its WHATWG-style name ("cp1256" -> "windows-1256"); None if Python does not know it."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return {"cp1256": "windows-1256", "cp1252": "windows-1252", "iso8859-6": "iso-8859-6", "iso8859-1": "iso-8859-1",
            "latin-1": "iso-8859-1", "ascii": "us-ascii"}.get(name, name)


def meta_charset(body: bytes) -> str | None:
    """The charset label of <meta charset> / <meta http-equiv=Content-Type> in the page's head, as written."""
    match = META_CHARSET.search(body[:8192])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def header_charset(content_type: str | bytes | None) -> str | None:
    """The charset label of a Content-Type header value, as written."""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    match = CONTENT_TYPE_CHARSET.search(content_type or "")
    return match.group(1).lower() if match else None


def decode(body: bytes, encoding: str) -> str:
    return body.decode(encoding, errors="replace")


def best_arabic_decoding(body: bytes, prefer: str | None = None) -> tuple[str, str, float]:
    """(encoding, text, arabic ratio) of the candidate decoding with the most Arabic; ties go to `prefer`, then utf-8."""
    order = list(CANDIDATES)
    if prefer in order:
        order.remove(prefer)
        order.insert(0, prefer)
    best = None
    for encoding in order:
        text = decode(body, encoding)
        ratio = arabic_ratio(visible_text(text))
        if best is None or ratio > best[2] + 1e-9:
            best = (encoding, text, ratio)
    return best


def guard_encoding(body: bytes, declared: str, header_label: str | None = None,
                   meta_label: str | None = None) -> EncodingVerdict:
    """Check the declared decoding of an HTML body; re-decode it when it is mojibake and another encoding is Arabic.

    declared: the encoding the body was read with (Scrapy's response.encoding).
    header_label / meta_label: the charset labels the HTTP header and <meta> gave, as written (for the note).
    """
    declared_text = decode(body, declared)
    declared_visible = visible_text(declared_text)
    problem = mojibake_signature(declared_visible)
    if problem is None:
        return EncodingVerdict(declared, declared_text)
    meta_name = canonical_name(meta_label)
    encoding, text, ratio = best_arabic_decoding(body, prefer=meta_name)
    if ratio < GOOD_ARABIC_RATIO or ratio < arabic_ratio(declared_visible) + MIN_GAIN:
        return EncodingVerdict(declared, declared_text, problem=problem)  # not Arabic either way: leave it alone
    return EncodingVerdict(encoding, text, fix=fix_note(declared, encoding, header_label, meta_label), problem=problem)


def fix_note(declared: str, chosen: str, header_label: str | None, meta_label: str | None) -> str:
    """"header iso-8859-1 → windows-1256 (meta)": which label was wrong, what was used instead, and on whose word."""
    # Scrapy reads with the header's charset when there is one, else the meta's, else a guess.
    if canonical_name(header_label):
        wrong = f"header {header_label}"
    elif canonical_name(meta_label) and canonical_name(meta_label) == canonical_name(declared):
        wrong = f"meta {meta_label}"
    else:
        wrong = f"no charset, guessed {canonical_name(declared) or declared}"
    why = "meta" if canonical_name(meta_label) == chosen else "detected"
    return f"{wrong} → {chosen} ({why})"
