"""Golden tests over the generated layouts (tests/layouts): the development part per layout, the held-out
part only as pass/fail thresholds (its pages are never inspected while rules are tuned)."""
from __future__ import annotations

from statistics import mean

import pytest

import cleaners
from corpus.evaluate import leaked_markers, shingle_prf
from tests.layouts import LAYOUTS, generated_pages, part_of

STRIDE = 3  # every third body per layout keeps CI fast; `make eval` uses them all
MIN_F1 = 0.98
MAX_GAP = 0.01


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


@pytest.mark.parametrize("layout", [l.__name__ for i, l in enumerate(LAYOUTS) if part_of(i) == "dev"])
def test_dev_layout_f1_and_no_leaks(dev_scores, layout):
    mine = [(f1, leaks) for name, f1, leaks in dev_scores if name == layout]
    assert mine and mean(f1 for f1, _ in mine) >= MIN_F1
    assert sum(1 for _, leaks in mine if leaks) == 0


def test_heldout_thresholds(dev_scores, heldout_scores):
    heldout_f1 = mean(f1 for _, f1, _ in heldout_scores)
    assert heldout_f1 >= MIN_F1
    assert sum(1 for *_, leaks in heldout_scores if leaks) == 0
    assert abs(mean(f1 for _, f1, _ in dev_scores) - heldout_f1) < MAX_GAP
