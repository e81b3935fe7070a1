"""Language: langdetect with a fixed seed on the clean text, plus the share of Arabic-script letters."""
from pathlib import Path

import pytest

from cleaners.document import Document
from corpus.curate import CurationSettings, curate
from corpus.curate.language import arabic_ratio, detect_language
from corpus.store import document_row, open_db

GOLD = Path(__file__).parent / "data" / "seeds" / "gold"
ARABIC = (GOLD / "001_260b10cfabfba221.txt").read_text(encoding="utf-8")
ENGLISH = (
    "The defence ministers of Russia and Belarus met in Minsk on Tuesday to discuss military cooperation, "
    "joint exercises and the supply of new air defence systems. Officials said the talks covered the "
    "security situation on the western borders and plans for the coming year. " * 3
)
FRENCH = (
    "Les ministres de la défense de la Russie et de la Biélorussie se sont réunis mardi à Minsk pour "
    "discuter de la coopération militaire, des exercices conjoints et de la livraison de nouveaux "
    "systèmes de défense aérienne. Les responsables ont indiqué que les entretiens ont porté sur la "
    "situation sécuritaire aux frontières occidentales. " * 3
)


def curated(text: str, doc_id: str = "0" * 16):
    db = open_db(":memory:")
    title, *paragraphs = text.split("\n\n")
    document = Document(title=title, paragraphs=paragraphs)
    row, _ = curate(db, document_row(document, id=doc_id, outlet="t"), document)
    return row


def test_arabic_news_is_ar_with_high_probability_and_ratio():
    lang, prob = detect_language(ARABIC)
    assert lang == "ar" and prob > 0.9
    assert arabic_ratio(ARABIC) > 0.95


@pytest.mark.parametrize("text, code", [(ENGLISH, "en"), (FRENCH, "fr")])
def test_european_languages_are_not_arabic(text, code):
    row = curated("title\n\n" + text)
    assert row["lang"] == code
    assert row["status"] == "not_arabic"
    assert row["status_reason"].startswith(f"lang={code}")
    assert row["arabic_ratio"] < 0.05
    assert row["text"]  # kept, never dropped


def test_detection_is_deterministic():
    mixed = ARABIC[:300] + " " + ENGLISH[:300]
    assert len({detect_language(mixed) for _ in range(5)}) == 1


def test_mixed_text_mostly_arabic_stays_arabic_and_ok():
    paragraphs = ARABIC.split("\n\n")
    paragraphs.insert(2, "Reuters contributed reporting (Moscow).")
    row = curated("\n\n".join(paragraphs))
    assert row["lang"] == "ar"
    assert 0.9 < row["arabic_ratio"] < 1.0
    assert row["status"] == "ok"


def test_mixed_text_mostly_english_is_not_arabic():
    row = curated("عنوان الخبر\n\n" + ENGLISH + "\n\nقال المسؤولون إن المحادثات كانت مثمرة.")
    assert row["lang"] == "en" and row["status"] == "not_arabic"
    assert 0 < row["arabic_ratio"] < 0.2


def test_arabic_ratio_counts_letters_only():
    assert arabic_ratio("١٢٣ 456 !!! ...") == 0.0
    assert arabic_ratio("مرحبا 2024") == 1.0
    assert arabic_ratio("مرحبا abcde") == 0.5


def test_empty_text_has_no_language():
    assert detect_language("") == (None, None)
    assert detect_language("12345 !!!") == (None, None)


def test_low_arabic_threshold_is_a_setting():
    paragraphs = ARABIC.split("\n\n")
    strict = CurationSettings(min_arabic_ratio=0.999)
    db = open_db(":memory:")
    document = Document(title=paragraphs[0], paragraphs=paragraphs[1:] + ["(Reuters, AFP, TASS)"])
    row, _ = curate(db, document_row(document, id="1" * 16, outlet="t"), document, strict)
    assert row["status"] == "low_arabic" and "arabic_ratio" in row["status_reason"]
