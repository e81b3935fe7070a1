"""Language: the Arabic-script share decides clear cases, langdetect (fixed seed) the rest, on a bounded
sample; the share of Arabic-script letters of the whole text is stored."""

import unicodedata

import pytest
from conftest import TESTS

from cleaners.document import Document
from corpus.curate import CurationSettings, curate, language
from corpus.curate.language import arabic_ratio, detect_language, langdetect_language, language_sample
from corpus.store import document_row, open_db

GOLD = TESTS / "data" / "seeds" / "gold"
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


# --- the script decides the clear cases; langdetect the rest, on a bounded sample ---------------------

DEMO = TESTS / "gold" / "demo"
PERSIAN = (
    "وزیر امور خارجه ایران روز دوشنبه در سفری رسمی به مسکو با همتای روسی خود دیدار کرد. دو طرف درباره "
    "همکاری‌های اقتصادی، انرژی و امنیت منطقه گفتگو کردند. به گفته سخنگوی وزارت خارجه، این دیدار در فضایی "
    "سازنده برگزار شد و قرار است کمیسیون مشترک دو کشور ماه آینده در تهران تشکیل جلسه دهد. کارشناسان "
    "می‌گویند گسترش روابط تهران و مسکو پیامدهای مهمی برای بازار نفت و گاز خواهد داشت."
)
URDU = (
    "پاکستان کے وزیر اعظم نے منگل کے روز اسلام آباد میں وفاقی کابینہ کے اجلاس کی صدارت کی۔ اجلاس میں ملک کی "
    "معاشی صورتحال، مہنگائی اور توانائی کے بحران پر تفصیلی غور کیا گیا۔ وزیر خزانہ نے کابینہ کو بتایا کہ حکومت "
    "آئندہ بجٹ میں عوام کو ریلیف دینے کے لیے اقدامات کر رہی ہے۔ ماہرین کا کہنا ہے کہ بین الاقوامی مالیاتی فنڈ "
    "کے ساتھ مذاکرات کی کامیابی ملکی معیشت کے لیے بہت اہم ہے۔"
)
ARABIC_PARAGRAPHS = ARABIC.split("\n\n")
MIXED_SAMPLE = {
    "english": "Talks in Minsk\n\n" + ENGLISH,
    "french": "Pourparlers à Minsk\n\n" + FRENCH,
    "persian": "دیدار وزیران خارجه ایران و روسیه در مسکو\n\n" + PERSIAN + "\n\n" + PERSIAN,
    "urdu": "وفاقی کابینہ کا اجلاس\n\n" + URDU + "\n\n" + URDU,
    "persian_short": "دیدار وزیران\n\n" + PERSIAN[:120],
    "urdu_short": "کابینہ کا اجلاس\n\n" + URDU[:120],
    "arabic_with_english_quotes": "\n\n".join(
        ARABIC_PARAGRAPHS[:3]
        + ['"We discussed the security situation in detail," the minister told Reuters.']
        + ARABIC_PARAGRAPHS[3:]
    ),
    "arabic_with_a_long_english_quote": "\n\n".join(ARABIC_PARAGRAPHS[:2] + [ENGLISH] + ARABIC_PARAGRAPHS[2:]),
    "english_with_arabic_quotes": "\n\n".join(["Talks in Minsk", ENGLISH[:400], ARABIC_PARAGRAPHS[1], ENGLISH[400:]]),
    "arabic_with_persian_names": ARABIC.replace("مينسك", "گوگل", 1).replace("الروسي", "پوتين", 1),
    "arabic_short": "\n\n".join(ARABIC_PARAGRAPHS[:1] + [ARABIC_PARAGRAPHS[1][:90]]),
    "arabic_title_only": ARABIC_PARAGRAPHS[0],
    "english_short": "Talks in Minsk\n\nThe ministers met on Tuesday.",
    "long_arabic": "\n\n".join(ARABIC_PARAGRAPHS + ARABIC_PARAGRAPHS[1:] * 3),
    "long_english_after_arabic_lead": "\n\n".join(ARABIC_PARAGRAPHS[:3] + [ENGLISH * 3]),
    "digits_only": "2024\n\n١٢٣ 456 !!! ...",
}


def texts_to_check() -> dict[str, str]:
    texts = {f"seed:{p.name}": p.read_text(encoding="utf-8") for p in sorted(GOLD.glob("*.txt"))}
    texts.update({f"demo:{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in sorted(DEMO.rglob("*.txt"))})
    texts.update(MIXED_SAMPLE)
    return texts


def statuses(monkeypatch, detect) -> dict[str, tuple]:
    """{text: (status, counted as Arabic, arabic_ratio)}: curation's quality decision (before duplicates)."""
    from corpus.curate import measure_language, quality_status

    monkeypatch.setattr(language, "detect_language", detect)
    found = {}
    for name, text in texts_to_check().items():
        row = {"text": text, "word_count": len(text.split()), **measure_language(text)}
        status, _ = quality_status(row, text.split("\n\n")[0], CurationSettings())
        found[name] = (status, row["lang"] in CurationSettings().arabic_langs, row["arabic_ratio"])
    return found


def test_the_same_status_decisions_as_langdetect_on_the_whole_text(monkeypatch):
    """Today's decisions: langdetect on the whole text. Seeds, every demo gold text, the mixed sample."""
    new = statuses(monkeypatch, language.detect_language)
    old = statuses(monkeypatch, langdetect_language)
    assert new == old
    # The sample covers what it is meant to: both outcomes, and Arabic-script languages that are not Arabic.
    assert {new[name][0] for name in ("persian", "urdu", "persian_short", "urdu_short", "english", "french")} == {
        "not_arabic"
    }
    assert new["arabic_with_english_quotes"][0] == new["arabic_with_persian_names"][0] == "ok"


def test_clear_arabic_never_runs_langdetect(monkeypatch):
    def refuse(text):
        raise AssertionError("langdetect ran on a clearly Arabic text")

    monkeypatch.setattr(language, "langdetect_language", refuse)
    for path in sorted(GOLD.glob("*.txt")):
        lang, prob = detect_language(path.read_text(encoding="utf-8"))
        assert lang == "ar" and 0.9 <= prob <= 1.0  # lang_prob: the share of Arabic-script letters


@pytest.mark.parametrize("name", ["persian", "urdu", "english", "arabic_short", "long_english_after_arabic_lead"])
def test_arabic_script_languages_short_and_mixed_texts_go_to_langdetect(monkeypatch, name):
    calls = []
    real = language.langdetect_language
    monkeypatch.setattr(language, "langdetect_language", lambda text: calls.append(text) or real(text))
    detect_language(MIXED_SAMPLE[name])
    assert len(calls) == 1 and len(calls[0]) <= language.SAMPLE_CHARS + language.SAMPLE_WINDOWS


def test_the_sample_is_bounded_and_spread_over_the_text():
    text = MIXED_SAMPLE["long_arabic"]
    sample = language_sample(text)
    assert len(text) > 2 * language.SAMPLE_CHARS and len(sample) <= language.SAMPLE_CHARS + language.SAMPLE_WINDOWS
    assert ARABIC_PARAGRAPHS[0][:20] in sample and text.split()[-1] in sample  # first and last words
    assert language_sample("short text") == "short text"


def test_arabic_ratio_is_the_share_of_unicode_letters_that_are_arabic_script():
    """The fast count (str.isalpha and a script regex) equals the definition, character by character."""

    def by_definition(text):
        letters = [ch for ch in text if unicodedata.category(ch).startswith("L")]
        return round(sum(language.is_arabic_char(ch) for ch in letters) / len(letters), 4) if letters else 0.0

    for name, text in texts_to_check().items():
        assert arabic_ratio(text) == by_definition(text), name
    odd = "ﻻ ﷲ ٪ ـ ۝ Ⅻ ² ǅ ʰ 中文 ْ"  # presentation forms, tatweel, Roman numeral, titlecase, modifier, CJK
    assert arabic_ratio(odd) == by_definition(odd)
