"""The corpus at scale, side by side with a plain sqlite-utils table of the same texts, in one table.

    make bench-scale                               # 10,000 documents (about 10 minutes here)
    make bench-scale SIZES="10000 100000"          # grows one corpus to each size in turn
    python benchmarks/bench_scale.py 10k 100k 1M --crawl-pages 1000 --json scale.json

Generated seed-shaped documents (benchmarks/seed_docs.py: 4 % near, 1 % exact duplicates) are
imported with `corpus import-text` into a corpus.db and with `sqlite-utils insert` + `enable-fts`
into a plain table. At each size the corpus then takes the next STEP documents (timed: the cost of
growing), is searched, exported and re-cleaned, and crawls CRAWL_PAGES generated pages served on
127.0.0.1 while a bare Scrapy spider fetches the same pages. Every step is a real command in a child
process; its peak memory is the largest resident set of its processes (wait4). Targets are the
ones of the "corpus that can grow" issue; the last column says whether this run met them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sqlite3
import sys
import tempfile
from pathlib import Path

from scale_corpus import (
    Databases,
    command_times,
    crawl_runs,
    export_runs,
    has_workers_option,
    query_times,
    query_words,
    reclean_run,
)

COLUMNS = ("size", "measure", "ours", "plain", "ours/plain", "target", "met")
NEXT_OUTLET = "scale_next_{size}"  # the STEP documents added at each size: re-cleaned on their own


def parse_size(text: str) -> int:
    """10000, 10k, 1M -> documents."""
    text = text.strip().lower().replace("_", "").replace(",", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        size = int(float(text[:-1] if factor > 1 else text) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (10000, 10k, 1M)") from None
    if size < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a size is at least 1 document")
    return size


def short(n: int) -> str:
    return (
        f"{n // 1_000_000}M"
        if n >= 1_000_000 and n % 1_000_000 == 0
        else (f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n))
    )


class Table:
    def __init__(self):
        self.rows: list[dict] = []

    def add(self, size, measure, ours, plain="—", ratio=None, target="", met=None, values=None):
        self.rows.append(
            {
                "size": short(size) if isinstance(size, int) else size,
                "measure": measure,
                "ours": ours,
                "plain": plain,
                "ours/plain": "—" if ratio is None else f"{ratio:.2f}×",
                "target": target,
                "met": {True: "yes", False: "NO", None: ""}[met],
                "values": values or {},
            }
        )

    def markdown(self) -> str:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(str(row[c]) for c in COLUMNS) + " |" for row in self.rows]
        return "\n".join(lines)


def measure_size(dbs: Databases, size: int, step: int, first: dict, imports: list, args, table: Table) -> None:
    """Grow both databases to `size` and measure every row of that size. first: the first import into
    the empty corpus; imports: every import so far, (documents, ours, plain)."""
    peaks = {}  # command -> peak MB of ours at this size
    if dbs.held == 0:  # the first STEP into an empty corpus: the reference for the cost of growing
        count = min(step, size)
        ours, plain = dbs.import_documents(count, "scale")
        first.update(count=count, ours=ours, plain=plain)
        imports.append((count, ours, plain))
        table.add(
            size,
            f"first {count:,} docs into an empty corpus, s",
            f"{ours.wall:.1f}",
            f"{plain.wall:.2f}",
            ours.wall / plain.wall,
            values={"ours_s": ours.wall, "plain_s": plain.wall},
        )
    if dbs.held < size and args.fill == "direct":
        dbs.fill_directly(size - dbs.held, "scale")
    elif dbs.held < size:
        imports.append((size - dbs.held, *dbs.import_documents(size - dbs.held, "scale")))
    imported = sum(n for n, _, _ in imports)
    ours_s, plain_s = sum(o.wall for _, o, _ in imports), sum(p.wall for _, _, p in imports)
    rate, plain_rate = imported / ours_s, imported / plain_s
    table.add(
        size,
        f"import-text of {short(imported)} docs, docs/s",
        f"{rate:,.0f}",
        f"{plain_rate:,.0f}",
        ours_s / plain_s,
        "≥ 250 docs/s; time ≤ 10× plain",
        rate >= 250 and ours_s <= 10 * plain_s,
        {"ours_docs_s": rate, "plain_docs_s": plain_rate},
    )
    peaks["import"] = max(o.rss_mb for _, o, _ in imports)
    plain_peak = max(p.rss_mb for _, _, p in imports)

    held = dbs.held
    ours, plain = dbs.import_documents(step, NEXT_OUTLET.format(size=size))
    imports.append((step, ours, plain))  # part of the whole import at the next size
    peaks["import"] = max(peaks["import"], ours.rss_mb)
    limit = 1.5 * first["ours"].wall * step / first["count"]
    table.add(
        size,
        f"next {step:,} docs into {short(held)}, s",
        f"{ours.wall:.1f}",
        f"{plain.wall:.2f}",
        ours.wall / plain.wall,
        f"≤ 1.5× the first ({limit:.1f} s)",
        ours.wall <= limit,
        {"ours_s": ours.wall, "plain_s": plain.wall},
    )

    ours_b, plain_b = dbs.bytes_per_document()
    table.add(
        size,
        "bytes per document (file after checkpoint)",
        f"{ours_b:,.0f}",
        f"{plain_b:,.0f}",
        ours_b / plain_b,
        "≤ 1.6× plain",
        ours_b <= 1.6 * plain_b,
        {"ours": ours_b, "plain": plain_b},
    )

    for label, (word, docs) in zip(("common", "rare"), query_words(dbs.plain)):
        q = query_times(dbs, word, args.search_runs)
        (o50, o95), (p50, p95) = q["ours"], q["plain"]
        target, met = ("≤ 100 ms (at 1M)", o50 <= 100) if label == "common" else ("", None)
        table.add(
            size,
            f"search a {label} word (docs: ours {q['matches']:,}, plain {docs:,}), query p50 / p95, ms",
            f"{o50:.1f} / {o95:.1f}",
            f"{p50:.1f} / {p95:.1f}",
            o50 / p50 if p50 else None,
            target,
            met,
            {
                "word": word,
                "ours_matches": q["matches"],
                "plain_matches": docs,
                "ours_p50": o50,
                "ours_p95": o95,
                "plain_p50": p50,
                "plain_p95": p95,
            },
        )
        if label == "common":
            ours_cmd, plain_cmd = command_times(dbs, word, args.command_runs)
            table.add(
                size,
                "search a common word, whole command (median), s",
                f"{ours_cmd:.2f}",
                f"{plain_cmd:.2f}",
                ours_cmd / plain_cmd,
                "≤ 2× plain",
                ours_cmd <= 2 * plain_cmd,
                {"ours_s": ours_cmd, "plain_s": plain_cmd},
            )

    ours, plain = export_runs(dbs)
    peaks["export"] = ours.rss_mb
    plain_peak = max(plain_peak, plain.rss_mb)
    table.add(
        size,
        "export jsonl, s / peak MB",
        f"{ours.wall:.1f} / {ours.rss_mb:.0f}",
        f"{plain.wall:.1f} / {plain.rss_mb:.0f}",
        ours.wall / plain.wall,
        "memory ≤ 400 MB",
        ours.rss_mb <= 400,
        {"ours_s": ours.wall, "ours_mb": ours.rss_mb, "plain_s": plain.wall, "plain_mb": plain.rss_mb},
    )

    outlet = NEXT_OUTLET.format(size=size)
    one, n = reclean_run(dbs, outlet, 1)
    peaks["reclean"] = one.rss_mb
    table.add(size, f"reclean {n:,} docs, 1 worker, docs/s", f"{n / one.wall:,.0f}", values={"docs_s": n / one.wall})
    if args.reclean_workers:
        two, n2 = reclean_run(dbs, outlet, 2)
        peaks["reclean"] = max(peaks["reclean"], two.rss_mb)
        speedup = one.wall / two.wall
        table.add(
            size,
            f"reclean {n2:,} docs, 2 workers, docs/s (× 1 worker)",
            f"{n2 / two.wall:,.0f} ({speedup:.2f}×)",
            target="≥ 1.8× 1 worker",
            met=speedup >= 1.8,
            values={"docs_s": n2 / two.wall, "speedup": speedup},
        )

    if args.crawl_pages:
        ours, bare, stored, fetched = crawl_runs(dbs, args.crawl_pages)
        peaks["crawl"] = ours.rss_mb
        rate = args.crawl_pages / ours.wall
        table.add(
            size,
            f"crawl {args.crawl_pages:,} local pages, pages/s (plain: bare Scrapy)",
            f"{rate:,.0f}",
            f"{fetched / bare.wall:,.0f}",
            ours.wall / bare.wall,
            "wall ≤ 2.5× bare; ≥ 50 pages/s",
            ours.wall <= 2.5 * bare.wall and rate >= 50,
            {
                "ours_pages_s": rate,
                "bare_pages_s": fetched / bare.wall,
                "stored": stored,
                "fetched": fetched,
                "ours_mb": ours.rss_mb,
                "bare_mb": bare.rss_mb,
            },
        )
        plain_peak = max(plain_peak, bare.rss_mb)

    worst = max(peaks, key=peaks.get)
    table.add(
        size,
        "peak memory of any command, MB (largest process)",
        f"{peaks[worst]:.0f} ({worst})",
        f"{plain_peak:.0f}",
        peaks[worst] / plain_peak,
        "≤ 400 MB (at 1M)",
        peaks[worst] <= 400,
        {"ours": peaks, "plain": plain_peak},
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=parse_size, default=[10_000], help="corpus sizes (default 10k)")
    parser.add_argument("--step", type=parse_size, default=1000, help="documents of 'the next N' (default 1000)")
    parser.add_argument("--crawl-pages", type=int, default=1000, help="generated pages crawled at each size (0: none)")
    parser.add_argument("--search-runs", type=int, default=40, help="runs of each query for p50/p95")
    parser.add_argument("--command-runs", type=int, default=5, help="runs of each whole search command")
    parser.add_argument(
        "--fill",
        choices=("import", "direct"),
        default="import",
        help="grow the corpus between the timed steps with import-text (default), or by writing "
        "what curation would store straight into the tables (untimed; for 100k and 1M)",
    )
    parser.add_argument("--work", type=Path, help="build here and keep the databases (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the table's rows and values as JSON here")
    args = parser.parse_args(argv)
    args.reclean_workers = has_workers_option("reclean")

    started = datetime.datetime.now(datetime.UTC)
    load_before = os.getloadavg()[0]
    table, first, imports = Table(), {}, []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if (work / "ours.db").exists() or (work / "plain.db").exists():
            parser.error(f"{work}: holds databases of an earlier run; give an empty folder")
        dbs = Databases(work)
        for size in sorted(set(args.sizes)):
            print(f"[bench-scale] growing to {size:,} documents ...", file=sys.stderr, flush=True)
            measure_size(dbs, size, args.step, first, imports, args, table)
    minutes = (datetime.datetime.now(datetime.UTC) - started).total_seconds() / 60
    command = "python benchmarks/bench_scale.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"\nScale benchmark, {started:%Y-%m-%d %H:%M} UTC, {minutes:.1f} min: {command.strip()}")
    print(f"Machine: {machine()}; load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    print(
        "ours: corpus.db via the corpus commands; plain: sqlite-utils insert + enable-fts of the same texts"
        + ("; grown between the timed steps by direct writes (--fill direct)" if args.fill == "direct" else "")
        + "\n"
    )
    print(table.markdown())
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "started": started.isoformat(),
                    "minutes": minutes,
                    "machine": machine(),
                    "command": command,
                    "columns": COLUMNS,
                    "rows": table.rows,
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
