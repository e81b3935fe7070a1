"""Language of a clean text: langdetect (deterministic) plus the share of Arabic-script letters."""
from __future__ import annotations

import functools
import unicodedata

# Arabic, Arabic Supplement, Arabic Extended-A/B, presentation forms A and B.
ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def is_arabic_char(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in ARABIC_RANGES)


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic script (digits, punctuation and spaces do not count)."""
    letters = [ch for ch in text or "" if unicodedata.category(ch).startswith("L")]
    if not letters:
        return 0.0
    return round(sum(1 for ch in letters if is_arabic_char(ch)) / len(letters), 4)


@functools.lru_cache(maxsize=1)
def _detector_factory():
    """Our own langdetect factory with seed 0: the same text always gets the same answer, and the
    process-wide DetectorFactory (which other code may seed differently) is left alone."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def detect_language(text: str) -> tuple[str | None, float | None]:
    """(language code, probability) of the text, or (None, None) when langdetect finds no features."""
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
