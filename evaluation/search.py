"""Precision and recall of `corpus search` on a small labelled query set (not a test; the README quotes it).

    python -m evaluation.search      # from the repository root

The corpus: the 49 demo gold articles (tests/gold/demo). The labels: a document is relevant to a
query when one of its words is the query word with or without proclitics, by the grammar written
out below (RELEVANT: و/ف, then ب/ك/ل, then ال, or لل), minus the words a reader knows are another
word (NOT_RELEVANT: لجنة "committee" is not ل + جنة "paradise"). Both the search before clitics
were indexed (the folded word as typed), today's `corpus search` and the word as typed straight into
the index (what `sqlite-utils search` and Datasette's search box do) are scored on the same labels.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from corpus.search import DocumentFilter, search
from corpus.search_index import fold
from corpus.store import open_db, save_document

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "demo"
# What a user types. Bare words (the case issue 14 reports) and a few typed with their article.
QUERIES = [
    "أسعار",
    "مياه",
    "طاقة",
    "إنتاج",
    "منطقة",
    "تعاون",
    "أسواق",
    "جفاف",
    "وزارة",
    "دولة",
    "أطفال",
    "رئيس",
    "موسم",
    "قطاع",
    "منظمة",
    "جنة",
    "الطاقة",
    "الأسواق",
    "المياه",
    "الحكومة",
]
# Words that look like a query word with a proclitic but are another word.
NOT_RELEVANT = {"جنة": {"لجنه", "اللجنه", "للجنه", "واللجنه", "باللجنه"}}


def relevant_pattern(query: str) -> re.Pattern:
    """The query word (folded, its own article set aside) with any proclitics Arabic attaches."""
    word = fold(query)
    word = word[2:] if word.startswith("ال") and len(word) > 4 else word
    return re.compile(rf"(?:[وف])?(?:(?:[بكل])?ال|لل|[بكل])?{re.escape(word)}")


def documents() -> dict[str, str]:
    return {f"{i:016x}": path.read_text(encoding="utf-8") for i, path in enumerate(sorted(GOLD.rglob("*.txt")))}


def relevant(query: str, docs: dict[str, str]) -> set[str]:
    pattern, excluded = relevant_pattern(query), NOT_RELEVANT.get(query, set())
    return {
        doc_id
        for doc_id, text in docs.items()
        if any(pattern.fullmatch(w) and w not in excluded for w in re.findall(r"[^\W_]+", fold(text)))
    }


def evaluate() -> list[dict]:
    docs = documents()
    rows = []
    with tempfile.TemporaryDirectory(prefix="eval-search-") as tmp:
        db = open_db(Path(tmp) / "eval.db")
        for doc_id, text in docs.items():
            save_document(db, {"id": doc_id, "title": text.split("\n", 1)[0], "text": text, "status": "ok"})
        everything = DocumentFilter(statuses=())
        for query in QUERIES:
            gold = relevant(query, docs)
            before = {h.id for h in search(db, f'search_text : "{fold(query)}"', everything, 1000, raw=True)}
            now = {h.id for h in search(db, query, everything, 1000)}
            typed = {
                row[0]
                for row in db.execute(  # what sqlite-utils search and Datasette's box do
                    "SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                    "WHERE documents_fts MATCH ?",
                    [f'"{query}"'],
                )
            }
            rows.append({"query": query, "relevant": gold, "before": before, "now": now, "typed": typed})
        db.close()
    return rows


def scores(rows: list[dict], key: str) -> tuple[float, float]:
    """Micro-averaged (precision, recall) over all queries."""
    found = sum(len(r[key]) for r in rows)
    right = sum(len(r[key] & r["relevant"]) for r in rows)
    return right / found if found else 1.0, right / sum(len(r["relevant"]) for r in rows)


def main() -> int:
    rows = evaluate()
    keys = ("before", "now", "typed")
    print(f"{'query':10} {'relevant':>8}" + "".join(f"   {key + ': found':>13} {'P':>5} {'R':>5}" for key in keys))
    for r in rows:
        cells = []
        for key in keys:
            hit = len(r[key] & r["relevant"])
            cells.append(
                f"{len(r[key]):>13} {hit / len(r[key]) if r[key] else 1:>5.2f} "
                f"{hit / len(r['relevant']) if r['relevant'] else 1:>5.2f}"
            )
        print(f"{r['query']:10} {len(r['relevant']):>8}   " + "   ".join(cells))
    for key in keys:
        precision, recall = scores(rows, key)
        print(f"{key:>6}: precision {precision:.2f}, recall {recall:.2f} (micro-averaged over {len(rows)} queries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
