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
    UNSEEN_LAYOUTS,
    generated_pages,
    part_of,
)

STRIDE = 3  # every third body per layout keeps CI fast; `make eval` uses them all
MIN_F1 = 0.98
MAX_GAP = 0.01
UNSEEN4_NAMES = {layout.__name__ for layout in UNSEEN4_LAYOUTS}  # the fourth set: own tests, end of file


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
def all_heldout_scores():
    return _scores("heldout")


@pytest.fixture(scope="module")
def heldout_scores(all_heldout_scores):
    """Held-out scores without the fourth unseen set, so the tests written before it keep their meaning."""
    return [s for s in all_heldout_scores if s[0] not in UNSEEN4_NAMES]


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


UNSEEN_NAMES = {layout.__name__ for layout in UNSEEN_LAYOUTS}
UNSEEN2_NAMES = {layout.__name__ for layout in UNSEEN2_LAYOUTS}  # the second set has its own tests below
UNSEEN3_NAMES = {layout.__name__ for layout in UNSEEN3_LAYOUTS}  # so has the third (end of this file)


def test_heldout_thresholds_first_split(dev_scores, heldout_scores):
    """The held-out third of the first 18 layouts."""
    _assert_thresholds(
        dev_scores, [s for s in heldout_scores if s[0] not in UNSEEN_NAMES | UNSEEN2_NAMES | UNSEEN3_NAMES]
    )


def test_heldout_thresholds_with_unseen_layouts(dev_scores, heldout_scores):
    """Every held-out layout, the ones added later (tests/layouts/unseen.py) included."""
    _assert_thresholds(dev_scores, [s for s in heldout_scores if s[0] not in UNSEEN2_NAMES | UNSEEN3_NAMES])


# The second unseen set (tests/layouts/unseen2.py), written by an independent tester: every layout must pass
# on its own. "leaks" counts only lines the rules file flags, so wording the lexicon lacks shows up as lost
# precision, not as a leak.
SECOND_SET_MISSES: dict[str, str] = {}  # layout -> why it misses (a strict xfail), when one does


def test_second_unseen_set_is_held_out():
    assert len(UNSEEN2_LAYOUTS) >= 8
    assert all(part_of(LAYOUTS.index(layout)) == "heldout" for layout in UNSEEN2_LAYOUTS)


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=SECOND_SET_MISSES[name]))
        if name in SECOND_SET_MISSES
        else name
        for name in sorted(UNSEEN2_NAMES)
    ],
)
def test_second_unseen_layout_f1_and_no_leaks(heldout_scores, layout):
    mine = [(f1, leaks) for name, f1, leaks in heldout_scores if name == layout]
    assert mine and mean(f1 for f1, _ in mine) >= MIN_F1
    assert sum(1 for _, leaks in mine if leaks) == 0


def test_heldout_thresholds_with_second_unseen_set(dev_scores, heldout_scores):
    """Every held-out layout, both unseen sets included (the third set has its own test below)."""
    _assert_thresholds(dev_scores, [s for s in heldout_scores if s[0] not in UNSEEN3_NAMES])


# The third unseen set (tests/layouts/unseen3.py), written by another independent tester. Figures are this
# test's (STRIDE 3: 17 pages a layout), measured on the cleaner as of the commit that added the set. One
# dict to adjust when the cleaner changes: a layout listed here must still fail, one not listed must pass.
THIRD_SET_MISSES: dict[str, str] = {}


def test_third_unseen_set_is_held_out():
    assert len(UNSEEN3_LAYOUTS) >= 10
    assert all(part_of(LAYOUTS.index(layout)) == "heldout" for layout in UNSEEN3_LAYOUTS)
    assert set(THIRD_SET_MISSES) <= UNSEEN3_NAMES


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=THIRD_SET_MISSES[name]))
        if name in THIRD_SET_MISSES
        else name
        for name in sorted(UNSEEN3_NAMES)
    ],
)
def test_third_unseen_layout_f1_and_no_leaks(heldout_scores, layout):
    mine = [(f1, leaks) for name, f1, leaks in heldout_scores if name == layout]
    assert mine and mean(f1 for f1, _ in mine) >= MIN_F1
    assert sum(1 for _, leaks in mine if leaks) == 0


def test_heldout_thresholds_with_third_unseen_set(dev_scores, heldout_scores):
    """Every held-out layout, all three unseen sets included."""
    _assert_thresholds(dev_scores, heldout_scores)


# The fourth unseen set (tests/layouts/unseen4.py), written by another independent tester. Figures are this
# test's (STRIDE 3: 17 pages a layout), measured on the cleaner as of the commit that added the set; peers'
# figures are `make eval`'s (all 51 pages). A layout listed here must still fail, one not listed must pass
# (all five misses the set first showed are fixed: cleaners/next_story.py, side_columns.py, foreign_box.py).
FOURTH_SET_MISSES: dict[str, str] = {}


def test_fourth_unseen_set_is_held_out():
    assert len(UNSEEN4_LAYOUTS) >= 10
    assert all(part_of(LAYOUTS.index(layout)) == "heldout" for layout in UNSEEN4_LAYOUTS)
    assert set(FOURTH_SET_MISSES) <= UNSEEN4_NAMES


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=FOURTH_SET_MISSES[name]))
        if name in FOURTH_SET_MISSES
        else name
        for name in sorted(UNSEEN4_NAMES)
    ],
)
def test_fourth_unseen_layout_f1_and_no_leaks(all_heldout_scores, layout):
    mine = [(f1, leaks) for name, f1, leaks in all_heldout_scores if name == layout]
    assert mine and mean(f1 for f1, _ in mine) >= MIN_F1
    assert sum(1 for _, leaks in mine if leaks) == 0


def test_heldout_thresholds_with_fourth_unseen_set(dev_scores, all_heldout_scores):
    """Every held-out layout, all four unseen sets included."""
    _assert_thresholds(dev_scores, all_heldout_scores)
