"""Quality status: every rule names its reason, thresholds are settings, nothing is deleted."""

import pytest
from conftest import TESTS
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cleaners.document import Document
from corpus.curate import STATUSES, CurationSettings, curate
from corpus.curate.quality import is_list_line
from corpus.store import document_row, open_db, save_document

GOLD = TESTS / "data" / "seeds" / "gold"
TITLE, *PARAGRAPHS = (GOLD / "002_276ed4953a8c982a.txt").read_text(encoding="utf-8").split("\n\n")
HEADLINES = [
    "بوتين يستقبل لوكاشينكو في الكرملين",
    "ارتفاع أسعار النفط في الأسواق العالمية",
    "مباحثات روسية بيلاروسية حول الدفاع الجوي",
    "انطلاق مناورات مشتركة قرب الحدود الغربية",
    "وزير الخارجية يزور القاهرة الأسبوع المقبل",
    "الأمم المتحدة تدعو إلى وقف التصعيد",
]


@pytest.fixture
def db():
    return open_db(":memory:")


def curate_doc(db, document, settings=CurationSettings(), doc_id="a" * 16, outlet="t"):
    row, removals = curate(db, document_row(document, id=doc_id, outlet=outlet), document, settings)
    save_document(db, row, list(document.removed) + removals)
    return row


def test_a_real_article_is_ok(db):
    row = curate_doc(db, Document(title=TITLE, paragraphs=PARAGRAPHS))
    assert (row["status"], row["status_reason"]) == ("ok", None)
    assert row["cluster_id"] == row["id"] and row["duplicate_of"] is None


def test_too_short_names_the_count_and_keeps_the_text(db):
    row = curate_doc(db, Document(title=TITLE, paragraphs=PARAGRAPHS[:1]))
    assert row["status"] == "too_short"
    assert row["status_reason"] == f"{row['word_count']} words < 40"
    stored = db["documents"].get(row["id"])
    assert stored["text"] == row["text"] and stored["status"] == "too_short"


def test_min_words_is_a_setting(db):
    row = curate_doc(db, Document(title=TITLE, paragraphs=PARAGRAPHS[:1]), CurationSettings(min_words=5))
    assert row["status"] == "ok"


def test_a_list_of_headlines_is_a_link_list(db):
    row = curate_doc(db, Document(title="أخبار اليوم", paragraphs=HEADLINES * 2))
    assert row["status"] in ("link_list", "too_short")
    row = curate_doc(db, Document(title="أخبار اليوم", paragraphs=HEADLINES * 3), CurationSettings(min_words=10))
    assert row["status"] == "link_list"
    assert "lines are list/link items" in row["status_reason"]


def test_an_article_with_subheadings_is_not_a_link_list(db):
    paragraphs = [p for pair in zip(HEADLINES[:4], PARAGRAPHS[:4]) for p in pair]
    row = curate_doc(db, Document(title=TITLE, paragraphs=paragraphs))
    assert row["status"] == "ok"


def test_url_lines_count_as_links():
    assert is_list_line("https://example.com/news/1", 8)
    assert is_list_line("بوتين يستقبل لوكاشينكو", 8)
    assert not is_list_line("قال الوزير إن المحادثات كانت مثمرة.", 8)
    assert not is_list_line("هل تنجح المحادثات؟", 8)


def test_rejected_pages_keep_the_cleaners_reason(db):
    row = curate_doc(db, Document(rejected="no_article_text"))
    assert (row["status"], row["status_reason"]) == ("rejected", "no_article_text")
    assert db["documents"].get(row["id"])["status"] == "rejected"


def test_rejected_and_low_quality_documents_are_not_duplicate_targets(db):
    curate_doc(db, Document(title=TITLE, paragraphs=PARAGRAPHS[:1]), doc_id="1" * 16)
    row = curate_doc(
        db, Document(title=TITLE, paragraphs=PARAGRAPHS[:1]), CurationSettings(min_words=5), doc_id="2" * 16
    )
    assert row["status"] == "ok" and row["duplicate_of"] is None


def test_status_values_are_the_documented_ones():
    assert set(STATUSES) == {
        "ok",
        "rejected",
        "empty",
        "not_arabic",
        "too_short",
        "low_arabic",
        "link_list",
        "duplicate",
    }


def test_no_english_centric_rules(db):
    # No terminal punctuation anywhere, no English stop words: still a fine Arabic article.
    paragraphs = [
        p.rstrip(".،") + " وأضاف المصدر أن المباحثات تناولت ملفات عدة بينها التعاون العسكري والاقتصادي"
        for p in PARAGRAPHS
    ]
    row = curate_doc(db, Document(title=TITLE, paragraphs=paragraphs))
    assert row["status"] == "ok"


def test_a_page_rejected_on_a_later_crawl_leaves_the_indexes(db):
    document = Document(title=TITLE, paragraphs=PARAGRAPHS + ["تابعونا على قناتنا"])
    curate_doc(db, document)
    assert db["minhashes"].count == 1 and db["boilerplate_seen"].count >= 1
    curate_doc(db, Document(rejected="no_article_text"))
    assert db["minhashes"].count == 0 and db["boilerplate_seen"].count == 0


ARABIC_WORDS = st.sampled_from(
    ("قال", "الوزير", "إن", "المحادثات", "مثمرة", "موسكو", "مينسك", "٢٠٢٤", "news", "،", ".")
)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(max_size=30),
    paragraphs=st.lists(st.one_of(st.text(max_size=80), st.lists(ARABIC_WORDS, max_size=30).map(" ".join)), max_size=8),
)
def test_curate_never_raises_and_always_names_a_status(db, title, paragraphs):
    row = curate_doc(db, Document(title=title or None, paragraphs=paragraphs), doc_id="e" * 16)
    assert row["status"] in STATUSES
    assert (row["status_reason"] is None) == (row["status"] == "ok")
