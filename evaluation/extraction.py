"""`make eval`: one table of extraction quality per dataset and system, the systems side by side.

Datasets: the seed files through the text stage (../shared/seeds raw -> gold), the real public pages
(../shared/eval/public html -> gold), the bundled demo pages (rendered by corpus.demo, gold in
tests/gold/demo) and the generated layouts (tests/layouts: the gold bodies rendered into many page
structures, split into a development part and a held-out part by the fixed rule in
tests/layouts/render.py: every third of the first 18, and every layout added after them, the sets
written by blind testers included, is held out). The ../shared sets are skipped with a message when
absent (a user's clone has none); with CI=true their absence is an error.
Systems: ours (cleaners), trafilatura `bare_extraction` (title + text), readability-lxml (short title +
summary) and jusText (Arabic stoplist, the page's <h1> in front). Peers get the page bytes as served
(readability-lxml, which fails on bytes, the text our decoder made of them).
Measures: word 4-gram shingle precision/recall/F1 (the article-extraction-benchmark measure: multisets
of 4-grams over whitespace tokens), leaked markers (output lines the rules file flags as boilerplate)
and leaking pages (pages with at least one), and pages with foreign lines: output lines the gold does not
hold, whatever their wording (the rules file only knows its own lexicon, so boilerplate worded
differently on an unseen outlet leaks without a marker). The dev - held-out F1 gap of ours is the
overfitting meter.
"""

from __future__ import annotations

import argparse
import os
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


def _shared_dir() -> Path:
    """../shared next to the checkout (a git worktree sits one level deeper: ../../shared)."""
    for candidate in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared"


SHARED = _shared_dir()
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
    foreign: int = 0


def shingles(text: str, size: int = SHINGLE) -> Counter:
    words = text.split()
    return Counter(tuple(words[i : i + size]) for i in range(max(0, len(words) - size + 1)))


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


def foreign_lines(output: str, gold: str) -> int:
    """Output lines the gold does not hold: a line of two words or more whose word pairs are mostly
    absent from the gold, or a one-word line whose word is. Wording-blind, unlike leaked_markers."""
    gold_words = gold.split()
    gold_pairs = set(zip(gold_words, gold_words[1:]))
    vocabulary = set(gold_words)
    count = 0
    for line in output.split("\n"):
        words = line.split()
        if len(words) == 1:
            count += words[0] not in vocabulary
        elif words:
            pairs = list(zip(words, words[1:]))
            count += 2 * sum(pair in gold_pairs for pair in pairs) < len(pairs)
    return count


def score(output: str, gold: str) -> Score:
    return Score(*shingle_prf(output, gold), leaks=leaked_markers(output), foreign=foreign_lines(output, gold))


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
    """Every demo article rendered as its outlet serves it (no sockets), against its gold in tests/gold/demo
    plus the outlet's house line: a cleaner sees one page and must keep it; learned boilerplate removes it."""
    from corpus.demo.gold import page_gold_text
    from corpus.demo.server import DemoServer  # lazy: the demo package may not exist in every checkout

    server = DemoServer()
    for site, outlet in server.outlets.items():
        for article in outlet.articles():
            gold = gold_root / site / f"{article.id}.txt"
            if not gold.exists():
                continue
            response = outlet.respond(outlet.article_path(article), {})
            if response.status == 200:
                yield Case("demo", f"{site}/{article.id}", "html", response.body, page_gold_text(outlet.site, article))


def layout_cases(part: str, stride: int = 1) -> Iterator[Case]:
    """The generated layout pages of one part ("dev" or "heldout"); the name is "<layout>/<body>"."""
    if str(ROOT) not in sys.path:  # tests/layouts is not installed with the package
        sys.path.insert(0, str(ROOT))
    from tests.layouts import generated_pages

    for page in generated_pages(part, stride=stride):
        yield Case(f"layouts-{part}", f"{page.layout}/{page.body_id}", "html", page.html, page.gold)


# --------------------------------------------------------------------------- systems


def ours(case: Case) -> str:
    document = cleaners.clean_text(case.source) if case.kind == "text" else cleaners.clean_html(case.source)
    return document.text


def _raw_text(case: Case) -> str | None:
    """Text input has no peer equivalent: the peers pass it through as is."""
    if case.kind != "text":
        return None
    return case.source if isinstance(case.source, str) else case.source.decode("utf-8", "replace")


def _joined(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


def _trafilatura(case: Case) -> str:
    import trafilatura

    raw = _raw_text(case)
    if raw is not None:
        return raw
    result = trafilatura.bare_extraction(case.source, with_metadata=True)
    return _joined(getattr(result, "title", None), getattr(result, "text", None)) if result is not None else ""


_BLOCK_TAGS = (
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "tr",
    "br",
    "blockquote",
    "article",
    "section",
    "pre",
    "dd",
    "dt",
    "figcaption",
)


def _html_to_lines(fragment: str) -> str:
    import lxml.html

    if not fragment.strip():
        return ""
    tree = lxml.html.fromstring(fragment)
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return "\n".join(line.strip() for line in tree.text_content().split("\n") if line.strip())


def _readability(case: Case) -> str:
    from readability import Document as ReadabilityDocument

    raw = _raw_text(case)
    if raw is not None:
        return raw
    from cleaners.html_stage import decode_html  # readability-lxml 0.8 fails on bytes: same decoder as ours

    document = ReadabilityDocument(decode_html(case.source))
    return _joined(document.short_title(), _html_to_lines(document.summary(html_partial=True)))


def _first_h1(source: bytes | str) -> str | None:
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(source)
    except Exception:
        return None
    h1 = next(tree.iter("h1"), None)
    return " ".join(h1.text_content().split()) if h1 is not None else None


def _justext(case: Case) -> str:
    import justext

    raw = _raw_text(case)
    if raw is not None:
        return raw
    paragraphs = justext.justext(case.source, justext.get_stoplist("Arabic"))
    return _joined(_first_h1(case.source), *(p.text for p in paragraphs if not p.is_boilerplate))


SYSTEMS: dict[str, Callable[[Case], str]] = {
    "ours": ours,
    "trafilatura": _trafilatura,
    "readability": _readability,
    "justext": _justext,
}


# --------------------------------------------------------------------------- report


def load_datasets(messages: list[str], stride: int = 1) -> dict[str, list[Case]]:
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
    try:
        for part in ("dev", "heldout"):
            datasets[f"layouts-{part}"] = list(layout_cases(part, stride))
    except ImportError as exc:
        messages.append(f"skipped layouts: tests/layouts not available ({exc})")
    return datasets


@dataclass
class Summary:
    n: int
    precision: float
    recall: float
    f1: float
    leaks: int
    leaking_pages: int
    foreign_pages: int


def run_system(run: Callable[[Case], str], case: Case) -> str:
    try:
        return run(case)
    except Exception as exc:  # a crashing system scores zero, the report goes on
        print(f"{run.__name__} failed on {case.name}: {exc!r}", file=sys.stderr)
        return ""


def summarize(scores: list[Score]) -> Summary:
    return Summary(
        len(scores),
        mean(s.precision for s in scores),
        mean(s.recall for s in scores),
        mean(s.f1 for s in scores),
        sum(s.leaks for s in scores),
        sum(1 for s in scores if s.leaks),
        sum(1 for s in scores if s.foreign),
    )


def evaluate(
    datasets: dict[str, list[Case]],
    systems: dict[str, Callable[[Case], str]] = SYSTEMS,
    per_file: set[str] = frozenset(),
    by_layout: set[str] = frozenset(),
) -> tuple[dict, list[str]]:
    """{(dataset, system): Summary} and the per-file / per-layout rows asked for."""
    summaries: dict[tuple[str, str], Summary] = {}
    rows: list[str] = []
    for dataset, cases in datasets.items():
        for system, run in systems.items():
            scores = [score(run_system(run, case), case.gold) for case in cases]
            summaries[(dataset, system)] = summarize(scores)
            if dataset in per_file:
                rows += [
                    f"{dataset:<15} {case.name[:40]:<40} {system:<12} {s.precision:6.3f} {s.recall:6.3f} "
                    f"{s.f1:6.3f} {s.leaks:5d} {'':>9} {s.foreign:4d}"
                    for case, s in zip(cases, scores)
                ]
            if dataset in by_layout:
                groups: dict[str, list[Score]] = {}
                for case, s in zip(cases, scores):
                    groups.setdefault(case.name.split("/")[0], []).append(s)
                for layout, group in groups.items():
                    m = summarize(group)
                    rows.append(
                        f"{dataset:<15} {layout[:40]:<40} {system:<12} {m.precision:6.3f} {m.recall:6.3f} "
                        f"{m.f1:6.3f} {m.leaks:5d} {m.leaking_pages:>4d}/{m.n:<4d} {m.foreign_pages:4d}"
                    )
    return summaries, rows


def table(summaries: dict, systems=tuple(SYSTEMS)) -> list[str]:
    """One line per dataset: F1, leaking and foreign-line pages of every system side by side."""
    datasets = list(dict.fromkeys(d for d, _ in summaries))
    header = f"{'dataset':<16}{'pages':>6}  " + "  ".join(
        f"{s + ' F1':>15} {'leak pg':>7} {'frgn pg':>7}" for s in systems
    )
    lines = [header, "-" * len(header)]
    for dataset in datasets:
        cells = []
        for system in systems:
            m = summaries[(dataset, system)]
            cells.append(f"{m.f1:>15.3f} {m.leaking_pages:>7d} {m.foreign_pages:>7d}")
        lines.append(f"{dataset:<16}{summaries[(dataset, systems[0])].n:>6}  " + "  ".join(cells))
    if ("layouts-dev", "ours") in summaries and ("layouts-heldout", "ours") in summaries:
        gap = summaries[("layouts-dev", "ours")].f1 - summaries[("layouts-heldout", "ours")].f1
        lines.append(f"overfitting meter (ours, layouts F1 dev - held-out): {gap:+.4f} (keep |gap| < 0.01)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-file", default="seeds,public", help="datasets with one row per file")
    parser.add_argument("--by-layout", default="", help="datasets with one row per layout (layouts-dev)")
    parser.add_argument("--stride", type=int, default=1, help="use every n-th body per layout (faster)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ",".join(SYSTEMS))
    args = parser.parse_args(argv)
    messages: list[str] = []
    datasets = load_datasets(messages, args.stride)
    if os.environ.get("CI") == "true" and any(m.startswith(("skipped seeds", "skipped public")) for m in messages):
        print("; ".join(m for m in messages if m.startswith("skipped")), file=sys.stderr)
        return 1
    systems = {name: SYSTEMS[name] for name in args.systems.split(",")}
    summaries, rows = evaluate(datasets, systems, set(args.per_file.split(",")), set(args.by_layout.split(",")))
    if rows:
        print(
            f"{'dataset':<15} {'file / layout':<40} {'system':<12} {'P':>6} {'R':>6} {'F1':>6} {'leaks':>5} {'leak pg/n':>9} {'frgn':>4}"
        )
        print("\n".join(rows))
        print()
    print("\n".join(table(summaries, tuple(systems))))
    for message in messages:
        print(message)
    print(
        "F1 = mean word 4-gram shingle F1; leak pg = pages with an output line a boilerplate rule of "
        "cleaners/rules/ar.toml flags; frgn pg = pages with an output line the gold does not hold (any wording)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
