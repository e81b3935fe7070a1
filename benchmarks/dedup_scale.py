"""Per-document curation cost as the corpus grows: 0 / 10k / 100k ... stored documents.

    python benchmarks/dedup_scale.py build  --size 100000 --db /tmp/scale/100k.db
    python benchmarks/dedup_scale.py replicate --source /tmp/scale/10k.db --db /tmp/scale/100k.db --times 10
    python benchmarks/dedup_scale.py measure --db /tmp/scale/100k.db --next 1000

`build` fills a database with `size` generated seed-shaped documents (Arabic words of the seed and
demo gold texts, re-mixed so every document is distinct; 4 % near and 1 % exact duplicates), writing
rows, signatures and boilerplate counts directly (a fast fill: what curating them one by one would
have stored); `replicate` makes a larger one from it quickly. `measure` runs in a fresh process, like a new import: it opens the database, curates
and stores the next `next` generated documents one at a time (clean_text, curate, save_document in
one transaction each, as `corpus import-text` does) and prints JSON: the first document's latency
including start-up, the mean per document after it, the share spent in language identification,
and peak RSS. Compare sizes (and code versions) in one sitting on the same machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from seed_docs import OUTLETS, TEXT_DIRS, document_text  # benchmarks/ is sys.path[0] when run as a script


def build(db_path: Path, size: int, batch: int = 1000, start: int = 0, outlet: str | None = None) -> None:
    """Documents start .. size-1 into db_path (which may hold earlier ones), under `outlet` if given,
    else spread over OUTLETS."""
    from corpus.curate import CurationSettings, boilerplate, dedup
    from corpus.curate import statements as sql
    from corpus.search_index import index_unindexed
    from corpus.store import open_db

    settings = CurationSettings()
    layout = dedup.band_layout(settings.near_duplicate_threshold, settings.num_perm)
    db = open_db(db_path)
    first_of = dict(
        db.execute(
            "SELECT text_hash, id FROM documents WHERE text_hash IS NOT NULL AND duplicate_of IS NULL"
        ).fetchall()
    )
    started = time.perf_counter()
    for first in range(start, size, batch):
        rows, signatures, seen = [], [], []
        for i in range(first, min(first + batch, size)):
            text, kind, source = document_text(i)
            doc_id = f"{i:016x}"
            hash_ = dedup.text_hash(text)
            row = {
                "id": doc_id,
                "outlet": outlet or OUTLETS[i % len(OUTLETS)],
                "title": text.split("\n\n")[0],
                "text": text,
                "lang": "ar",
                "lang_prob": 1.0,
                "arabic_ratio": 1.0,
                "word_count": len(text.split()),
                "status": "ok",
                "text_hash": hash_,
                "cluster_id": doc_id,
                "origin": "import",
                "seq": i,
                "source_name": f"{i:06d}_{doc_id}.txt",
            }
            if hash_ in first_of:  # an exact copy: linked, text not stored
                row.update(
                    status="duplicate",
                    status_reason="exact",
                    duplicate_of=first_of[hash_],
                    cluster_id=first_of[hash_],
                    text=None,
                )
            elif kind == "near":  # what curation found for these (the source is an earlier original)
                row.update(
                    status="duplicate",
                    status_reason="near 0.80",
                    duplicate_of=f"{source:016x}",
                    cluster_id=f"{source:016x}",
                )
            else:
                first_of[hash_] = doc_id
                # what curation stores: a minhashes row (no signature: the text gives it back), band keys
                minhash = dedup.minhash_of(text, settings.num_perm, settings.shingle_words)
                signatures.append((doc_id, row["outlet"], dedup.band_keys(minhash, settings.num_perm, *layout)))
            lines = boilerplate.candidate_lines(text.split("\n\n")[1:], row["title"], settings)
            seen += [(row["outlet"], hash_line, doc_id) for hash_line in lines]
            rows.append(row)
        with db.conn:
            db["documents"].insert_all(rows, alter=True)
            db.execute(sql.ADD_LAYOUT, [settings.num_perm, *layout])
            for doc_id, outlet_, keys in signatures:
                seq = db.execute(
                    sql.INSERT_SIGNATURE, [doc_id, outlet_, settings.num_perm, dedup.MINHASH_SCHEME]
                ).lastrowid
                db.conn.executemany(sql.INSERT_BAND, [(band, bucket, seq) for band, bucket in keys])
            db.conn.executemany("INSERT OR IGNORE INTO boilerplate_seen VALUES (?, ?, ?)", seen)
        index_unindexed(db)  # the search index entries save_document would have written
        print(f"\r{first + len(rows)} documents, {time.perf_counter() - started:.0f} s", end="", file=sys.stderr)
    with db.conn:
        db.execute(
            "INSERT INTO boilerplate_lines (outlet, line_hash, line, pages) "  # keeps a learned line's text
            "SELECT outlet, line_hash, '', count(*) FROM boilerplate_seen WHERE true GROUP BY outlet, line_hash "
            "ON CONFLICT (outlet, line_hash) DO UPDATE SET pages = excluded.pages"
        )
    db.conn.close()  # checkpoints the WAL: the file can be copied as it is
    print(f"\nbuilt {size - start} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def replicate(source: Path, db_path: Path, times: int, batch: int = 2000) -> None:
    """A database `times` the size of `source` (built by `build`) in minutes rather than hours: copy k
    of document i becomes document i + k * size, with its own id, text_hash and a signature XORed with
    a per-copy mask (so copies neither share band buckets nor count as exact duplicates). The texts
    repeat, which curation of new documents never reads; only the index sizes matter here."""
    import shutil

    import numpy as np
    import sqlite_utils

    from corpus.curate import dedup

    shutil.copy(source, db_path)
    db = sqlite_utils.Database(db_path)
    size = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    columns = [c.name for c in db["documents"].columns]
    started = time.perf_counter()

    def shifted(doc_id, k):
        return f"{int(doc_id, 16) + k * size:016x}" if doc_id else doc_id

    for k in range(1, times):
        mask = np.random.default_rng(k).integers(1, 2**32, 128, dtype=np.uint64)
        for offset in range(0, size, batch):
            rows = db.execute("SELECT * FROM documents ORDER BY rowid LIMIT ? OFFSET ?", [batch, offset]).fetchall()
            out = []
            for row in rows:
                row = dict(zip(columns, row))
                row.update(
                    id=shifted(row["id"], k),
                    duplicate_of=shifted(row["duplicate_of"], k),
                    cluster_id=shifted(row["cluster_id"], k),
                    seq=row["seq"] + k * size,
                    text_hash=f"{k:02x}{row['text_hash'][2:]}" if row["text_hash"] else None,
                )
                out.append(row)
            ids = [r[0] for r in rows]
            marks = ",".join("?" * len(ids))
            signatures = [
                (
                    shifted(doc_id, k),
                    outlet,
                    num_perm,
                    scheme,
                    (dedup.indexed_signature(blob, text, num_perm, 3) ^ mask).astype("<u4").tobytes(),
                )  # stored: the copies repeat their texts, which would give back the unmasked signature
                for doc_id, outlet, num_perm, scheme, blob, text in db.execute(
                    f"SELECT m.document_id, m.outlet, m.num_perm, m.scheme, m.signature, d.text FROM minhashes m "
                    f"JOIN documents d ON d.id = m.document_id WHERE m.document_id IN ({marks})",
                    ids,
                )
            ]
            seen = [
                (outlet, line, shifted(doc_id, k))
                for outlet, line, doc_id in db.execute(
                    f"SELECT outlet, line_hash, document_id FROM boilerplate_seen WHERE document_id IN ({marks})", ids
                )
            ]
            with db.conn:
                db.conn.executemany(
                    f"INSERT INTO documents ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    [[r[c] for c in columns] for r in out],
                )
                db.conn.executemany(
                    "INSERT INTO minhashes (document_id, outlet, num_perm, scheme, signature) VALUES (?, ?, ?, ?, ?)",
                    signatures,
                )
                db.conn.executemany("INSERT OR IGNORE INTO boilerplate_seen VALUES (?, ?, ?)", seen)
        print(f"\r{(k + 1) * size} documents, {time.perf_counter() - started:.0f} s", end="", file=sys.stderr)
    with db.conn:
        db.execute("DELETE FROM boilerplate_lines")
        db.execute(
            "INSERT INTO boilerplate_lines (outlet, line_hash, line, pages) "
            "SELECT outlet, line_hash, '', count(*) FROM boilerplate_seen GROUP BY outlet, line_hash"
        )
    db.conn.close()
    print(file=sys.stderr)


def measure(db_path: Path, count: int) -> dict:
    started = time.perf_counter()
    import cleaners
    from corpus.curate import CurationSettings, curate, language, write_transaction
    from corpus.store import document_row, open_db, save_document

    detect = language.detect_language
    spent_detecting = [0.0]

    def timed_detect(text):
        t = time.perf_counter()
        try:
            return detect(text)
        finally:
            spent_detecting[0] += time.perf_counter() - t

    language.detect_language = timed_detect
    settings = CurationSettings()
    db = open_db(db_path)
    opened = time.perf_counter() - started
    size = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM documents").fetchone()[0]
    times, statuses = [], {}
    for i in range(size, size + count):
        text, _, _ = document_text(i)
        t = time.perf_counter()
        document = cleaners.clean_text(text)
        cleaned = time.perf_counter()
        row = document_row(document, id=f"{i:016x}", outlet=OUTLETS[i % len(OUTLETS)], origin="import", seq=i)
        with write_transaction(db):
            row, removals = curate(db, row, document, settings)
            save_document(db, row, list(document.removed) + removals)
        times.append((cleaned - t, time.perf_counter() - cleaned))
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    first_clean, first_curate = times[0]
    rest = times[1:] or times
    return {
        "db": str(db_path),
        "stored_before": size,
        "documents": count,
        "open_db_s": round(opened, 3),
        "first_document_s": round(opened + first_clean + first_curate, 3),
        "first_curate_s": round(first_curate, 3),
        "curate_and_store_ms": round(1000 * sum(c for _, c in rest) / len(rest), 2),
        "clean_ms": round(1000 * sum(c for c, _ in rest) / len(rest), 2),
        "language_ms": round(1000 * spent_detecting[0] / count, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "statuses": statuses,
    }


def language_cost(repeats: int = 5) -> dict:
    """Per-document language identification on the demo and seed gold texts, before (langdetect on the
    whole text, per-character category test for the ratio) and after, alternating in one run."""
    import unicodedata
    from statistics import median

    from corpus.curate import language

    def before(text):
        letters = [ch for ch in text if unicodedata.category(ch).startswith("L")]
        ratio = sum(1 for ch in letters if language.is_arabic_char(ch)) / len(letters) if letters else 0.0
        return language.langdetect_language(text), ratio

    def after(text):
        return language.detect_language(text), language.arabic_ratio(text)

    texts = [p.read_text(encoding="utf-8") for folder in TEXT_DIRS for p in sorted(folder.rglob("*.txt"))]
    times = {"before": [], "after": []}
    for run in (before, after):  # warm-up: profiles, regexes
        run(texts[0])
    for _ in range(repeats):
        for name, run in (("before", before), ("after", after)):
            started = time.perf_counter()
            for text in texts:
                run(text)
            times[name].append((time.perf_counter() - started) / len(texts))
    before_ms, after_ms = (round(1000 * median(times[n]), 3) for n in ("before", "after"))
    return {"texts": len(texts), "before_ms": before_ms, "after_ms": after_ms, "ratio": round(after_ms / before_ms, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--size", type=int, required=True)
    b.add_argument("--db", type=Path, required=True)
    r = sub.add_parser("replicate")
    r.add_argument("--source", type=Path, required=True)
    r.add_argument("--db", type=Path, required=True)
    r.add_argument("--times", type=int, default=10)
    sub.add_parser("language")
    m = sub.add_parser("measure")
    m.add_argument("--db", type=Path, required=True)
    m.add_argument("--next", type=int, default=1000)
    args = parser.parse_args()
    if args.command == "build":
        build(args.db, args.size)
    elif args.command == "language":
        print(json.dumps(language_cost()))
    elif args.command == "replicate":
        replicate(args.source, args.db, args.times)
    else:
        print(json.dumps(measure(args.db, args.next)))


if __name__ == "__main__":
    main()
