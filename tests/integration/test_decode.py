"""The one decoder on real bytes: Arabic pages in utf-8 / windows-1256 / ISO-8859-6 / UTF-16 with wrong labels."""

from __future__ import annotations

import re
import urllib.request

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, Request

from cleaners import decode as decode_module
from cleaners.decode import (
    UndecodableText,
    arabic_ratio,
    canonical_name,
    decode,
    decode_text,
    header_charset,
    meta_charset,
    mojibake_signature,
    visible_text,
)
from crawler.middlewares import ENCODING_FIX_META, EncodingGuardMiddleware

ARTICLE = (
    "وزير الدفاع الروسي يدعو إلى تكثيف التعاون العسكري مع بيلاروس. "
    "وأضاف خلال لقائه نظيره البيلاروسي اليوم في مينسك أن بيلاروس كانت وستبقى حليفا مخلصا وشريكا موثوقا."
)
ENGLISH = "The defence minister called for closer military cooperation. Café owners in Zürich disagreed. " * 3


def page(text: str, charset_label: str) -> str:
    """A realistic page: markup, an inline script and the meta charset the site declares."""
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta http-equiv="Content-Type" '
        f'content="text/html; charset={charset_label}"><title>خبر</title>'
        '<script>var analytics = {"section": "world", "tracking": true};</script></head>'
        f'<body><div class="menu"><a href="/">الرئيسية</a></div><h1>خبر</h1><p>{text}</p>'
        '<div class="footer">Copyright 2024 LE TEMPS</div></body></html>'
    )


def content_type(label: str | None) -> str:
    return f"text/html; charset={label}" if label else "text/html"


@pytest.mark.parametrize(
    "real, header, expected_note",
    [
        # the demo's qafila case and Assabah's: windows-1256 bytes, header says ISO-8859-1
        ("windows-1256", "ISO-8859-1", "header iso-8859-1 → windows-1256 (meta)"),
        ("iso-8859-6", "iso-8859-1", "header iso-8859-1 → iso-8859-6 (meta)"),
        ("utf-8", "iso-8859-1", "header iso-8859-1 → utf-8 (meta)"),  # "Ø§Ù„..." mojibake
        ("windows-1256", "utf-8", "header utf-8 → windows-1256 (meta)"),  # undecodable as utf-8
    ],
)
def test_wrongly_labelled_arabic_is_redecoded(real, header, expected_note):
    body = page(ARTICLE, real).encode(real)
    decoded = decode(body, content_type(header))
    assert decoded.encoding == real and decoded.source == "repaired"
    assert decoded.fix == expected_note
    assert ARTICLE in decoded.text
    assert decoded.problem is not None


# ---------------------------------------------------------------------- the corners of issue 13 (item 5)


@pytest.mark.parametrize("legacy", ["windows-1256", "iso-8859-6"])
def test_utf8_labelled_as_a_legacy_arabic_charset_is_read_as_utf8(legacy):
    body = page(ARTICLE, legacy).encode("utf-8")  # the meta and the header both say legacy
    decoded = decode(body, content_type(legacy))
    assert decoded.encoding == "utf-8" and ARTICLE in decoded.text
    assert decoded.fix == f"header {legacy} → utf-8 (detected)"


@pytest.mark.parametrize("real, label", [("iso-8859-6", "windows-1256"), ("windows-1256", "iso-8859-6")])
def test_the_two_legacy_arabic_charsets_are_told_apart_by_content(real, label):
    body = page(ARTICLE, label).encode(real)
    decoded = decode(body, content_type(label))
    assert decoded.encoding == real and ARTICLE in decoded.text
    assert decoded.fix is not None


@pytest.mark.parametrize("wide", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("label", [None, "utf-16"])
def test_utf16_without_a_bom_is_read(wide, label):
    body = page(ARTICLE, "utf-16").encode(wide)
    decoded = decode(body, content_type(label))
    assert decoded.encoding == wide and ARTICLE in decoded.text


@pytest.mark.parametrize(
    "bom, encoding", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
)
def test_a_bom_wins_over_every_label(bom, encoding):
    body = bom + page(ARTICLE, "windows-1256").encode(encoding)
    decoded = decode(body, content_type("iso-8859-1"))
    assert (decoded.encoding, decoded.source) == (encoding, "bom") and decoded.text.startswith("<!DOCTYPE")


def test_header_charset_wins_over_meta_when_it_reads_well():
    body = page(ARTICLE, "utf-8").encode("iso-8859-6")  # only the header is right
    decoded = decode(body, content_type("iso-8859-6"))
    assert (decoded.encoding, decoded.source, decoded.fix) == ("iso-8859-6", "header", None)
    assert ARTICLE in decoded.text


def test_without_any_label_the_encoding_is_detected():
    body = page(ARTICLE, "x").replace(' http-equiv="Content-Type" content="text/html; charset=x"', "")
    for real in ("utf-8", "windows-1256", "iso-8859-6"):
        decoded = decode(body.encode(real))
        assert (decoded.encoding, decoded.source) == (real, "detected") and ARTICLE in decoded.text
    french = latin_page("Élève à l'école, très été où garçon déçu. " * 20, "x").replace('<meta charset="x">', "")
    decoded = decode(french.encode("cp1252"))
    assert "Élève à l'école" in decoded.text


def test_meta_label_breaks_ties_between_arabic_encodings():
    # letters common to windows-1256 and ISO-8859-6 at the same byte values only: both decode the same
    body = page("ءآأؤإئابةتثجحخدذرزسشصض " * 10, "iso-8859-6").encode("iso-8859-6")
    assert decode(body, content_type("iso-8859-1")).encoding == "iso-8859-6"


@pytest.mark.parametrize("real", ["utf-8", "windows-1256", "iso-8859-6"])
def test_correctly_labelled_arabic_is_left_alone(real):
    body = page(ARTICLE, real).encode(real)
    decoded = decode(body, content_type(real))
    assert decoded.fix is None and decoded.problem is None and decoded.encoding == real
    assert decoded.source == "header" and ARTICLE in decoded.text


def test_decode_text_reads_arabic_text_files_and_refuses_the_rest():
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "windows-1256", "iso-8859-6"):
        assert decode_text(ARTICLE.encode(encoding), "a.txt") == ARTICLE, encoding
    with pytest.raises(UndecodableText, match=r"^b\.txt: not UTF-8"):
        decode_text("Élève à l'école".encode("cp1252") + bytes(range(0x80, 0xA0)), "b.txt")
    with pytest.raises(UndecodableText, match=r"^d\.txt: not UTF-8 text"):
        decode_text(b"\xff\xfe\x00bad", "d.txt")  # a UTF-16 BOM before bytes that make CJK, not text
    with pytest.raises(UndecodableText, match=r"^c\.txt: binary"):
        decode_text(b"\x00\x01\x02\x03PNG" * 100, "c.txt")


def latin_page(text: str, charset_label: str) -> str:
    return (
        f'<html><head><meta charset="{charset_label}"><title>News</title></head>'
        f'<body><nav><a href="/">Home</a></nav><h1>News</h1><p>{text}</p></body></html>'
    )


def test_latin_text_is_never_turned_into_arabic():
    body = latin_page(ENGLISH, "windows-1252").encode("cp1252")
    decoded = decode(body, content_type("windows-1252"))
    assert decoded.fix is None and decoded.text == body.decode("cp1252")
    french = latin_page("Élève à l'école, très été où garçon déçu. " * 20, "iso-8859-1").encode("latin-1")
    assert decode(french, content_type("iso-8859-1")).fix is None
    assert decode(french).fix is None


def test_mojibake_signatures_on_decoded_text():
    assert mojibake_signature(ARTICLE.encode("utf-8").decode("cp1252", "replace")) == "utf-8 read as latin-1"
    assert mojibake_signature(ARTICLE.encode("windows-1256").decode("latin-1")) == "8-bit arabic read as latin-1"
    assert mojibake_signature(ARTICLE.encode("windows-1256").decode("utf-8", "replace")) == "undecodable bytes"
    assert mojibake_signature(ARTICLE) is None and mojibake_signature(ENGLISH) is None
    assert mojibake_signature("قصير") is None  # too little text to judge


def test_arabic_ratio_counts_letters_only():
    assert arabic_ratio(ARTICLE) > 0.99
    assert arabic_ratio(ENGLISH) == 0.0
    assert arabic_ratio("123 ... !!!") == 0.0
    assert 0.4 < arabic_ratio("بيلاروس Belarus") < 0.6
    assert arabic_ratio("\ufffd" * 5 + "سلام") < 0.5  # undecodable bytes count against


def test_charset_labels_are_read_as_written():
    assert meta_charset(b'<meta charset="Windows-1256">') == "windows-1256"
    assert meta_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-6'>") == "iso-8859-6"
    assert meta_charset(b"<html><p>charset=utf-8</p>") is None
    assert header_charset(b"text/html; charset=ISO-8859-1") == "iso-8859-1"
    assert header_charset("text/html") is None
    assert canonical_name("cp1256") == "windows-1256" and canonical_name("ISO_8859-6") == "iso-8859-6"
    assert canonical_name("no-such-charset") is None


def test_visible_text_drops_markup_and_scripts():
    text = visible_text(page(ARTICLE, "utf-8"))
    assert ARTICLE in text and "analytics" not in text and "charset" not in text


# ---------------------------------------------------------------------- in Scrapy: the downloader middleware


def html_response(url: str, body: bytes, content_type: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=body, headers={"Content-Type": content_type}, request=Request(url))


def test_middleware_repairs_the_demo_qafila_page_and_keeps_the_bytes(demo_server):
    article = demo_server.articles("qafila")[0]
    with urllib.request.urlopen(article.url, timeout=10) as served:
        body, content_type = served.read(), served.headers["Content-Type"]
    response = html_response(article.url, body, content_type)
    assert article.title not in response.text  # what Scrapy alone makes of it
    repaired = EncodingGuardMiddleware().process_response(response.request, response)
    assert repaired.encoding == "windows-1256"
    assert article.title in repaired.text
    assert repaired.body == body  # raw bytes untouched
    assert response.request.meta[ENCODING_FIX_META] == "header iso-8859-1 → windows-1256 (meta)"


def test_middleware_passes_good_pages_through_unchanged(demo_server):
    article = demo_server.articles("sada")[0]
    with urllib.request.urlopen(article.url, timeout=10) as served:
        response = html_response(article.url, served.read(), served.headers["Content-Type"])
    assert EncodingGuardMiddleware().process_response(response.request, response) is response
    assert ENCODING_FIX_META not in response.request.meta


# ---------------------------------------------------------------------- `corpus clean` of .txt files


def test_corpus_clean_reads_legacy_arabic_text_and_refuses_what_it_cannot_decode(tmp_path):
    from corpus.cleanfiles import clean_files

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "legacy.txt").write_bytes(ARTICLE.encode("windows-1256"))
    (tmp_path / "in" / "garbage.txt").write_bytes("Élève à l'école, très été où garçon déçu. ".encode("cp1252") * 20)
    results = {r.source.name: r for r in clean_files([tmp_path / "in"], tmp_path / "out")}
    assert results["legacy.txt"].error is None
    assert (tmp_path / "out" / "legacy.txt").read_text(encoding="utf-8") == results["legacy.txt"].document.text
    assert "وزير الدفاع الروسي" in results["legacy.txt"].document.text
    assert results["garbage.txt"].error.startswith("not UTF-8 text")
    assert not (tmp_path / "out" / "garbage.txt").exists()


def test_corpus_clean_refuses_two_inputs_that_would_write_the_same_file(tmp_path):
    from click.testing import CliRunner

    from corpus.cli import cli

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["clean", str(tmp_path / "a"), str(tmp_path / "b" / "x.txt"), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {out / 'x.txt'}: two inputs would write it ({tmp_path / 'a' / 'x.txt'} "
        f"and {tmp_path / 'b' / 'x.txt'}); clean them into separate --out folders"
    )
    assert not out.exists()  # refused before anything was written

    # the same file named twice (itself and through its folder) is one input, not a clash
    result = CliRunner().invoke(cli, ["clean", str(tmp_path / "a"), str(tmp_path / "a" / "x.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "x.txt").read_text(encoding="utf-8").startswith(ARTICLE.split("\n")[0][:10])


# --------------------------------------------------------------------------- the counts a decoding is judged by

_COUNTED = st.text(
    st.sampled_from(list("الب ـx_1-\n،") + ["\ufffd", "é", "ۀ", "٣", "ـ", "\u06fd", "\u06fe", "\u06ff"]), max_size=40
)


@settings(max_examples=400, deadline=None)
@given(_COUNTED)
def test_fast_letter_and_article_counts_equal_the_plain_definitions(text):
    """The counts are written for speed (letter runs, a literal-first article pattern); they must count
    exactly what the plain definitions count."""
    assert decode_module.arabic_letters(text) == len(decode_module.ARABIC_LETTER.findall(text))
    assert len(decode_module.DEFINITE_ARTICLE.findall(text)) == len(re.findall(r"(?:^|\W)ال\w", text))
    assert decode_module.letters(text) == sum(1 for ch in text if ch.isalpha() or ch == "\ufffd")
    assert decode_module.letter_counts(text) == (decode_module.letters(text), decode_module.arabic_letters(text))


def test_the_arabic_class_holds_no_other_non_letters():
    """letter_counts takes every ARABIC_LETTER character for a letter except the ones it names."""
    in_class = [chr(cp) for cp in range(0x0600, 0x0700) if decode_module.ARABIC_LETTER.match(chr(cp))]
    assert [ch for ch in in_class if not ch.isalpha()] == list(decode_module._ARABIC_NOT_ALPHA)
