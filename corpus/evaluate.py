"""`make eval`: one table of extraction quality per dataset and system.

Datasets: the seed files through the text stage (../shared/seeds raw -> gold), the real public pages
(../shared/eval/public html -> gold) and the bundled demo pages (rendered by corpus.demo, gold in
tests/gold/demo). The ../shared sets are skipped with a message when absent (a user's clone has none).
Systems: ours (cleaners), trafilatura `extract` default, trafilatura `extract(favor_precision=True)`.
Measures: word 4-gram shingle precision/recall/F1 (the article-extraction-benchmark measure: multisets
of 4-grams over whitespace tokens) and leaked markers (output lines the rules file flags as boilerplate).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Callable, Iterator

import cleaners
from cleaners.normalize import normalize_for_matching
from cleaners.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
PUBLIC = SHARED / "eval" / "public"
DEMO_GOLD = ROOT / "tests" / "gold" / "demo"
SHINGLE = 4

# Actions whose markers count as a leak when an output line matches them (metadata labels included:
# a "كلمات دلالية: …" line left in the text is a leak too).
LEAK_ACTIONS = ("cut_after", "inline_teaser", "drop_line", "prompt", "footer", "nav", "metadata_label")


@dataclass(frozen=True)
class Case:
    dataset: str
    name: str
    kind: str  # "text" or "html"
    source: bytes | str
    gold: str


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    leaks: int


def shingles(text: str, size: int = SHINGLE) -> Counter:
    words = text.split()
    return Counter(tuple(words[i:i + size]) for i in range(max(0, len(words) - size + 1)))


def shingle_prf(output: str, gold: str) -> tuple[float, float, float]:
    out, ref = shingles(output), shingles(gold)
    common = sum((out & ref).values())
    if not out and not ref:
        return 1.0, 1.0, 1.0
    precision = common / sum(out.values()) if out else 0.0
    recall = common / sum(ref.values()) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def leaked_markers(output: str) -> int:
    """Output lines a boilerplate rule flags (matched on the normalized form, with each rule's own
    line/start/anywhere semantics, so "المصدر" in a body sentence is no leak) plus agency-credit lines."""
    rules = load_rules()
    count = 0
    for line in output.split("\n"):
        norm = normalize_for_matching(line)
        if norm and (rules.first_match(norm, LEAK_ACTIONS) or rules.is_agency_line(norm)):
            count += 1
    return count


def score(output: str, gold: str) -> Score:
    return Score(*shingle_prf(output, gold), leaks=leaked_markers(output))


# --------------------------------------------------------------------------- datasets


def seed_cases(root: Path = SEEDS) -> Iterator[Case]:
    for raw in sorted((root / "raw").glob("*.txt")):
        gold = root / "gold" / raw.name
        if gold.exists():
            yield Case("seeds", raw.stem, "text", raw.read_text(encoding="utf-8"), gold.read_text(encoding="utf-8"))


def public_cases(root: Path = PUBLIC) -> Iterator[Case]:
    for page in sorted((root / "html").glob("*.html")):
        gold = root / "gold" / f"{page.stem}.txt"
        if gold.exists():
            yield Case("public", page.stem, "html", page.read_bytes(), gold.read_text(encoding="utf-8"))


def demo_cases(gold_root: Path = DEMO_GOLD) -> Iterator[Case]:
    """Every demo article rendered as its outlet serves it (no sockets), against tests/gold/demo."""
    from corpus.demo.server import DemoServer  # lazy: the demo package may not exist in every checkout

    server = DemoServer()
    for site, outlet in server.outlets.items():
        for article in outlet.articles():
            gold = gold_root / site / f"{article.id}.txt"
            if not gold.exists():
                continue
            response = outlet.respond(outlet.article_path(article), {})
            if response.status == 200:
                yield Case("demo", f"{site}/{article.id}", "html", response.body, gold.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- systems


def ours(case: Case) -> str:
    document = cleaners.clean_text(case.source) if case.kind == "text" else cleaners.clean_html(case.source)
    return document.text


def _trafilatura(case: Case, **options) -> str:
    import trafilatura

    if case.kind == "text":  # the text stage has no trafilatura equivalent: the raw text as is
        return case.source if isinstance(case.source, str) else case.source.decode("utf-8", "replace")
    return trafilatura.extract(case.source, **options) or ""


SYSTEMS: dict[str, Callable[[Case], str]] = {
    "ours": ours,
    "trafilatura": _trafilatura,
    "trafilatura_precision": lambda case: _trafilatura(case, favor_precision=True),
}


# --------------------------------------------------------------------------- report


def load_datasets(messages: list[str]) -> dict[str, list[Case]]:
    datasets: dict[str, list[Case]] = {}
    for name, loader, where in (("seeds", seed_cases, SEEDS), ("public", public_cases, PUBLIC)):
        cases = list(loader()) if where.exists() else []
        if cases:
            datasets[name] = cases
        else:
            messages.append(f"skipped {name}: {where} not found (it lives outside the repository)")
    try:
        cases = list(demo_cases()) if DEMO_GOLD.exists() else []
    except ImportError as exc:
        cases = []
        messages.append(f"skipped demo: corpus.demo not available ({exc})")
    if cases:
        datasets["demo"] = cases
    elif not any(m.startswith("skipped demo") for m in messages):
        messages.append(f"skipped demo: no demo pages with gold under {DEMO_GOLD}")
    return datasets


def _row(dataset: str, name: str, system: str, s: Score) -> str:
    return f"{dataset:<7} {name:<44} {system:<22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.leaks:6d}"


def report(datasets: dict[str, list[Case]], per_file: set[str]) -> list[str]:
    lines = [f"{'dataset':<7} {'file':<44} {'system':<22} {'P':>6} {'R':>6} {'F1':>6} {'leaks':>6}",
             "-" * 98]
    for dataset, cases in datasets.items():
        means = []
        for system, run in SYSTEMS.items():
            scores = []
            for case in cases:
                try:
                    output = run(case)
                except Exception as exc:  # a crashing system scores zero, the report goes on
                    print(f"{system} failed on {case.name}: {exc!r}", file=sys.stderr)
                    output = ""
                s = score(output, case.gold)
                scores.append(s)
                if dataset in per_file:
                    lines.append(_row(dataset, case.name[:44], system, s))
            means.append(_row(dataset, f"MEAN ({len(cases)} files)", system, Score(
                mean(s.precision for s in scores), mean(s.recall for s in scores),
                mean(s.f1 for s in scores), sum(s.leaks for s in scores))))
        lines += means + ["-" * 98]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-file", default="seeds,public", help="datasets with one row per file")
    args = parser.parse_args(argv)
    messages: list[str] = []
    datasets = load_datasets(messages)
    for line in report(datasets, set(args.per_file.split(","))):
        print(line)
    for message in messages:
        print(message)
    print("leaks = output lines a boilerplate rule of cleaners/rules/ar.toml flags (sum over files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
