"""`make bench`: speed of cleaning relative to trafilatura, measured side by side in one run.

Ratios (median of repeated passes over the same pages, in CPU time of this process, lower is faster):
  ours / extract     our clean_html (text + metadata) vs trafilatura.extract (text only)
  bare_meta / extract trafilatura.bare_extraction(with_metadata=True) vs trafilatura.extract
Pages: the real public pages (../shared/eval/public, skipped when absent) and the demo pages.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from statistics import median

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # evaluation/ is not installed with the package

import cleaners  # noqa: E402
from cleaners.normalize import clear_normalize_cache  # noqa: E402
from evaluation.extraction import PUBLIC, demo_cases, public_cases  # noqa: E402


def _fresh_clean(page: bytes) -> object:
    """Our cleaning with remembered text foldings forgotten first: every pass times each page as new
    (a crawl meets each page once; only repeats inside a page may be reused)."""
    clear_normalize_cache()
    return cleaners.clean_html(page)


def measure(pages: list[bytes], repeats: int) -> dict[str, float]:
    """Median CPU seconds per pass for each system. The systems take turns on every page (not pass by
    pass) and the clock is this process's CPU time, so other work on the machine - which slows whole
    passes unevenly - hits them alike."""
    systems = {
        "extract": lambda page: trafilatura.extract(page),
        "bare_meta": lambda page: trafilatura.bare_extraction(page, with_metadata=True),
        "ours": _fresh_clean,
    }
    for page in pages:  # warm-up: imports, regex compilation, caches
        for run in systems.values():
            run(page)
    times: dict[str, list[float]] = {name: [] for name in systems}
    clock = time.process_time
    for _ in range(repeats):
        spent = dict.fromkeys(systems, 0.0)
        for page in pages:
            for name, run in systems.items():
                start = clock()
                run(page)
                spent[name] += clock() - start
        for name, seconds in spent.items():
            times[name].append(seconds)
    return {name: median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    sets: dict[str, list[bytes]] = {}
    if PUBLIC.exists():
        sets["public"] = [case.source for case in public_cases()]
    else:
        print(f"skipped public: {PUBLIC} not found")
    try:
        sets["demo"] = [case.source for case in demo_cases()]
    except ImportError as exc:
        print(f"skipped demo: corpus.demo not available ({exc})")
    print(f"{'pages':<8} {'n':>3} {'extract cpu ms/page':>20} {'ours/extract':>13} {'bare_meta/extract':>18}")
    for name, pages in sets.items():
        if not pages:
            continue
        seconds = measure(pages, args.repeats)
        per_page = seconds["extract"] / len(pages) * 1000
        print(
            f"{name:<8} {len(pages):>3} {per_page:>20.1f} {seconds['ours'] / seconds['extract']:>13.2f} "
            f"{seconds['bare_meta'] / seconds['extract']:>18.2f}"
        )
    print(f"median of {args.repeats} passes; ratios < 1 are faster than trafilatura.extract")
    return 0


if __name__ == "__main__":
    sys.exit(main())
