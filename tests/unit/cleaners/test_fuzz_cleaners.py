"""Fuzzing the cleaning entry points: HTML cleaning, text cleaning, the decoder and the date parser.

Each must return its result for any input: no exception raised, and none swallowed by a guarded stage
(a `stage_failed:` removal is a bug the guard hid). Slow-marked, yet part of `make test`; the example
counts add up, with tests/unit/corpus/test_fuzz_loaders.py, to more than 10,000 inputs per run.
"""

from datetime import datetime

import pytest
from fuzz_inputs import date_texts, fuzz, html_documents, page_bodies, plain_texts
from hypothesis import strategies as st

import cleaners
from cleaners.dates import is_date_line, parse_arabic_date
from cleaners.stages import xml_safe

pytestmark = pytest.mark.slow


def swallowed(document) -> list[str]:
    return [f"{r.rule}: {r.text}" for r in document.removed if r.rule.startswith("stage_failed:")]


@fuzz(400, html_documents(), st.sampled_from([None, "https://example.com/news/1-x", "not a url", "http://[::1"]))
def test_clean_html_returns_a_document_for_any_page(page, url):  # the slowest: ~0.1 s a page
    document = cleaners.clean_html(page, url=url)
    assert isinstance(document, cleaners.Document)
    assert not swallowed(document)
    assert document.paragraphs or document.rejected
    assert xml_safe(document.text) == document.text  # no character XML forbids survives


@fuzz(3600, plain_texts())
def test_clean_text_returns_a_document_for_any_text(text):
    document = cleaners.clean_text(text)
    assert isinstance(document, cleaners.Document)
    assert not swallowed(document)
    assert all(isinstance(p, str) and p for p in document.paragraphs)


@fuzz(
    3000, date_texts(), st.sampled_from([None, datetime(2024, 5, 1, 12, 0), datetime(1, 1, 1), datetime(9999, 12, 31)])
)
def test_dates_are_iso_or_none_for_any_text(text, now):
    found = parse_arabic_date(text, now=now)
    assert found is None or datetime.fromisoformat(found)
    assert isinstance(is_date_line(text), bool)


try:  # the one decoder, where the project has it; before that, the crawler's encoding guard
    from cleaners.decode import decode as _decode

    def decoded_text(body: bytes, label: str | None) -> str:
        return _decode(body, f"text/html; charset={label}" if label is not None else None).text
except ImportError:
    from crawler.encoding import canonical_name, guard_encoding

    def decoded_text(body: bytes, label: str | None) -> str:
        return guard_encoding(body, canonical_name(label) or "utf-8", header_label=label).text


@fuzz(1500, page_bodies())
def test_the_decoder_returns_text_for_any_bytes_and_label(body_and_label):
    body, label = body_and_label
    text = decoded_text(body, label)
    assert isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates: the text can be stored
