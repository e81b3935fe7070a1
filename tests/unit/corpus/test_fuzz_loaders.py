"""Fuzzing the loaders of data files: the outlet registry (outlets.toml) and the cleaning rules overrides.

A registry either loads or raises RegistryError (one line naming the file and the entry); an outlet it
accepts has cleaning overrides the rules compiler takes. Rules overrides either compile or raise
ValueError. Nothing else escapes. Slow-marked, part of `make test` (see test_fuzz_cleaners.py).
"""

import atexit
import itertools
import shutil
import tempfile
from pathlib import Path

import pytest
from fuzz_inputs import cleaning_tables, fuzz, registry_entries, registry_toml
from hypothesis import strategies as st

import cleaners
from cleaners.rules import Rules, rules_for
from corpus.registry import Outlet, RegistryError, load_registry

pytestmark = pytest.mark.slow
_names = itertools.count()
FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-registry-"))  # a thousand files of a few hundred bytes
atexit.register(shutil.rmtree, FOLDER, True)
PAGE = (
    "<html><body><article><h1>عنوان الخبر</h1><p>"
    + "قال الوزير إن المحادثات ستستأنف قريبا. " * 8
    + "</p><p>اقرأ أيضاً: خبر آخر</p></article></body></html>"
)


@fuzz(1000, st.one_of(registry_entries().map(registry_toml), st.text(max_size=300)))
def test_a_registry_loads_or_is_refused_with_a_registry_error(text):
    path = FOLDER / f"outlets-{next(_names)}.toml"  # a new file each time: the loader caches per file
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        outlets = load_registry(path)
    except RegistryError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        return
    for name, outlet in outlets.items():
        assert isinstance(outlet, Outlet) and outlet.name == name
        assert isinstance(rules_for(outlet.cleaning_options()), Rules)  # accepted overrides compile


@fuzz(500, cleaning_tables())
def test_rules_overrides_compile_or_raise_value_error(cleaning):
    outlet = {"name": "x", "display_name": "المنارة", **cleaning}
    try:
        rules = rules_for(outlet)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(rules, Rules)
    document = cleaners.clean_html(PAGE, outlet=outlet)
    # text, or a named rejection: an override may legitimately drop everything ("drop_selectors = ['*']")
    assert document.paragraphs or document.rejected
