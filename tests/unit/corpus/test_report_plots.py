"""The report's plots: Arabic names joined and right to left, documents per week and per month."""

from __future__ import annotations

import warnings
from datetime import date

import pytest

from corpus.plots import plot_documents_per_period, plot_removals, plot_words_per_document, shaped
from corpus.report import documents_per_period, outlet_names
from corpus.search import DocumentFilter
from corpus.store import open_db, save_document

ANY = DocumentFilter(statuses=(), keep_duplicates=True)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_arabic_is_joined_and_in_visual_order():
    # تذييل: ت initial, ذ final, ي initial, ي medial, ل final; drawn left to right, so the last letter first
    assert shaped("تذييل") == "\ufede\ufef4\ufef3\ufeac\ufe97"
    # a two-word name: the words swap places, each joined
    assert shaped("صدى اليوم") == shaped("اليوم") + " " + shaped("صدى")
    # م isolated (و never joins the next letter), و final, ي medial, ل initial (after ا), ا isolated
    assert shaped("اليوم") == "\ufee1\ufeee\ufef4\ufedf\ufe8d"
    # Latin stays where it is, the Arabic inside it turns; ASCII names are untouched
    assert shaped("demo_sada (صدى)") == "demo_sada (" + shaped("صدى") + ")"
    assert shaped("marker:read_also") == "marker:read_also"


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "corpus.db")
    for n, (outlet, name, published) in enumerate(
        [
            ("sada", "صدى اليوم", "2024-03-06T10:00:00"),  # Wednesday: week of Monday 4 March
            ("sada", "صدى اليوم", "2024-03-10T23:00:00+03:00"),  # Sunday: still that week
            ("sada", "صدى", "2024-03-11T08:00:00"),  # Monday: the next week
            ("manara", None, "2024-02-29"),
            ("manara", None, None),  # undated: in no period
        ]
    ):
        save_document(
            db,
            {
                "id": f"{n:016x}",
                "outlet": outlet,
                "outlet_name": name,
                "published": published,
                "title": "خبر",
                "text": "خبر\n\nنص الخبر",
                "status": "ok",
                "lang": "ar",
            },
        )
    yield db
    db.close()


def test_documents_are_counted_per_week_from_monday_and_per_month(db):
    assert documents_per_period(db, ANY, "week") == {
        "sada": {date(2024, 3, 4): 2, date(2024, 3, 11): 1},
        "manara": {date(2024, 2, 26): 1},
    }
    assert documents_per_period(db, ANY, "month") == {"sada": {date(2024, 3, 1): 3}, "manara": {date(2024, 2, 1): 1}}
    only_sada = DocumentFilter(outlets=("sada",), statuses=(), keep_duplicates=True)
    assert documents_per_period(db, only_sada, "month") == {"sada": {date(2024, 3, 1): 3}}


def test_an_outlet_is_named_as_its_pages_name_it_most_often(db):
    assert outlet_names(db, ANY) == {"sada": "صدى اليوم"}


def test_plots_draw_the_shaped_names_with_glyphs_the_font_has(db):
    names = outlet_names(db, ANY)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font": that would fail here
        for period in ("week", "month"):
            plot = plot_documents_per_period(documents_per_period(db, ANY, period), period, names)
            assert plot.png.startswith(PNG_MAGIC) and f"per {period}" in plot.title
            assert plot.labels == ["sada (" + shaped("صدى اليوم") + ")", "manara"]
        rules = plot_removals([{"rule": "تذييل", "removals": 3}, {"rule": "marker:read_also", "removals": 5}])
        assert set(rules.labels) == {"marker:read_also", "\ufede\ufef4\ufef3\ufeac\ufe97"}


def test_empty_plots_still_render():
    import numpy as np

    for plot in (
        plot_documents_per_period({}, "week", {}),
        plot_removals([]),
        plot_words_per_document(np.array([], dtype=np.int64)),
    ):
        assert plot.png.startswith(PNG_MAGIC) and plot.labels == []
