"""The inputs the fuzz tests found breaking a cleaner or a loader, kept as quick tests."""

import pytest

import cleaners
from cleaners.rules import rules_for
from corpus.registry import RegistryError, load_registry

PROSE = "قال الوزير إن المحادثات ستستأنف الأسبوع المقبل في العاصمة بعد توقف دام شهرين."


def stage_failures(document) -> list[str]:
    return [r.rule for r in document.removed if r.rule.startswith("stage_failed:")]


@pytest.mark.parametrize("reference", ["&#x0b;", "&#11;", "&#x1F;", "&#65534;", "&#12"])
def test_a_character_reference_to_a_control_character_costs_nothing(reference):
    """lxml makes &#x0b; a vertical tab, then refuses the text node pruning writes back."""
    page = (
        f"<html><body><article><h1>عنوان الخبر</h1><p>{PROSE} نص{reference} تابع</p><p>{PROSE}</p>"
        "<div class='related'>اقرأ أيضاً</div></article></body></html>"
    )
    document = cleaners.clean_html(page)
    assert not stage_failures(document)
    assert "نص" in document.text and "تابع" in document.text


def test_a_comment_after_a_teaser_label_does_not_stop_pruning():
    """'<!' opens a comment; as the label's next sibling it reached a function that reads an element's text."""
    document = cleaners.clean_html(f"<div><p>{PROSE}</p><p>{PROSE}</p><p>اقرأ أيضاً</p><!</div>")
    assert not stage_failures(document)
    assert PROSE in document.text


@pytest.mark.parametrize(
    "extra_markers", ["0", {"rule": [1]}, {"rule": [{"action": "nav", "patterns": ["("]}]}, {"agencies": {"names": 3}}]
)
def test_malformed_cleaning_overrides_raise_value_error(extra_markers):
    with pytest.raises(ValueError):
        rules_for({"name": "x", "extra_markers": extra_markers})


def test_the_registry_refuses_overrides_the_rules_cannot_compile(tmp_path):
    path = tmp_path / "outlets.toml"
    path.write_text(
        '[manara]\ndisplay_name = "المنارة"\narticle_pattern = "^/news/"\ndomains = ["x.com"]\n'
        'sitemaps = ["https://x.com/sitemap.xml"]\n'
        '[manara.cleaning.extra_markers]\nrule = [{name = "x", action = "explode", phrases = ["y"]}]\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match=r"outlets.toml: \[manara\]: cleaning: rule 'x': unknown action 'explode'"):
        load_registry(path)


def test_a_registry_error_about_an_unprintable_name_stays_one_line(tmp_path):
    path = tmp_path / "outlets.toml"
    path.write_text('["a\\nb"]\ndisplay_name = "x"\n', encoding="utf-8")
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    assert "\n" not in str(error.value) and "['a\\nb']" in str(error.value)
