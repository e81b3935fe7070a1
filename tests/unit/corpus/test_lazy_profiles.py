"""The lazily filled langdetect profiles hold exactly what langdetect's own loading builds, and detect
the same languages with the same probabilities."""

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from corpus.curate.lazy_profiles import lazy_factory

TEXTS = [
    "وقّع الرئيس على الاتفاقية في العاصمة بعد مفاوضات طويلة",
    "The minister signed the agreement in the capital after long talks.",
    "این یک متن فارسی است که برای آزمایش نوشته شده است",
    "Le ministre a signé l'accord dans la capitale. وقّع الوزير الاتفاق",
    "Der Minister hat das Abkommen unterzeichnet",
    "1234 !!",
]


def test_every_row_and_the_language_order_are_langdetects_own():
    eager, lazy = DetectorFactory(), lazy_factory(PROFILES_DIRECTORY)
    eager.load_profile(PROFILES_DIRECTORY)
    assert lazy.langlist == eager.langlist and len(lazy.langlist) > 50
    table = lazy.word_lang_prob_map
    assert len(table) == 0  # nothing worked out before it is asked for
    assert "zz\u0600q" not in table and "ال" in table
    for word, row in eager.word_lang_prob_map.items():
        assert word in table and table[word] == row, word
    assert set(table) == set(eager.word_lang_prob_map)


def test_detection_is_the_same():
    eager, lazy = DetectorFactory(), lazy_factory(PROFILES_DIRECTORY)
    eager.load_profile(PROFILES_DIRECTORY)
    for factory in (eager, lazy):
        factory.set_seed(0)
    for text in TEXTS:
        found = []
        for factory in (eager, lazy):
            detector = factory.create()
            detector.append(text)
            try:
                found.append([(p.lang, p.prob) for p in detector.get_probabilities()])
            except Exception as exc:  # noqa: BLE001 - "no features" must be the same failure for both
                found.append([type(exc).__name__])
        assert found[0] == found[1], text
