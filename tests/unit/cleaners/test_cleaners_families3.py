"""Mechanisms for the third unseen set's layout families (issue 11), each with a page where it must fire
and a body page where it must not."""

from __future__ import annotations

import cleaners
from tests.unit.cleaners.test_cleaners_families import S1, S2, S3
from tests.unit.cleaners.test_cleaners_html import P1, P2, P3, page

DEMANDS = ["رفع الحد الأدنى للأجور في القطاع العام", "تثبيت العمال المؤقتين في وظائفهم", "وقف الاقتطاع من الرواتب"]

# --------------------------------------------------------------------------- list items


def test_list_items_in_the_body_are_plain_lines():
    items = "".join(f"<li>{item}</li>" for item in DEMANDS)
    body = f"{P1}<p>وتضمنت المطالب ما يلي:</p><ul class='content-list'>{items}</ul>{P2}{P3}"
    document = cleaners.clean_html(page(f"<div class='entry-content'>{body}</div>"))
    for item in DEMANDS:
        assert item in document.paragraphs
    assert not any(line.startswith("- ") for line in document.paragraphs)


def test_a_paragraph_starting_with_a_dash_keeps_it():
    body = f"<p>- {S1}</p><p>- {S2}</p><p>{S3}</p><ul class='content-list'><li>{DEMANDS[0]}</li></ul>"
    document = cleaners.clean_html(page(f"<div class='entry-content'>{body}</div>"))
    assert f"- {S1}" in document.paragraphs
    assert f"- {S2}" in document.paragraphs
