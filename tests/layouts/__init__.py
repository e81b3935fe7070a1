"""Generated evaluation pages: gold bodies (seeds, demo gold) rendered into many layouts.

    from tests.layouts import generated_pages
    for page in generated_pages("dev"): ...   # GeneratedPage(part, layout, body_id, html, gold)

The dev/held-out split rule is written in tests/layouts/render.py and applied in `part_of`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tests.layouts.layouts import LAYOUTS as FIRST_LAYOUTS
from tests.layouts.render import Body
from tests.layouts.unseen import UNSEEN_LAYOUTS
from tests.layouts.unseen2 import UNSEEN2_LAYOUTS
from tests.layouts.unseen3 import UNSEEN3_LAYOUTS
from tests.layouts.unseen4 import UNSEEN4_LAYOUTS
from tests.layouts.unseen5 import UNSEEN5_LAYOUTS

LAYOUTS = FIRST_LAYOUTS + UNSEEN_LAYOUTS + UNSEEN2_LAYOUTS + UNSEEN3_LAYOUTS + UNSEEN4_LAYOUTS + UNSEEN5_LAYOUTS

__all__ = [
    "LAYOUTS",
    "FIRST_LAYOUTS",
    "UNSEEN_LAYOUTS",
    "UNSEEN2_LAYOUTS",
    "UNSEEN3_LAYOUTS",
    "UNSEEN4_LAYOUTS",
    "UNSEEN5_LAYOUTS",
    "PARTS",
    "GeneratedPage",
    "bodies",
    "generated_pages",
    "part_of",
]

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIRS = (ROOT / "tests" / "data" / "seeds" / "gold", ROOT / "tests" / "gold" / "demo")
PARTS = ("dev", "heldout")


@dataclass(frozen=True)
class GeneratedPage:
    part: str
    layout: str
    body_id: str
    html: bytes
    gold: str


def part_of(position: int) -> str:
    """The fixed split: of the first 18 layouts every third in declaration order (0-based position % 3 == 2)
    is held out; every layout added after them (tests/layouts/unseen.py, unseen2.py,
    unseen3.py, unseen4.py, unseen5.py) is held out."""
    if position >= len(FIRST_LAYOUTS):
        return "heldout"
    return "heldout" if position % 3 == 2 else "dev"


def bodies() -> list[Body]:
    found = []
    for root in GOLD_DIRS:
        for path in sorted(root.rglob("*.txt")):
            body = Body.from_gold(str(path.relative_to(root).with_suffix("")), path.read_text(encoding="utf-8"))
            if body is not None:
                found.append(body)
    return found


def generated_pages(part: str | None = None, stride: int = 1) -> Iterator[GeneratedPage]:
    """Every body in every layout of `part` (None: both). stride > 1 keeps every stride-th body per
    layout (offset by the layout's position, so all bodies are still used across layouts)."""
    all_bodies = bodies()
    for position, layout in enumerate(LAYOUTS):
        layout_part = part_of(position)
        if part is not None and layout_part != part:
            continue
        for index, body in enumerate(all_bodies):
            if (index + position) % stride:
                continue
            rng = random.Random(f"{layout.__name__}:{body.id}")
            page = layout(body, rng)
            yield GeneratedPage(layout_part, layout.__name__, body.id, page.html, page.gold)
