"""Language of a clean text: the share of Arabic-script letters decides the clear cases, langdetect
(deterministic) the rest, both on a bounded sample of the text.

detect_language(text) -> (lang, lang_prob):
  * no letters at all                       -> (None, None), as langdetect finds no features
  * clearly Arabic: at least MIN_LETTERS letters in the sample, at least CLEAR_ARABIC of them Arabic
    script, and under MAX_EXTENDED of those outside the Arabic alphabet   -> ("ar", share)
    lang_prob is then that share: the fraction of the sample's letters that are Arabic script (what
    decided it), not a langdetect probability.
  * everything else -> langdetect on the sample: its best language and probability. This includes
    Persian, Urdu, Pashto, Kurdish ... written in Arabic script: their own letters (پ چ ژ گ ک ی ے ...)
    are outside the Arabic alphabet, so the script alone never calls them Arabic; short texts, where
    one script says little; mixed texts; and texts with no Arabic at all (langdetect names them).
arabic_ratio(text) is always measured on the whole text (the stored column means exactly that).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np

# Arabic, Arabic Supplement, Arabic Extended-A/B, presentation forms A and B.
ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
ARABIC_SCRIPT = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ARABIC_RANGES) + "]+")
# Letters outside the Arabic alphabet (hamza..yeh, alef wasla): other languages' letters, and
# presentation forms (text from old PDFs or wrong encodings). A meaningful share sends the text to
# langdetect.
EXTENDED_LETTERS = re.compile(r"[^\u0621-\u064a\u0671\W\d_]")

SAMPLE_CHARS = 2000  # langdetect and the script test read at most this much of a text ...
SAMPLE_WINDOWS = 4  # ... in windows spread over it (a long text's first lines can be a quote)
MIN_LETTERS = 200  # fewer letters: one script proves little; langdetect decides (as it always has)
CLEAR_ARABIC = 0.9  # share of Arabic-script letters that makes a text clearly Arabic
MAX_EXTENDED = 0.01  # share of Arabic-script letters outside the Arabic alphabet still called Arabic


def is_arabic_char(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in ARABIC_RANGES)


@functools.lru_cache(maxsize=4)
def letter_counts(text: str) -> tuple[int, int]:
    """(letters, Arabic-script letters): letters are Unicode category L*, which is str.isalpha.
    Counted per distinct character (a text has a few dozen; numpy counts them), not per character.
    Cached for the last few texts: a text shorter than the language sample is its own sample, and
    measuring a document counts it for the script test and again for arabic_ratio."""
    codes, counts = np.unique(
        np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), return_counts=True
    )
    letters = arabic = 0
    for code, count in zip(codes.tolist(), counts.tolist()):
        kind = _CHAR_KINDS.get(code)
        if kind is None:
            ch = chr(code)
            kind = _CHAR_KINDS[code] = (ch.isalpha(), ch.isalpha() and ARABIC_SCRIPT.fullmatch(ch) is not None)
        if kind[0]:
            letters += count
            arabic += count if kind[1] else 0
    return letters, arabic


_CHAR_KINDS: dict[int, tuple[bool, bool]] = {}  # code point -> (letter, Arabic-script letter)


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic script (digits, punctuation and spaces do not count)."""
    letters, arabic = letter_counts(text or "")
    return round(arabic / letters, 4) if letters else 0.0


def language_sample(text: str, size: int = SAMPLE_CHARS, windows: int = SAMPLE_WINDOWS) -> str:
    """The text itself when short; else `windows` slices of size/windows characters spread evenly over
    it, each cut back to whole words."""
    if len(text) <= size:
        return text
    width = size // windows
    step = (len(text) - width) / (windows - 1)
    slices = []
    for i in range(windows):
        start = round(i * step)
        piece = text[start : start + width]
        if start > 0 and " " in piece:
            piece = piece[piece.index(" ") + 1 :]
        if start + width < len(text) and " " in piece:
            piece = piece[: piece.rindex(" ")]
        slices.append(piece)
    return "\n".join(slices)


def script_decision(sample: str) -> tuple[str, float] | None:
    """("ar", share of Arabic-script letters) when the script alone settles it, else None."""
    letters, arabic = letter_counts(sample)
    if letters < MIN_LETTERS or arabic < CLEAR_ARABIC * letters:
        return None
    if len(EXTENDED_LETTERS.findall("".join(ARABIC_SCRIPT.findall(sample)))) >= MAX_EXTENDED * arabic:
        return None
    return "ar", round(arabic / letters, 4)


@functools.lru_cache(maxsize=1)
def _detector_factory() -> Any:  # a langdetect DetectorFactory (langdetect has no types)
    """Our own langdetect factory with seed 0: the same text always gets the same answer, and the
    process-wide DetectorFactory (which other code may seed differently) is left alone."""
    from langdetect.detector_factory import PROFILES_DIRECTORY

    from corpus.curate.lazy_profiles import lazy_factory

    factory = lazy_factory(PROFILES_DIRECTORY)  # DetectorFactory().load_profile's, rows made on first use
    factory.set_seed(0)
    return factory


def load_detector() -> None:
    """Load langdetect's profiles now (corpus.workers loads them before forking its workers)."""
    _detector_factory()


def langdetect_language(text: str) -> tuple[str | None, float | None]:
    """langdetect's best (language, probability) for the text, (None, None) when it finds no features."""
    from langdetect.lang_detect_exception import LangDetectException

    if not (text or "").strip():
        return None, None
    detector = _detector_factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, None
    return best.lang, round(best.prob, 4)


def detect_language(text: str) -> tuple[str | None, float | None]:
    """(language code, probability) of the text, or (None, None) when there is nothing to tell by.
    See the module docstring for what the probability is when the script decides."""
    sample = language_sample(text or "")
    return script_decision(sample) or langdetect_language(sample)
