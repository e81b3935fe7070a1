"""`corpus import-text` at an older commit and at this checkout, side by side in one run, and proof
that both stored the same corpus.

    python benchmarks/import_speed.py                     # 2,000 docs, against the merge-base with `layers`
    python benchmarks/import_speed.py --docs 5000 --old HEAD~3 --runs 2 --workers 1

Generated seed-shaped documents (benchmarks/seed_docs.py: 4 % near, 1 % exact duplicates) are written
as .txt files once; each version imports them into an empty database in a child process (the old one
from `git archive` of its commit, run with this venv). Runs alternate old/new so load on the machine
hits both alike. Wall time and the child's CPU time (user + sys) are both printed: CPU time is the
fairer figure on a shared machine. Then the two databases are compared row by row: documents (every
column but cleaned_at), removals, MinHash signatures and band keys, learned boilerplate, and every
term of the full-text index with its document and token counts. Exit 1 if any of them differ.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from seed_docs import document_text, file_name

REPO = Path(__file__).resolve().parent.parent


def write_docs(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / file_name(i)).write_text(document_text(i)[0], encoding="utf-8")


def checkout(commit: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def import_once(source: Path, docs: Path, db: Path, workers: int) -> tuple[float, float]:
    """(wall s, CPU s of the child) of one import into a new database, the code taken from `source`."""
    env = dict(os.environ, PYTHONPATH=str(source), PYTHONHASHSEED="0")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "corpus",
            "import-text",
            str(docs),
            "--outlet",
            "seeds",
            "--db",
            str(db),
            "--workers",
            str(workers),
        ],
        cwd=source,
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


CONTENTS = {
    "documents": "SELECT * FROM documents ORDER BY rowid",
    "removals": "SELECT document_id, rule, stage, text FROM removals ORDER BY id",
    "minhashes": "SELECT document_id, outlet, num_perm, scheme, signature FROM minhashes ORDER BY seq",
    "minhash_bands": "SELECT band, bucket, signature_seq FROM minhash_bands ORDER BY 1, 2, 3",
    "boilerplate_lines": "SELECT outlet, line_hash, line, pages FROM boilerplate_lines ORDER BY 1, 2",
    "boilerplate_seen": "SELECT outlet, line_hash, document_id FROM boilerplate_seen ORDER BY 1, 2, 3",
    "imported_texts": "SELECT id, source_name, seq, raw, raw_zlib FROM imported_texts ORDER BY id",
    "search index terms": "SELECT term, doc, cnt FROM temp.vocab ORDER BY term",
}


def contents(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, documents_fts, row)")
    found = {}
    for name, query in CONTENTS.items():
        cursor = conn.execute(query)
        names = [d[0] for d in cursor.description]
        found[name] = [tuple(v for n, v in zip(names, row) if n != "cleaned_at") for row in cursor]
    conn.close()
    return found


def differences(old: Path, new: Path) -> list[str]:
    a, b = contents(old), contents(new)
    return [
        f"{name}: {len(a[name])} rows before, {len(b[name])} now"
        + (
            ""
            if len(a[name]) != len(b[name])
            else f", first difference at row {next(i for i, (x, y) in enumerate(zip(a[name], b[name])) if x != y)}"
        )
        for name in CONTENTS
        if a[name] != b[name]
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--old", help="the commit to compare with (default: where this branch left `layers`)")
    parser.add_argument("--runs", type=int, default=1, help="imports of each version (the best is shown)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--work", type=Path, help="build here and keep the databases (default: a temporary folder)")
    args = parser.parse_args(argv)
    args.old = (
        args.old
        or subprocess.run(
            ["git", "-C", str(REPO), "merge-base", "HEAD", "layers"], check=True, capture_output=True, text=True
        ).stdout.strip()[:12]
    )
    with tempfile.TemporaryDirectory(prefix="import-speed-") as tmp:
        work = args.work or Path(tmp)
        write_docs(work / "docs", args.docs)
        versions = {f"old ({args.old})": checkout(args.old, work / "old"), "new (this checkout)": REPO}
        best: dict[str, tuple[float, float]] = {}
        for run in range(args.runs):
            for label, source in versions.items():
                db = work / f"{label.split()[0]}{run}.db"
                wall, cpu = import_once(source, work / "docs", db, args.workers)
                best[label] = min(best.get(label, (wall, cpu)), (wall, cpu))
        print(
            f"import-text of {args.docs:,} seed-shaped documents, --workers {args.workers}, "
            f"best of {args.runs}; load average {os.getloadavg()[0]:.1f}"
        )
        print("| version | wall s | docs/s (wall) | CPU s | docs/s (CPU) |\n|---|---|---|---|---|")
        for label, (wall, cpu) in best.items():
            print(f"| {label} | {wall:.1f} | {args.docs / wall:.0f} | {cpu:.1f} | {args.docs / cpu:.0f} |")
        (old_wall, old_cpu), (new_wall, new_cpu) = best.values()
        print(f"speed-up: {old_wall / new_wall:.2f}× wall, {old_cpu / new_cpu:.2f}× CPU")
        found = differences(work / "old0.db", work / "new0.db")
        print(
            "stored corpus: "
            + (
                "identical (documents, removals, signatures, bands, boilerplate, index terms)"
                if not found
                else "DIFFERS: " + "; ".join(found)
            )
        )
        return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
