"""JSON-LD articleBody / og:description as evidence of the body's extent: a recall check that puts
back blocks of the page, never text found only in the evidence."""

from __future__ import annotations

import json

import cleaners
from tests.unit.cleaners.test_cleaners_html import P1, P2, P3, plain

T1, T2, T3 = P1[3:-4], P2[3:-4], P3[3:-4]
HEADLINE = "وزير الخارجية: مستعدون لاستئناف المفاوضات دون شروط"
# A short closing paragraph in a container of its own after a box of links: too short to count as
# the body continuing, so the extractor and the body-extent pass both leave it out.
CLOSING = "وختم الوزير بالقول إن الباب سيبقى مفتوحا أمام الجميع دون استثناء ولا شروط مسبقة."
PAYWALLED = "وكشف الوزير للمشتركين فقط تفاصيل الخطة السرية الكاملة للمرحلة المقبلة من المفاوضات الجارية."
TEASER = "وزير المالية يعلن موازنة جديدة تتضمن زيادة كبيرة في الإنفاق على التعليم والصحة العامة."


def _page(article_body: str | None = None, description: str | None = None, extra: str = "") -> str:
    head = ""
    if article_body is not None:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": HEADLINE,
            "articleBody": article_body,
        }
        head += f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script>"
    if description is not None:
        head += f"<meta property='og:description' content='{description}'>"
    return (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE}</title>{head}</head><body>"
        f"<div class='wrap'><article><h1>{HEADLINE}</h1><p>{T1}</p><p>{T2}</p><p>{T3}</p></article>"
        f"<div class='k1'><a href='/a'>خبر آخر عن الطقس</a> <a href='/b'>خبر آخر عن الرياضة</a></div>"
        f"<div class='k2'><span>{CLOSING}</span></div>{extra}</div></body></html>"
    )


def test_without_evidence_the_closing_paragraph_is_missed():
    """The page the evidence test needs: without JSON-LD the structural passes miss the closing block."""
    document = cleaners.clean_html(_page())
    assert plain(T3) in plain(document.text)
    assert plain(CLOSING) not in plain(document.text)


def test_article_body_puts_the_missing_block_back_in_reading_order():
    document = cleaners.clean_html(_page(" ".join([T1, T2, T3, CLOSING])))
    assert document.paragraphs[-4:] == [T1, T2, T3, CLOSING]
    assert "خبر آخر" not in document.text


def test_description_vouches_for_a_block_too():
    document = cleaners.clean_html(_page(description=CLOSING))
    assert document.paragraphs[-1] == CLOSING


def test_text_only_in_the_evidence_is_never_output():
    """A paywalled sentence in articleBody that the page does not show: not copied from the JSON."""
    document = cleaners.clean_html(_page(" ".join([T1, T2, PAYWALLED, T3])))
    assert plain(PAYWALLED[:40]) not in plain(document.text)
    assert document.paragraphs[-3:] == [T1, T2, T3]


def test_evidence_does_not_bring_back_a_pruned_teaser_box():
    """articleBody quoting a teaser (a sloppy CMS): the "read also" box was pruned, and stays out."""
    box = f"<div class='k3'><h3>اقرأ أيضاً</h3><p>{TEASER}</p></div>"
    document = cleaners.clean_html(_page(" ".join([T1, T2, T3, TEASER]), extra=box))
    assert plain(TEASER[:40]) not in plain(document.text)


def test_evidence_the_body_already_has_changes_nothing():
    with_evidence = cleaners.clean_html(_page(" ".join([T1, T2, T3]), description=T1))
    without = cleaners.clean_html(_page())
    assert with_evidence.paragraphs == without.paragraphs


def test_broken_json_ld_still_gives_its_article_body():
    broken = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "'
        + " ".join([T1, T2, T3, CLOSING])
        + '", "author": }</script>'
    )
    html = _page().replace("</head>", broken + "</head>")
    assert cleaners.clean_html(html).paragraphs[-1] == CLOSING
