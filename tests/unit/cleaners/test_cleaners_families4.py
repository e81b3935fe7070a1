"""Mechanisms for the fourth unseen set's layout families (issue 11), each with a page where it must fire
and a body page where it must not."""

from __future__ import annotations

import cleaners
from tests.unit.cleaners.test_cleaners_families import S1, S2, S3
from tests.unit.cleaners.test_cleaners_html import P1, P2, P3, page

# --------------------------------------------------------------------------- links inside sentences


def _linked(sentence: str, *indexes: int) -> str:
    """The sentence with the words at `indexes` linked to tag pages (class 'tag-link')."""
    words = sentence.split(" ")
    return " ".join(f"<a class='tag-link' href='/tag/{i}'>{w}</a>" if i in indexes else w for i, w in enumerate(words))


def test_words_linked_inside_sentences_stay_in_the_sentences():
    body = "".join(f"<div class='p'>{_linked(s, 3, 9)}</div>" for s in (S1, S2, S3))
    document = cleaners.clean_html(page(f"<div class='details'>{body}</div>"))
    assert S1 in document.text and S2 in document.text and S3 in document.text


def test_a_tag_list_still_goes():
    tags = " ".join(f"<a class='tag' href='/tag/{n}'>{w}</a>" for n, w in enumerate(["اقتصاد", "رياضة", "محليات"]))
    document = cleaners.clean_html(page(f"<div class='details'>{P1}{P2}{P3}<p>الوسوم: {tags}</p></div>"))
    assert S1 in document.text and S3 in document.text
    assert "رياضة" not in document.text and "محليات" not in document.text
