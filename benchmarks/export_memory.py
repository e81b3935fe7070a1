"""Memory benchmark for `corpus export` (not a test): is peak memory flat in the corpus size?

    python benchmarks/export_memory.py                   # 50,000 synthetic documents, all three formats
    python benchmarks/export_memory.py --documents 5000 --db /tmp/bench.db

Builds a synthetic corpus with corpus.store.save_document (so the search columns and FTS index are
real), then runs each export in a fresh child process that reports its own peak RSS
(resource.getrusage ru_maxrss), once for a tenth of the corpus and once for all of it. Flat memory
means the two numbers are close; both must stay under the 300 MB target.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TARGET_MB = 300
OUTLETS = ["sada", "manara", "qafila", "mawja", "nabaa"]
STATUSES = ["ok"] * 17 + ["too_short", "not_arabic", "low_arabic"]
RULES = ["marker:read_also", "related_list", "tags_block", "footer_rights", "newsletter_prompt", "teaser_inline"]
DAYS = 100
FIRST_DAY = date(2024, 1, 1)
WORDS = (
    "قال وزير الخارجية إن الحكومة ستواصل العمل مع الشركاء الإقليميين والدوليين من أجل تعزيز الأمن والاستقرار "
    "في المنطقة وأضاف أن المفاوضات التي جرت اليوم كانت بناءة وتناولت ملفات الطاقة والمياه والتجارة والاستثمار "
    "وأكد المتحدث باسم الوزارة أن الاتفاقية الجديدة تدخل حيز التنفيذ مطلع الشهر المقبل بعد مصادقة البرلمان "
    "عليها وأشار التقرير إلى ارتفاع أسعار النفط والذهب في الأسواق العالمية مع تراجع الدولار"
).split()


def synthetic_document(n: int, rng: random.Random) -> dict:
    """One documents row: a title line and 4-12 paragraphs of plausible Arabic words (~3 KB)."""
    title = " ".join(rng.choices(WORDS, k=rng.randint(5, 10)))
    paragraphs = [" ".join(rng.choices(WORDS, k=rng.randint(25, 60))) + "." for _ in range(rng.randint(4, 12))]
    text = "\n\n".join([title, *paragraphs])
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    outlet = OUTLETS[n % len(OUTLETS)]
    return {
        "id": f"{rng.getrandbits(64):016x}",
        "url": f"https://{outlet}.example/news/{n}",
        "outlet": outlet,
        "title": title,
        "text": text,
        "published": f"{day.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+03:00",
        "tags": json.dumps(rng.sample(WORDS, 3), ensure_ascii=False),
        "source_credit": json.dumps(["وكالات"], ensure_ascii=False),
        "lang": "ar",
        "lang_prob": 0.99,
        "arabic_ratio": 0.97,
        "word_count": len(text.split()),
        "status": rng.choice(STATUSES),
        "origin": "crawl",
    }


class FakeRemoval:
    def __init__(self, rule, text):
        self.rule, self.text, self.stage = rule, text, "text"


def build_corpus(path: Path, documents: int, seed: int = 7) -> None:
    """Fill `path` with `documents` synthetic rows; about 1 in 25 duplicates an earlier one."""
    from corpus.store import open_db, save_document

    rng = random.Random(seed)
    db = open_db(path)
    previous = None
    for n in range(documents):
        row = synthetic_document(n, rng)
        row["cluster_id"] = row["id"]  # as curation does: every original represents its own cluster
        if previous and rng.random() < 0.04:  # a near duplicate of the previous one (chains make bigger clusters)
            row.update(
                text=previous["text"],
                title=previous["title"],
                status="duplicate",
                duplicate_of=previous["id"],
                cluster_id=previous["cluster_id"],
            )
        removals = [FakeRemoval(rng.choice(RULES), "إقرأ أيضا") for _ in range(rng.randint(0, 3))]
        save_document(db, row, removals)
        previous = row
        if n % 5000 == 4999:
            print(f"  built {n + 1:,} documents", file=sys.stderr)
    db.close()


def measure_child(fmt: str, db_path: str, out_dir: str, until: str | None) -> None:
    """Run in a fresh process: export, then print peak RSS and timing as JSON."""
    from corpus.export import ExportOptions, export_documents
    from corpus.search import DocumentFilter
    from corpus.store import open_db

    db = open_db(db_path)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = export_documents(db, ExportOptions(fmt, Path(out_dir), DocumentFilter(until=until)))
    print(
        json.dumps(
            {
                "documents": result.documents,
                "seconds": round(time.perf_counter() - started, 2),
                "baseline_mb": round(baseline / 1024, 1),  # ru_maxrss is in KiB on Linux
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


def run_export(fmt: str, db_path: Path, out_dir: Path, until: str | None) -> dict:
    command = [sys.executable, __file__, "--child", fmt, str(db_path), str(out_dir)]
    if until:
        command.append(until)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Peak memory of corpus export against a 300 MB target.")
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--db", type=Path, help="Reuse or create this corpus (default: a temporary one).")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        measure_child(*args.child[:3], args.child[3] if len(args.child) > 3 else None)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        db_path = args.db or Path(tmp) / "bench.db"
        if not db_path.exists():
            print(f"building {args.documents:,} synthetic documents in {db_path} ...", file=sys.stderr)
            started = time.perf_counter()
            build_corpus(db_path, args.documents)
            print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        tenth = (FIRST_DAY + timedelta(days=DAYS // 10 - 1)).isoformat()
        failed = False
        print(
            f"{'format':8} {'documents':>10} {'seconds':>8} {'baseline MB':>12} {'peak MB':>8}  target {TARGET_MB} MB"
        )
        for fmt in ("txt", "jsonl", "parquet"):
            for until in (tenth, None):
                m = run_export(fmt, db_path, Path(tmp) / f"out-{fmt}", until)
                verdict = "ok" if m["peak_mb"] <= TARGET_MB else "OVER"
                failed |= verdict != "ok"
                print(
                    f"{fmt:8} {m['documents']:>10,} {m['seconds']:>8} {m['baseline_mb']:>12} {m['peak_mb']:>8}  {verdict}"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
