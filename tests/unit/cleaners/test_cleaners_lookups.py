"""The element lookups written as walks (cleaners.dom, metadata, body_evidence) find exactly what the
XPath expressions they replace find, in the same order."""

from __future__ import annotations

import lxml.etree

from cleaners import body_evidence, metadata
from cleaners.dom import json_ld_scripts, with_itemprop
from cleaners.html_stage import parse_html

PAGE = """<html><head>
<meta property="og:description" content="وصف أول"><meta name="description" content="وصف ثان">
<meta name="twitter:description" content=""><meta name="description"><meta name="keywords" content="x">
<script type="application/ld+json">{"@type": "NewsArticle"}</script><script>var a = 1;</script>
<script type="application/ld+json ">{}</script><!-- <a rel="author">comment</a> -->
</head><body itemprop="articleBody">
<div itemscope itemprop="author"><span itemprop="name">كاتب</span><b itemprop="name">ثان</b></div>
<a rel="author" href="/a">أ</a><a rel="nofollow author" href="/b">ب</a><a rel="authors" href="/c">ج</a>
<a rel="author" itemprop="author" href="/d">د</a><span rel="author">ليس رابطا</span>
<a rel="tag" href="/t1">وسم</a><a rel="nofollow tag">وسم 2</a><a rel="tag category">قسم</a><a rel="tagged">لا</a>
<time itemprop="datePublished" datetime="2024-03-14">14 مارس 2024</time><p itemprop="datePublished">ثان</p>
<section itemprop="articleBody"><p>نص</p><div itemprop="name">اسم</div></section>
</body></html>"""


def _xpath(expression: str, root):
    return lxml.etree.XPath(expression)(root)


def test_walks_find_what_the_xpaths_found():
    tree = parse_html(PAGE)
    author = "//a[@rel='author' or contains(concat(' ', @rel, ' '), ' author ')]|//*[@itemprop='author']"
    assert list(metadata._author_elements(tree)) == _xpath(author, tree)
    assert len(_xpath(author, tree)) == 4
    tags = "//a[(@rel='tag' or contains(@rel, ' tag')) and not(contains(@rel, 'category'))]"
    assert metadata._tag_links(tree) == _xpath(tags, tree) and len(_xpath(tags, tree)) == 2
    for value in ("datePublished", "articleBody", "author", "name"):
        assert list(with_itemprop(tree, value)) == _xpath(f"//*[@itemprop='{value}']", tree)
    box = _xpath("//*[@itemprop='author']", tree)[0]
    assert list(with_itemprop(box, "name", descendants_only=True)) == _xpath(".//*[@itemprop='name']", box)
    assert json_ld_scripts(tree) == _xpath("//script[@type='application/ld+json']", tree)
    descriptions = _xpath(
        "//meta[@property='og:description' or @name='description' or @name='twitter:description']/@content", tree
    )
    assert descriptions == ["وصف أول", "وصف ثان", ""]
    evidence = body_evidence.read_body_evidence(tree)
    assert evidence.split("\n") == ["وصف اول", "وصف ثان"]  # the empty description is left out, as before
