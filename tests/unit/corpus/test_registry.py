"""The outlet registry: the bundled entries are complete, the demo outlets live in their own file next to
the demo, and a broken entry fails in one clear line."""

from __future__ import annotations

import re

import pytest

from corpus.demo.registry import DEMO_REGISTRY_PATH, registry_files
from corpus.registry import REGISTRY_PATH, Outlet, RegistryError, load_registry

SEED_OUTLETS = {
    "rt_arabic": "arabic.rt.com",
    "al_thabat": None,
    "assabah": "assabah.com.tn",
    "mojaz_news": None,
    "elwatan_news": "elwatannews.com",
}
DEMO_OUTLETS = ["demo_sada", "demo_manara", "demo_qafila", "demo_mawja"]


@pytest.fixture(scope="module")
def registry():
    """What the `corpus` commands load: the production outlets and the demo ones."""
    return load_registry(registry_files())


def write_registry(tmp_path, text: str):
    path = tmp_path / "outlets.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_ENTRY = """
[example]
display_name = "مثال"
domains = ["example.com"]
feeds = ["https://example.com/feed/"]
article_pattern = '^/news/\\d+$'
"""


# ---------------------------------------------------------------------- the bundled registry


def test_every_entry_has_the_required_fields(registry):
    assert len(registry) >= 4 + 6 + 4
    for name, outlet in registry.items():
        assert isinstance(outlet, Outlet) and outlet.name == name
        assert outlet.display_name and outlet.article_pattern
        assert outlet.sitemaps or outlet.feeds or outlet.sections, name
        if not outlet.demo:
            assert outlet.domains, name
            for url in (*outlet.sitemaps, *outlet.feeds, *outlet.sections):
                assert url.startswith(("https://", "http://")), (name, url)
            for url in outlet.sections:  # section pages are on the outlet's own site
                assert outlet.owns(url), (name, url)


def test_seed_outlets_and_at_least_six_other_real_outlets_are_there(registry):
    for name, domain in SEED_OUTLETS.items():
        assert name in registry
        if domain:
            assert domain in registry[name].domains
    assert "https://www.assabah.com.tn/rss-feed.xml" in registry["assabah"].feeds
    others = [n for n, o in registry.items() if not o.demo and n not in SEED_OUTLETS]
    assert len(others) >= 6


def test_demo_outlets_have_relative_entry_points_and_need_a_base_url(registry):
    for name in DEMO_OUTLETS:
        outlet = registry[name]
        assert outlet.demo and not outlet.domains
        assert all(u.startswith("/") for u in (*outlet.sitemaps, *outlet.feeds, *outlet.sections))
        with pytest.raises(ValueError, match="base URL"):
            outlet.entry_points()


def test_the_production_registry_has_no_demo_outlets_and_the_demo_file_only_demo_ones():
    production, demo = load_registry(), load_registry(DEMO_REGISTRY_PATH)
    assert production == load_registry(REGISTRY_PATH) and not [o for o in production.values() if o.demo]
    assert sorted(demo) == sorted(DEMO_OUTLETS) and all(o.demo for o in demo.values())
    assert DEMO_REGISTRY_PATH.parent.name == "demo" and DEMO_REGISTRY_PATH.parent == REGISTRY_PATH.parent / "demo"
    assert load_registry(registry_files()) == {**production, **demo}
    assert registry_files(DEMO_REGISTRY_PATH) == (DEMO_REGISTRY_PATH,)  # --registry FILE: that file alone


def test_an_outlet_in_two_files_is_refused_naming_both(tmp_path):
    first = write_registry(tmp_path, GOOD_ENTRY)
    second = tmp_path / "more.toml"
    second.write_text(GOOD_ENTRY, encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry([first, second])
    assert str(caught.value) == f"{second}: [example]: already defined in {first}"


def test_unverified_entry_points_are_marked():
    text = REGISTRY_PATH.read_text(encoding="utf-8")
    assert text.count("# unverified offline") >= 10


def test_real_article_urls_are_recognised(registry):
    cases = {
        "rt_arabic": ("https://arabic.rt.com/world/1567890-روسيا-وبيلاروس/", "https://arabic.rt.com/world/"),
        "assabah": (
            "http://www.assabah.com.tn/article/164913/%D8%A7%D9%84%D9%86",
            "https://www.assabah.com.tn/sections/x",
        ),
        "aljazeera": ("https://www.aljazeera.net/news/2024/5/24/slug", "https://www.aljazeera.net/news/"),
        "bbc_arabic": ("https://www.bbc.com/arabic/articles/c4nn1234abco", "https://www.bbc.com/arabic/topics/c1"),
        "dw_arabic": ("https://www.dw.com/ar/slug/a-69123456", "https://www.dw.com/ar/"),
        "sputnik_arabic": (
            "https://arabic.sputniknews.com/arab_world/202003171044893040-slug/",
            "https://sputnikarabic.ae/",
        ),
        "hespress": ("https://www.hespress.com/slug-1234567.html", "https://www.hespress.com/politique"),
        "alquds_alarabi": ("https://www.alquds.co.uk/some-slug/", "https://www.alquds.co.uk/category/news/"),
    }
    for name, (article, listing) in cases.items():
        assert registry[name].is_article_url(article), (name, article)
        assert not registry[name].is_article_url(listing), (name, listing)
    assert not registry["rt_arabic"].is_article_url("https://example.com/world/1567890-x/")  # not its domain


# ---------------------------------------------------------------------- Outlet behaviour


def test_demo_outlet_with_base_url_owns_exactly_that_host_and_port(registry):
    sada = registry["demo_sada"].with_base_url("http://127.0.0.1:8001/")
    assert sada.entry_points()[0] == ("sitemap", "http://127.0.0.1:8001/sitemap.xml")
    assert sada.owns("http://127.0.0.1:8001/news/world/")
    assert not sada.owns("http://127.0.0.1:8002/news/world/")
    assert not sada.owns("http://localhost:8001/")
    assert sada.is_article_url("http://127.0.0.1:8001/news/world/9000-belousov-minsk/")
    assert sada.is_article_url("http://127.0.0.1:8001/news/9000")  # old URL: redirects to the canonical one
    for listing in (
        "/",
        "/news/world/",
        "/news/world/?page=2",
        "/tags/مينسك/",
        "/authors/x/",
        "/private/x",
        "/rss.xml",
    ):
        assert not sada.is_article_url("http://127.0.0.1:8001" + listing), listing


@pytest.mark.parametrize(
    "name, article, listings",
    [
        ("demo_manara", "/article/2024/05/24/9001", ["/section/world", "/tag/x", "/writer/x"]),
        ("demo_qafila", "/detail.php?id=9003", ["/section.php?cat=world", "/search.php?tag=x", "/author.php?name=x"]),
        ("demo_mawja", "/world/9004.html", ["/category/world/", "/tag/x/", "/author/x/", "/feed/"]),
    ],
)
def test_demo_article_patterns(registry, name, article, listings):
    outlet = registry[name].with_base_url("http://127.0.0.1:9000")
    assert outlet.is_article_url("http://127.0.0.1:9000" + article)
    for listing in listings:
        assert not outlet.is_article_url("http://127.0.0.1:9000" + listing), listing


def test_subdomains_are_owned_but_lookalikes_are_not(registry):
    bbc = registry["bbc_arabic"]
    assert bbc.owns("https://www.bbc.com/arabic") and bbc.owns("https://bbc.co.uk/x")
    assert not bbc.owns("https://notbbc.com/arabic") and not bbc.owns("ftp://www.bbc.com/arabic")


def test_page_url_follows_the_pagination_hint():
    outlet = Outlet(name="x", display_name="x", article_pattern="^/a/", domains=("x.com",), pagination="?page={n}")
    assert outlet.page_url("https://x.com/world/", 2) == "https://x.com/world/?page=2"
    assert outlet.page_url("https://x.com/s.php?cat=1", 3) == "https://x.com/s.php?cat=1&page=3"
    wordpress = Outlet(name="y", display_name="y", article_pattern="^/a/", domains=("y.com",), pagination="page/{n}/")
    assert wordpress.page_url("https://y.com/category/world", 2) == "https://y.com/category/world/page/2/"
    assert (
        Outlet(name="z", display_name="z", article_pattern="^/", domains=("z.com",)).page_url("https://z.com/", 2)
        is None
    )


def test_cleaning_options_are_the_cleaners_outlet_dict_and_a_copy(registry):
    options = registry["rt_arabic"].cleaning_options()
    assert options["name"] == "rt_arabic" and options["display_name"] == "RT Arabic"
    assert "RT" in options["extra_markers"]["agencies"]["names"]
    options["extra_markers"]["agencies"]["names"].append("changed")
    assert "changed" not in registry["rt_arabic"].cleaning_options()["extra_markers"]["agencies"]["names"]
    assert registry["demo_manara"].cleaning_options() == {"name": "demo_manara", "display_name": "المنارة"}


def test_politeness_is_read(registry):
    assert registry["rt_arabic"].download_delay == 1.0 and registry["rt_arabic"].concurrency == 4
    assert registry["demo_sada"].download_delay is None


# ---------------------------------------------------------------------- loading and validation


def test_load_is_cached_but_an_edited_file_is_read_again(tmp_path):
    path = write_registry(tmp_path, GOOD_ENTRY)
    first = load_registry(path)
    assert load_registry(path) == first and load_registry(path) is not first  # a copy each time
    path.write_text(GOOD_ENTRY.replace("مثال", "مثال آخر ومختلف"), encoding="utf-8")
    assert load_registry(path)["example"].display_name == "مثال آخر ومختلف"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace('display_name = "مثال"\n', ""), "missing required field 'display_name'"),
        (lambda t: t.replace("domains", "domain"), "unknown field 'domain'"),
        (lambda t: t.replace('domains = ["example.com"]', "domains = []"), "missing required field 'domains'"),
        (lambda t: t.replace("'^/news/\\d+$'", "'^/news/(\\d+$'"), "article_pattern is not a valid regex"),
        (
            lambda t: t.replace('feeds = ["https://example.com/feed/"]', 'feeds = ["/feed/"]'),
            "not an absolute http(s) URL",
        ),
        (lambda t: t.replace('feeds = ["https://example.com/feed/"]', ""), "needs at least one entry point"),
        (
            lambda t: t.replace('feeds = ["https://example.com/feed/"]', 'feeds = "https://example.com/feed/"'),
            "field 'feeds' must be a list",
        ),
        (lambda t: t + "[example.politeness]\ndelay = 2\n", "unknown field 'politeness.delay'"),
        (lambda t: t + "[example.cleaning]\ntitle_suffix = ['x']\n", "unknown field 'cleaning.title_suffix'"),
        (lambda t: t + 'pagination = "?page=2"\n', "pagination must contain {n}"),
        (lambda t: t.replace("[example]", "[Bad-Name]"), "outlet names are lower-case"),
        (lambda t: t + "demo = true\n", "a demo outlet owns no domains"),
        (lambda t: t.replace('domains = ["example.com"]', 'domains = ["https://example.com/"]'), "bare host names"),
        (
            lambda t: t + "[example.cleaning]\ndrop_selectors = ['div.teaser[']\n",
            "'div.teaser[' is not a valid CSS selector",
        ),
        (lambda t: t + "[example.cleaning]\ndrop_selectors = ['//div[@class=']\n", "is not a valid XPath"),
        (lambda t: t + 'verified = "last week"\n', "verified must be a date"),
    ],
)
def test_a_broken_entry_fails_in_one_line_naming_file_and_entry(tmp_path, change, message):
    path = write_registry(tmp_path, change(GOOD_ENTRY))
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(str(path.resolve())) and message in text
    assert re.search(r"\[(example|Bad-Name)\]", text)


def test_the_same_outlet_twice_is_refused(tmp_path):
    with pytest.raises(RegistryError) as caught:  # TOML itself refuses a table declared twice
        load_registry(write_registry(tmp_path, GOOD_ENTRY + GOOD_ENTRY))
    assert "\n" not in str(caught.value) and "not valid TOML" in str(caught.value) and "example" in str(caught.value)


def test_valid_selectors_and_a_verified_date_load(tmp_path):
    path = write_registry(
        tmp_path,
        GOOD_ENTRY + 'verified = "2026-12-01"\n[example.cleaning]\n'
        "drop_selectors = ['div.teaser > a', '//aside[@id=\"x\"]']\n",
    )
    outlet = load_registry(path)["example"]
    assert outlet.verified == "2026-12-01" and len(outlet.cleaning["drop_selectors"]) == 2


def test_corpus_outlets_says_which_real_outlets_are_unverified():
    from click.testing import CliRunner

    from corpus.cli import cli

    result = CliRunner().invoke(cli, ["outlets"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert lines["rt_arabic"].endswith("unverified") and lines["demo_sada"].endswith("bundled demo")
    assert {name for name in lines if lines[name].endswith("bundled demo")} == set(DEMO_OUTLETS)
    without_demo = CliRunner().invoke(cli, ["outlets", "--no-demo"])
    assert without_demo.exit_code == 0 and "demo_" not in without_demo.stdout and "rt_arabic" in without_demo.stdout
    assert "real outlet(s) unverified" in result.stderr


def test_invalid_toml_and_missing_file_are_one_line_errors(tmp_path):
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(write_registry(tmp_path, "[x\n"))
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "missing.toml")


def test_demo_entry_points_must_be_relative(tmp_path):
    path = write_registry(
        tmp_path,
        '[d]\ndisplay_name = "د"\ndemo = true\nsitemaps = ["http://x/sitemap.xml"]\narticle_pattern = \'^/a\'\n',
    )
    with pytest.raises(RegistryError, match=r"\[d\]: sitemaps: demo outlets list root-relative paths"):
        load_registry(path)


def test_with_base_url_rejects_non_http(registry):
    with pytest.raises(ValueError, match="not an http"):
        registry["demo_sada"].with_base_url("127.0.0.1:8000")
