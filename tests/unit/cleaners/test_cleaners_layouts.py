"""Golden tests over the generated layouts (tests/layouts): the development part per layout, the held-out
part only as pass/fail thresholds (its pages are never inspected while rules are tuned)."""

from __future__ import annotations

from statistics import mean

import pytest

import cleaners
from evaluation.extraction import leaked_markers, shingle_prf
from tests.layouts import (
    LAYOUTS,
    UNSEEN2_LAYOUTS,
    UNSEEN3_LAYOUTS,
    UNSEEN4_LAYOUTS,
    UNSEEN5_LAYOUTS,
    UNSEEN_LAYOUTS,
    generated_pages,
    part_of,
)

STRIDE = 3  # every third body per layout keeps CI fast; `make eval` uses them all
MIN_F1 = 0.98
MAX_GAP = 0.01

# The layouts added after the first 18, in the order they were written; the second, third and fourth
# sets by independent testers who never read cleaners/. Every one is held out.
LATER_SETS = {
    "unseen": UNSEEN_LAYOUTS,
    "second": UNSEEN2_LAYOUTS,
    "third": UNSEEN3_LAYOUTS,
    "fourth": UNSEEN4_LAYOUTS,
    "fifth": UNSEEN5_LAYOUTS,
}
SET_OF = {layout.__name__: name for name, layouts in LATER_SETS.items() for layout in layouts}

# layout -> why it misses (a strict xfail, with this test's figures), while one does. A new blind set's
# misses go here when it is added; a layout listed must still fail, one not listed must pass.
KNOWN_MISSES: dict[str, str] = {}


def _scores(part: str):
    scores = []
    for page in generated_pages(part, stride=STRIDE):
        document = cleaners.clean_html(page.html)
        scores.append((page.layout, shingle_prf(document.text, page.gold)[2], leaked_markers(document.text)))
    return scores


@pytest.fixture(scope="module")
def dev_scores():
    return _scores("dev")


@pytest.fixture(scope="module")
def heldout_scores():
    return _scores("heldout")


def test_split_is_every_third_layout_and_at_least_a_third():
    held = [layout.__name__ for position, layout in enumerate(LAYOUTS) if part_of(position) == "heldout"]
    assert len(held) * 3 >= len(LAYOUTS)
    assert [part_of(i) for i in range(6)] == ["dev", "dev", "heldout", "dev", "dev", "heldout"]
    assert all(part_of(LAYOUTS.index(layout)) == "heldout" for layout in UNSEEN_LAYOUTS)


@pytest.mark.parametrize("layout", [fn.__name__ for i, fn in enumerate(LAYOUTS) if part_of(i) == "dev"])
def test_dev_layout_f1_and_no_leaks(dev_scores, layout):
    mine = [(f1, leaks) for name, f1, leaks in dev_scores if name == layout]
    assert mine and mean(f1 for f1, _ in mine) >= MIN_F1
    assert sum(1 for _, leaks in mine if leaks) == 0


def _assert_thresholds(dev_scores, heldout_scores):
    heldout_f1 = mean(f1 for _, f1, _ in heldout_scores)
    assert heldout_f1 >= MIN_F1
    assert sum(1 for *_, leaks in heldout_scores if leaks) == 0
    assert abs(mean(f1 for _, f1, _ in dev_scores) - heldout_f1) < MAX_GAP


def test_later_sets_are_held_out():
    assert all(part_of(LAYOUTS.index(layout)) == "heldout" for layouts in LATER_SETS.values() for layout in layouts)
    assert all(len(LATER_SETS[name]) >= 10 for name in ("third", "fourth", "fifth"))
    assert set(KNOWN_MISSES) <= set(SET_OF)


@pytest.mark.parametrize("through", [None, *LATER_SETS])
def test_heldout_thresholds(dev_scores, heldout_scores, through):
    """The held-out third of the first 18 layouts, then with each later set added in turn."""
    included = list(LATER_SETS)[: list(LATER_SETS).index(through) + 1] if through else []
    _assert_thresholds(dev_scores, [s for s in heldout_scores if SET_OF.get(s[0], None) in [None, *included]])


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[name]))
        if name in KNOWN_MISSES
        else name
        for name in sorted(SET_OF)
        if SET_OF[name] != "unseen"
    ],
)
def test_blind_set_layout_f1_and_no_leaks(heldout_scores, layout):
    """Each layout of the blind testers' sets on its own: leaks count only lines the rules file flags, so
    wording the lexicon lacks shows up as lost precision, not as a leak."""
    mine = [(f1, leaks) for name, f1, leaks in heldout_scores if name == layout]
    assert mine and mean(f1 for f1, _ in mine) >= MIN_F1
    assert sum(1 for _, leaks in mine if leaks) == 0
