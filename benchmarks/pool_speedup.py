"""Reclean and import-text on 1 worker vs N: the process pool's speed-up, side by side.

    python benchmarks/pool_speedup.py --pages 400 --workers 2

Pages: the bundled demo outlets' article pages (fetched once from the real demo server), cycled to
`--pages` with the i-th copy's headline and paragraphs re-mixed from other articles, so documents are
distinct. They are stored through the page path (corpus.pages.process_page) into a database that is
then copied, so each reclean run starts from the same file. Text files: the stored documents' texts,
one .txt each. Prints one JSON object: seconds and documents/s per run and the ratio N vs 1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from corpus.demo import DemoServer  # noqa: E402
from corpus.importer import import_text  # noqa: E402
from corpus.pages import Page, PageOptions, process_page  # noqa: E402
from corpus.reclean import reclean  # noqa: E402
from corpus.store import now_iso, open_db  # noqa: E402


def demo_pages() -> list[tuple[str, bytes, dict, list[str]]]:
    """(outlet, body, headers, paragraphs) of every demo article page."""
    found = []
    with DemoServer() as server:
        for site in server.outlets:
            for article in server.articles(site):
                with urllib.request.urlopen(article.url, timeout=10) as answer:
                    found.append((f"demo_{site}", answer.read(), dict(answer.headers), article.url))
    return found


def remixed(body: bytes, index: int, rng: random.Random) -> bytes:
    """The page with a numbered headline and its <p> paragraphs shuffled: a distinct document."""
    text = body.decode("utf-8", errors="surrogateescape")
    parts = text.split("<p")
    head, paragraphs = parts[0], parts[1:]
    rng.shuffle(paragraphs)
    text = head.replace("<h1", f"<h1 data-copy='{index}'", 1) + "".join("<p" + p for p in paragraphs)
    text = text.replace("</h1>", f" {index}</h1>", 1)
    return text.encode("utf-8", errors="surrogateescape")


def build_with_texts(work: Path, pages: int) -> tuple[Path, Path, dict]:
    """A crawled corpus of `pages` pages in WORK/base.db and its texts as import files in WORK/texts/;
    returns both and their counts."""
    base, texts = work / "base.db", work / "texts"
    build(base, pages)
    db = open_db(base)
    texts.mkdir()
    for i, (doc_id, text) in enumerate(db.execute("SELECT id, text FROM documents WHERE text IS NOT NULL")):
        (texts / f"{i:04d}_{doc_id}.txt").write_text(text, encoding="utf-8")
    counts = {"pages": pages, "documents": db["documents"].count, "text_files": len(list(texts.iterdir()))}
    db.close()
    return base, texts, counts


def build(db_path: Path, count: int) -> None:
    rng = random.Random(7)
    pages = [p for p in demo_pages() if "charset=utf-8" in (p[2].get("Content-Type") or "").lower()]
    db = open_db(db_path)
    for i in range(count):
        outlet, body, headers, url = pages[i % len(pages)]
        page = Page(
            url=f"{url}?copy={i}",
            outlet=outlet,
            fetched_at=now_iso(),
            body=remixed(body, i, rng),
            headers=headers,
            status=200,
            final_url=f"{url}?copy={i}",
        )
        process_page(db, page, PageOptions(cleaning={"name": outlet}))
    db.close()


def cpu_seconds(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(fn) -> tuple[float, float, float]:
    """(wall, this process's CPU, worker processes' CPU) seconds: on a busy machine the wall-clock ratio
    says little, the CPU split still says how much of the work the one writer keeps."""
    parent, children = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    fn()
    return (
        time.perf_counter() - started,
        cpu_seconds(resource.RUSAGE_SELF) - parent,
        cpu_seconds(resource.RUSAGE_CHILDREN) - children,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pool_speedup_"))
    try:
        base, texts, result = build_with_texts(work, args.pages)
        for workers in (1, args.workers):
            copy = work / f"reclean_{workers}.db"
            shutil.copy(base, copy)
            db = open_db(copy)
            wall, parent, children = timed(lambda db=db, workers=workers: reclean(db, workers=workers, overrides={}))
            db.close()
            result[f"reclean_{workers}_workers_s"] = round(wall, 2)
            result[f"reclean_{workers}_workers_cpu_s"] = {"writer": round(parent, 2), "workers": round(children, 2)}
            fresh = open_db(work / f"import_{workers}.db")
            wall, parent, children = timed(
                lambda fresh=fresh, workers=workers: import_text(fresh, texts, "bench", workers=workers)
            )
            fresh.close()
            result[f"import_text_{workers}_workers_s"] = round(wall, 2)
            result[f"import_text_{workers}_workers_cpu_s"] = {"writer": round(parent, 2), "workers": round(children, 2)}
        n = args.workers
        result["reclean_speedup"] = round(result["reclean_1_workers_s"] / result[f"reclean_{n}_workers_s"], 2)
        result["import_text_speedup"] = round(
            result["import_text_1_workers_s"] / result[f"import_text_{n}_workers_s"], 2
        )
        result["load_average"] = [round(x, 1) for x in os.getloadavg()]
        result["cpus"] = os.cpu_count()
        print(json.dumps(result, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
