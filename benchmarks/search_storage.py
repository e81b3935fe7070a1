"""Storage and search benchmark (not a test): our corpus.db against a plain sqlite-utils table + FTS.

    python benchmarks/search_storage.py                       # 20,000 generated documents
    python benchmarks/search_storage.py --documents 100000 --keep /tmp/bench-search

Generates seed-shaped documents (words drawn from the seed and demo gold texts with a Zipf-like
frequency, plus rare made-up words for a long tail), stores them once with save_document and once
with `sqlite-utils insert` + `sqlite-utils enable-fts ... text` (the CLI, as a user would), then
prints side by side, in one run:
- bytes per document of each database (checkpointed; also after VACUUM) and their ratio;
- `corpus search WORD` against `sqlite-utils search DB documents WORD` as whole commands (median
  wall and CPU seconds of interleaved runs, same database);
- the query itself inside one process (corpus.search.search + the bounded count) for a common and a
  rare word: p50/p95 over repeated runs, next to counting every match (what the old code did first).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # evaluation/ is not installed with the package

from evaluation.extraction import SEEDS  # noqa: E402 - ../shared/seeds, next to the checkout

SOURCES = [REPO / "tests" / "gold" / "demo", SEEDS / "gold", REPO / "tests" / "data"]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوية"
OUTLETS = ["sada", "manara", "qafila", "mawja", "nabaa"]


def vocabulary() -> tuple[list[str], list[float]]:
    """Words of the gold texts shipped with the repo, most frequent first, with Zipf weights."""
    counts = collections.Counter()
    for folder in SOURCES:
        for path in folder.rglob("*.txt") if folder.exists() else ():
            counts.update(path.read_text(encoding="utf-8").split())
    words = [w for w, _ in counts.most_common()]
    if len(words) < 200:
        raise SystemExit(f"too few words found under {[str(s) for s in SOURCES]}")
    return words, [1 / (rank + 1) for rank in range(len(words))]


def generate(n: int, seed: int = 11):
    """n documents rows: title line + 4-12 paragraphs of 25-60 words (~3-4 KB, like the seeds)."""
    words, weights = vocabulary()
    cumulative = list(itertools.accumulate(weights))  # once: choices() would re-add the weights per call
    rng = random.Random(seed)

    def sentence(k):
        out = rng.choices(words, cum_weights=cumulative, k=k)
        for i in range(len(out)):
            if rng.random() < 0.02:  # the long tail: names and rare words a real corpus is full of
                out[i] = "".join(rng.choices(LETTERS, k=rng.randint(4, 8)))
        return " ".join(out)

    for i in range(n):
        title = sentence(rng.randint(6, 12))
        text = "\n\n".join([title] + [sentence(rng.randint(25, 60)) + "." for _ in range(rng.randint(4, 12))])
        outlet = OUTLETS[i % len(OUTLETS)]
        yield {
            "id": f"{rng.getrandbits(64):016x}",
            "url": f"https://{outlet}.example/news/{i}",
            "outlet": outlet,
            "title": title,
            "text": text,
            "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+03:00",
            "tags": "[]",
            "source_credit": "[]",
            "lang": "ar",
            "lang_prob": 0.99,
            "arabic_ratio": 0.97,
            "word_count": len(text.split()),
            "status": "ok",
            "origin": "import",
        }


def file_bytes(path: Path, vacuum: bool = False) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if vacuum:
        conn.execute("VACUUM")
    conn.close()
    return path.stat().st_size


def build(folder: Path, n: int, per_document: bool) -> tuple[Path, Path, float, float]:
    """Both databases from the same rows. Ours: save_document per row (per_document), else the rows in
    batches of 1,000 and the index filled the way a row written around save_document is (the same
    rows and index entries either way; the batch path is what makes 100k+ affordable here)."""
    from corpus.search_index import index_unindexed
    from corpus.store import open_db, save_document

    ours, plain, rows_file = folder / "ours.db", folder / "plain.db", folder / "rows.jsonl"
    with rows_file.open("w", encoding="utf-8") as out:
        for row in generate(n):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    db = open_db(ours)
    with rows_file.open(encoding="utf-8") as lines:
        rows = (json.loads(line) for line in lines)
        if per_document:
            for row in rows:
                save_document(db, row)
        else:
            for batch in iter(lambda: list(itertools.islice(rows, 1000)), []):
                with db.conn:
                    db["documents"].insert_all(batch, alter=True)
                index_unindexed(db)
                print(f"  ours: {db['documents'].count:,} documents", file=sys.stderr)
    db.close()
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    exe = Path(sys.executable).parent / "sqlite-utils"
    subprocess.run([exe, "insert", plain, "documents", rows_file, "--nl", "--pk", "id"], check=True)
    subprocess.run([exe, "enable-fts", plain, "documents", "text"], check=True)
    return ours, plain, ours_s, time.perf_counter() - started


def timed_command(command: list) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare_commands(ours: Path, word: str, runs: int) -> dict:
    bin_dir = Path(sys.executable).parent
    commands = {
        "corpus search": [bin_dir / "corpus", "search", word, "--db", ours, "--limit", "20"],
        "sqlite-utils search": [
            bin_dir / "sqlite-utils",
            "search",
            ours,
            "documents",
            word,
            "--limit",
            "20",
            "-c",
            "id",
            "-c",
            "title",
        ],
    }
    times = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so load on the machine hits both alike
        for name, command in commands.items():
            times[name].append(timed_command(command))
    return {
        name: (statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts)) for name, ts in times.items()
    }


def query_times(ours: Path, word: str, runs: int) -> dict:
    from corpus.search import COUNT_AT_MOST, DocumentFilter, count_matches, search
    from corpus.store import open_db

    db = open_db(ours)
    flt = DocumentFilter()

    def ms(f: Callable[[], object]) -> float:
        t0 = time.perf_counter()
        f()
        return (time.perf_counter() - t0) * 1000

    search(db, word, flt)  # warm the page cache once: the timings are of the query, not the disk
    ours_ms = sorted(
        ms(lambda: (search(db, word, flt, 20), count_matches(db, word, flt, at_most=COUNT_AT_MOST)))
        for _ in range(runs)
    )
    every_ms = sorted(ms(lambda: count_matches(db, word, flt)) for _ in range(max(3, runs // 4)))
    matches = count_matches(db, word, flt)
    db.close()

    def pct(xs: list[float], p: float) -> float:
        return xs[min(len(xs) - 1, int(p * len(xs)))]

    return {
        "matches": matches,
        "p50": pct(ours_ms, 0.5),
        "p95": pct(ours_ms, 0.95),
        "count_all_p50": pct(every_ms, 0.5),
    }


def words_to_query(ours: Path) -> tuple[str, str]:
    """The most frequent word of the index and one found in only a handful of documents."""
    import sqlite3

    conn = sqlite3.connect(ours)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'documents_fts', 'row')")
    common = conn.execute("SELECT term FROM temp.vocab ORDER BY doc DESC LIMIT 1").fetchone()[0]
    rare = conn.execute(
        "SELECT term FROM temp.vocab WHERE doc BETWEEN 2 AND 5 AND length(term) > 4 LIMIT 1"
    ).fetchone()[0]
    conn.close()
    return common, rare


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="corpus.db size and search speed against plain sqlite-utils + FTS.")
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=9, help="runs of each whole command (median)")
    parser.add_argument("--per-document", action="store_true", help="store ours with save_document row by row")
    parser.add_argument("--keep", type=Path, help="build in (or reuse) this folder instead of a temporary one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / "ours.db").exists() and (folder / "plain.db").exists():
            ours, plain = folder / "ours.db", folder / "plain.db"
            print(f"reusing {folder}", file=sys.stderr)
        else:
            print(f"building {args.documents:,} documents twice in {folder} ...", file=sys.stderr)
            ours, plain, ours_s, plain_s = build(folder, args.documents, args.per_document)
            how = "save_document per row" if args.per_document else "batches + index_unindexed"
            print(f"built: ours {ours_s:.0f} s ({how}), plain {plain_s:.0f} s (sqlite-utils insert + enable-fts)")
        n = args.documents
        sizes = {
            name: (file_bytes(path) / n, file_bytes(path, vacuum=True) / n)
            for name, path in (("ours", ours), ("plain", plain))
        }
        print(f"\n{'bytes/document':24} {'as written':>12} {'vacuumed':>12}")
        for name, (written, vacuumed) in sizes.items():
            print(f"{name:24} {written:>12,.0f} {vacuumed:>12,.0f}")
        print(
            f"{'ratio ours/plain':24} {sizes['ours'][0] / sizes['plain'][0]:>12.2f} "
            f"{sizes['ours'][1] / sizes['plain'][1]:>12.2f}   target <= 1.6"
        )
        common, rare = words_to_query(ours)
        print(f"\nwhole commands on {ours.name}, word {common!r}, median of {args.runs}: wall s, cpu s")
        result = compare_commands(ours, common, args.runs)
        for name, (wall, cpu) in result.items():
            print(f"{name:24} {wall:>8.3f} {cpu:>8.3f}")
        base = result["sqlite-utils search"]
        print(
            f"{'ratio corpus/sqlite-utils':24} {result['corpus search'][0] / base[0]:>8.2f} "
            f"{result['corpus search'][1] / base[1]:>8.2f}   target <= 2"
        )
        print(f"\nquery inside one process at {n:,} documents (top 20 by bm25 + count up to 1,000), ms")
        print(f"{'word':12} {'matches':>9} {'p50':>8} {'p95':>8} {'count every match p50':>22}")
        for label, word in (("common", common), ("rare", rare)):
            q = query_times(ours, word, max(20, args.runs))
            print(f"{label:12} {q['matches']:>9,} {q['p50']:>8.1f} {q['p95']:>8.1f} {q['count_all_p50']:>22.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
