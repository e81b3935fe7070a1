"""The one decoder: fetched bytes (+ the HTTP Content-Type) -> text and the encoding used. Pure.

Order: a byte-order mark; UTF-16 without one (NUL bytes at every other position); the HTTP header's
charset; the page's <meta> charset; detection. A label is checked, not trusted, because Arabic sites
mislabel often:
- UTF-8 read as Latin-1/cp1252:   "Ø§Ù„Ø®Ø¨Ø±"  (lead bytes D8/D9 show as Ø/Ù, each before a Latin-1 symbol)
- windows-1256/ISO-8859-6 read as Latin-1: "ÇáÎÈÑ" (letters in the À-þ range and almost no Arabic)
- windows-1256 read as UTF-8:     "\ufffd\ufffd\ufffd" (undecodable bytes)
- a legacy Arabic label (windows-1256 / ISO-8859-6) on UTF-8 bytes, or one of the two on the other's bytes.
The two legacy encodings share the Arabic block's bytes but place letters differently, so they are told
apart by content: the decoding whose text is the most Arabic and reads the definite article "ال" most
often wins. The raw bytes are never changed; `Decoded.fix` says in one line what was overridden
(pages.encoding_fix), `Decoded.source` how the encoding was chosen (pages.encoding_source).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

# Arabic letters (hamza..yeh, the extended letters used in Persian/Urdu loanwords and names); no digits or marks.
ARABIC_LETTER = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_ARABIC_RUN = re.compile(ARABIC_LETTER.pattern + "+")  # counted by runs: one match per word, not per letter
_ARABIC_NOT_ALPHA = ("\u06fd", "\u06fe")  # in ARABIC_LETTER but no letters to isalpha(): Sindhi signs
LATIN1_LETTER = re.compile(r"[\u00C0-\u00FE]")
# "ال" at a word start before a letter: as many matches as (?:^|\W)ال\w finds, but written to open with
# the literal, which the regex engine looks for fast, instead of an alternation tried at every position.
DEFINITE_ARTICLE = re.compile(r"ال(?<!\wال)(?=\w)")
# A UTF-8 Arabic lead byte (D8-DB) shown as Latin-1/cp1252, followed by a continuation byte shown the same way.
UTF8_AS_LATIN_PAIR = re.compile(
    "[\u00d8\u00d9\u00da\u00db]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\ufffd]"
)
REPLACEMENT = "\ufffd"
META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What a reader sees: markup, scripts and styles would drown the letters in ASCII tag names.
INVISIBLE = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")
BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
ARABIC_CANDIDATES = ("utf-8", "windows-1256", "iso-8859-6")  # the encodings Arabic news pages are written in
LEGACY_ARABIC = frozenset(["windows-1256", "iso-8859-6"])
SAMPLE_CHARS = 200_000  # enough text to judge a page; keeps huge pages cheap
SAMPLE_BYTES = SAMPLE_CHARS * 4
GOOD_ARABIC_RATIO = 0.5  # a decoding this Arabic is taken as right
MIN_GAIN = 0.2  # a re-decoding must be this much more Arabic than the labelled one
MIN_CONFIDENCE = 0.5  # chardet's guess below this is not taken over the Arabic fallback


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # WHATWG-style name: utf-8, windows-1256, iso-8859-6, utf-16-le, ...
    source: str  # how it was chosen: bom, utf-16, header, meta, repaired, detected, default
    fix: str | None = None  # what was overridden, e.g. "header iso-8859-1 → windows-1256 (meta)"; None if nothing
    problem: str | None = None  # the mojibake signature of the labelled decoding, if any


class UndecodableText(ValueError):
    """Bytes that are no text in an encoding we read; the message is the reason (one line)."""


# ---------------------------------------------------------------------- measuring a decoding


def visible_text(html: str) -> str:
    """The text of an HTML page without tags, scripts, styles and comments (rough, but enough to measure)."""
    return TAG.sub(" ", INVISIBLE.sub(" ", html[: SAMPLE_CHARS * 4]))


def letters(text: str) -> int:
    """Letters of any script, plus replacement characters (undecodable bytes stand where letters were)."""
    return sum(map(str.isalpha, text)) + text.count(REPLACEMENT)  # U+FFFD is no letter: never counted twice


def arabic_letters(text: str) -> int:
    """How many characters of the text ARABIC_LETTER matches."""
    return sum(map(len, _ARABIC_RUN.findall(text)))


def letter_counts(text: str) -> tuple[int, int]:
    """(letters(text), arabic_letters(text)) in one pass: the Arabic runs are counted by their length and
    only the rest of the text is asked isalpha() character by character."""
    rest = _ARABIC_RUN.split(text)
    arabic = len(text) - sum(map(len, rest))
    other = "".join(rest)
    not_alpha = sum(text.count(ch) for ch in _ARABIC_NOT_ALPHA)
    return arabic - not_alpha + sum(map(str.isalpha, other)) + other.count(REPLACEMENT), arabic


def arabic_ratio(text: str) -> float:
    """Share of the letters (replacement characters counted as letters) that are Arabic: 0.0 to 1.0."""
    total, arabic = letter_counts(text[:SAMPLE_CHARS])
    return arabic / total if total else 0.0


def arabic_score(text: str) -> tuple[float, float]:
    """(Arabic ratio, definite articles per Arabic letter): the second tells a right legacy decoding from
    the wrong one, whose letters are just as Arabic but scrambled."""
    sample = text[:SAMPLE_CHARS]
    total, arabic = letter_counts(sample)
    ratio = arabic / total if total else 0.0
    return ratio, (len(DEFINITE_ARTICLE.findall(sample)) / arabic if arabic else 0.0)


def mojibake_signature(text: str) -> str | None:
    """The named mojibake pattern in decoded text, or None when it reads as proper text."""
    sample = text[:SAMPLE_CHARS]
    total, arabic_count = letter_counts(sample)
    if total < 20:
        return None
    if sample.count(REPLACEMENT) / total > 0.05:
        return "undecodable bytes"
    if len(UTF8_AS_LATIN_PAIR.findall(sample)) / total > 0.05:
        return "utf-8 read as latin-1"
    arabic = arabic_count / total
    if arabic < 0.05 and len(LATIN1_LETTER.findall(sample)) / total > 0.3:
        return "8-bit arabic read as latin-1"
    return None


# ---------------------------------------------------------------------- labels


def canonical_name(label: str | None) -> str | None:
    """A charset label as its WHATWG-style name ("cp1256" -> "windows-1256"); None if Python does not know it."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return {
        "cp1256": "windows-1256",
        "cp1252": "windows-1252",
        "iso8859-6": "iso-8859-6",
        "iso8859-1": "iso-8859-1",
        "latin-1": "iso-8859-1",
        "ascii": "us-ascii",
    }.get(name, name)


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


def content_type_of(headers: Mapping[str, object] | None) -> str | None:
    """The Content-Type value of a {name: value} header dict (any case; a list value's first item)."""
    for name, value in (headers or {}).items():
        if str(name).lower() == "content-type":
            return cast("str | None", value[0] if isinstance(value, (list, tuple)) and value else value)
    return None


# ---------------------------------------------------------------------- the decoder


def bom_encoding(body: bytes) -> tuple[str, int] | None:
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return encoding, len(bom)
    return None


def utf16_without_bom(body: bytes) -> str | None:
    """utf-16-le / utf-16-be when NUL bytes fill one byte position of the pairs (ASCII markup or Latin
    text), or Arabic-block high bytes do (06 xx); None otherwise."""
    sample = body[:4096]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even, odd = sample[0 : pairs * 2 : 2], sample[1 : pairs * 2 : 2]
    for high, low, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        zeros_high = high.count(0) + high.count(6)
        if zeros_high >= 0.6 * pairs and low.count(0) <= 0.02 * pairs:
            return name
    return None


def strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def valid_utf8(sample: bytes, cut: bool) -> bool:
    """The bytes are UTF-8; a sample `cut` from a longer body may end inside a character."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=not cut)
    except UnicodeDecodeError:
        return False
    return True


def best_arabic_decoding(body: bytes, prefer: str | None = None) -> tuple[str, str, float]:
    """(encoding, text, arabic ratio) of the candidate that reads most like Arabic: UTF-8 only if the bytes
    are valid UTF-8; then the more Arabic, then the more definite articles; ties go to `prefer`, then UTF-8."""
    order = list(ARABIC_CANDIDATES)
    if prefer in order:
        order.remove(prefer)
        order.insert(0, prefer)
    best: tuple[tuple[float, float], str, str, float] | None = None
    for encoding in order:
        if encoding == "utf-8" and not valid_utf8(body, True):
            continue
        text = body.decode(encoding, errors="replace")
        ratio, articles = arabic_score(visible_text(text))
        score = (round(ratio, 2), round(articles, 3))
        if best is None or score > best[0]:
            best = (score, encoding, text, ratio)
    assert best is not None  # windows-1256 decodes every byte string
    return best[1], best[2], best[3]


def decode(body: bytes | bytearray | str, content_type: str | bytes | None = None) -> Decoded:
    """Bytes of a fetched page (and its Content-Type header value, if any) -> the text and how it was read."""
    if isinstance(body, str):
        return Decoded(body, "utf-8", "text")
    body = bytes(body)
    found = bom_encoding(body)
    if found:
        return Decoded(body[found[1] :].decode(found[0], errors="replace"), found[0], "bom")
    wide = utf16_without_bom(body)
    if wide:
        return Decoded(body.decode(wide, errors="replace"), wide, "utf-16")
    header_label, meta_label = header_charset(content_type), meta_charset(body)
    header_name, meta_name = canonical_name(header_label), canonical_name(meta_label)
    label, source = (header_name, "header") if header_name else (meta_name, "meta")
    if label is None:
        return detected(body, meta_label)
    return checked(body, label, source, header_label, meta_label)


def checked(body: bytes, label: str, source: str, header_label: str | None, meta_label: str | None) -> Decoded:
    """The labelled decoding unless the bytes say otherwise (mislabelled Arabic)."""
    text = body.decode(label, errors="replace")
    sample = body[:SAMPLE_BYTES]
    if label == "utf-8" and valid_utf8(sample, len(body) > SAMPLE_BYTES):
        return Decoded(text, label, source)
    if label in LEGACY_ARABIC:
        # Valid UTF-8 with Arabic beats a legacy label; windows-1256 vs ISO-8859-6 decided by content.
        encoding, _, ratio = best_arabic_decoding(sample, prefer=label)
        if encoding == label or ratio < GOOD_ARABIC_RATIO:
            return Decoded(text, label, source)
        return Decoded(
            body.decode(encoding, errors="replace"),
            encoding,
            "repaired",
            fix_note(label, encoding, header_label, meta_label),
        )
    labelled = visible_text(text)
    problem = mojibake_signature(labelled)
    if problem is None:
        return Decoded(text, label, source)
    encoding, _, ratio = best_arabic_decoding(sample, prefer=canonical_name(meta_label))
    if ratio < GOOD_ARABIC_RATIO or ratio < arabic_ratio(labelled) + MIN_GAIN:
        return Decoded(text, label, source, problem=problem)  # not Arabic either way: leave it alone
    return Decoded(
        body.decode(encoding, errors="replace"),
        encoding,
        "repaired",
        fix_note(label, encoding, header_label, meta_label),
        problem,
    )


def detected(body: bytes, meta_label: str | None) -> Decoded:
    """No usable label: UTF-8 if the bytes are valid UTF-8, else the best Arabic decoding when it is
    clearly Arabic, else chardet's guess, else windows-1256 (the Arabic web's legacy default)."""
    sample = body[:SAMPLE_BYTES]
    if valid_utf8(sample, len(body) > SAMPLE_BYTES):
        return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "detected")
    encoding, _, ratio = best_arabic_decoding(sample)
    if ratio < GOOD_ARABIC_RATIO:
        guess = chardet_guess(sample)
        if guess:
            encoding = guess
    return Decoded(body.decode(encoding, errors="replace"), encoding, "detected")


def chardet_guess(sample: bytes) -> str | None:
    import chardet  # imported here: only pages without a label that are not Arabic need it

    result = chardet.detect(sample[:65536])
    if (result.get("confidence") or 0) < MIN_CONFIDENCE:
        return None
    return canonical_name(result.get("encoding"))


def fix_note(label: str, chosen: str, header_label: str | None, meta_label: str | None) -> str:
    """ "header iso-8859-1 → windows-1256 (meta)": which label was wrong, what was used, on whose word."""
    if canonical_name(header_label):
        wrong = f"header {header_label}"
    elif canonical_name(meta_label):
        wrong = f"meta {meta_label}"
    else:
        wrong = f"no charset, guessed {label}"
    why = "meta" if canonical_name(meta_label) == chosen else "detected"
    return f"{wrong} → {chosen} ({why})"


# What text of an Arabic news corpus is written in: Arabic (with presentation forms), ASCII, Latin-1,
# general punctuation. Anything mostly outside it (CJK from a wrong UTF-16 guess) is not read as text.
EXPECTED_CHARS = re.compile(
    r"[\u0000-\u00ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u2000-\u206f"
    r"\ufb50-\ufdff\ufe70-\ufeff\u20ac]"
)
UNDECODABLE = "not UTF-8 text (nor UTF-16, nor Arabic windows-1256/ISO-8859-6)"


def decode_text(data: bytes, name: str = "text") -> str:
    """A plain-text file's bytes (.txt input) -> str: BOM, UTF-16 without BOM, UTF-8, then windows-1256 or
    ISO-8859-6 when that reads as Arabic. UndecodableText ("NAME: reason", one line) otherwise."""
    found = bom_encoding(data)
    wide = None if found else utf16_without_bom(data)
    if found:
        text = strict(data[found[1] :], found[0])
    else:
        text = strict(data, wide or "utf-8")
    if text is None and not found:
        encoding, text, ratio = best_arabic_decoding(data)
        if encoding == "utf-8" or ratio < GOOD_ARABIC_RATIO or REPLACEMENT in text:
            text = None
    if text is None or not plausible(text):
        raise UndecodableText(f"{name}: {UNDECODABLE}")
    sample = text[:8192]
    if len(BINARY_CONTROL.findall(sample)) > 0.01 * max(len(sample), 1):
        raise UndecodableText(f"{name}: binary data, not text")
    return text


def plausible(text: str) -> bool:
    sample = "".join(text[:8192].split())
    return not sample or len(EXPECTED_CHARS.findall(sample)) >= 0.8 * len(sample)
