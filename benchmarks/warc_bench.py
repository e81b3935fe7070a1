"""WARC import throughput against the crawl's own page rate, reader speed, and memory against archive size.

    .venv/bin/python benchmarks/warc_bench.py                 # part of `make bench`
    .venv/bin/python benchmarks/warc_bench.py --big-mb 1000   # a 1 GB archive for the memory column

1. Crawls the bundled demo outlets over the local demo server with `corpus crawl --warc`, then imports
   that archive into a fresh database with `corpus import-warc`: pages through the page path per second,
   each measured inside its own process (crawls.duration_s; the import's own clock), side by side.
2. Reads the archive with warcio (the reader the import uses) and, when it is installed, FastWARC.
3. Imports the demo archive padded with large non-article records (random bytes, as incompressible as
   images) to growing sizes, each in a fresh process, and prints the peak resident memory of each.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FAST = [
    "--set",
    "DOWNLOAD_DELAY=0",
    "--set",
    "AUTOTHROTTLE_ENABLED=false",
    "--set",
    "CONCURRENT_REQUESTS=64",
    "--set",
    "CONCURRENT_REQUESTS_PER_DOMAIN=32",
]
MEASURE_IMPORT = """
import json, resource, sys
from corpus.demo.registry import registry_files
from corpus.warc_import import import_warc
report = import_warc(sys.argv[1:2], sys.argv[2], registry=registry_files(), base_urls=json.loads(sys.argv[3]))
print(json.dumps({**report.as_dict(), "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def corpus(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "corpus", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )


def pages_through_path(outcomes: dict) -> int:
    return sum(outcomes.get(k, 0) for k in ("new", "updated", "unchanged", "failed"))


def crawl_and_import(work: Path) -> tuple[dict, dict, dict]:
    from corpus.demo import DemoServer

    with DemoServer() as server:
        bases = {f"demo_{site}": url for site, url in server.base_urls.items()}
        base_args = [a for name, url in bases.items() for a in ("--base-url", f"{name}={url}")]
        crawled = corpus(
            "crawl", *bases, "--db", work / "crawled.db", *base_args, *FAST, "--warc", work / "archive", "--json"
        )
        if crawled.returncode:
            raise SystemExit(f"crawl failed: {crawled.stderr[-2000:]}")
        crawl = json.loads(crawled.stdout)
    imported = run_import(work / "archive", work / "imported.db", bases)
    return crawl, imported, bases


def run_import(path: Path, db: Path, bases: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE_IMPORT, str(path), str(db), json.dumps(bases)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"import failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def reader_rates(archive: Path) -> list[tuple[str, float, int]]:
    """(reader, seconds, records) reading every record's payload of the archive's files."""
    from warcio.archiveiterator import ArchiveIterator

    files = sorted(archive.glob("*.warc.gz"))
    rows = []
    started, n = time.perf_counter(), 0
    for _ in range(20):
        for path in files:
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    record.content_stream().read()
                    n += 1
    rows.append(("warcio 1.8.1", time.perf_counter() - started, n))
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
    except ImportError:
        rows.append(("FastWARC (not installed)", 0.0, 0))
        return rows
    started, n = time.perf_counter(), 0
    for _ in range(20):
        for path in files:
            with open(path, "rb") as fh:
                for record in FastIterator(fh, parse_http=True):
                    record.reader.read()
                    n += 1
    rows.append(("FastWARC", time.perf_counter() - started, n))
    return rows


def padded_archive(archive: Path, target: Path, size_mb: int) -> Path:
    """The crawl's archive plus 1 MB non-HTML responses on an outlet's host until the file is size_mb."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    host = None
    with open(target, "wb") as out:
        for path in sorted(archive.glob("*.warc.gz")):
            with open(path, "rb") as fh:
                shutil.copyfileobj(fh, out)
        if host is None:
            from warcio.archiveiterator import ArchiveIterator

            with open(sorted(archive.glob("*.warc.gz"))[0], "rb") as fh:
                host = next(
                    r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh) if r.rec_type == "response"
                ).split("/")[2]
        writer = WARCWriter(out, gzip=True)
        while out.tell() < size_mb * 1024 * 1024:
            http = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"http://{host}/img/{uuid.uuid4().hex}.jpg",
                "response",
                payload=io.BytesIO(os.urandom(1024 * 1024)),
                http_headers=http,
            )
            writer.write_record(record)
    return target


def foreign_archive(archive: Path, target: Path, size_mb: int) -> Path:
    """The crawl's HTML responses again and again under hosts no outlet owns (most of a CC-NEWS file)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    pages = []
    for path in sorted(archive.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response" and "html" in (record.http_headers.get_header("Content-Type") or ""):
                    pages.append((record.http_headers, record.content_stream().read()))
    with open(target, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        n = 0
        while out.tell() < size_mb * 1024 * 1024:
            http, body = pages[n % len(pages)]
            writer.write_record(
                writer.create_warc_record(
                    f"https://news{n % 5000}.example.org/story/{n}",
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=http,
                )
            )
            n += 1
    return target


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=int, default=200, help="size of the largest padded archive (MB)")
    parser.add_argument("--keep", type=Path, help="keep the archives and databases here")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="warc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        crawl, imported, bases = crawl_and_import(work)
        crawl_pages = pages_through_path(
            {k: crawl["totals"]["articles"].get(k, 0) for k in ("new", "updated", "unchanged", "failed")}
        )
        import_pages = pages_through_path(imported["outcomes"])
        crawl_rate, import_rate = crawl_pages / crawl["duration_s"], import_pages / imported["duration_s"]
        size = sum(p.stat().st_size for p in (work / "archive").glob("*.warc.gz"))
        print(
            f"demo outlets, {crawl_pages} article pages, archive {size / 1024:.0f} kB "
            f"({sum(imported['records'].values())} records)"
        )
        print(f"{'':24}{'pages':>8}{'seconds':>10}{'pages/s':>10}")
        print(f"{'crawl (--warc)':24}{crawl_pages:>8}{crawl['duration_s']:>10.2f}{crawl_rate:>10.1f}")
        print(f"{'import-warc':24}{import_pages:>8}{imported['duration_s']:>10.2f}{import_rate:>10.1f}")
        print(f"import / crawl page rate: {import_rate / crawl_rate:.2f}x (target >= 1.0)\n")

        print(f"{'reader (20 passes)':24}{'records':>8}{'seconds':>10}{'records/s':>12}")
        for name, seconds, n in reader_rates(work / "archive"):
            print(f"{name:24}{n:>8}{seconds:>10.2f}{(n / seconds if seconds else 0):>12,.0f}")
        print()

        foreign = foreign_archive(work / "archive", work / "foreign.warc.gz", max(1, args.big_mb // 4))
        result = run_import(foreign, work / "foreign.db", bases)
        records, seconds, mb = sum(result["records"].values()), result["duration_s"], foreign.stat().st_size / 2**20
        print(
            f"CC-NEWS-like archive, every page on a host no outlet owns: {mb:.0f} MB, {records:,} records in "
            f"{seconds:.1f} s = {mb / seconds:.1f} MB/s, {records / seconds:,.0f} records/s "
            f"({result['outcomes'].get('skipped:no_outlet', 0):,} skipped as no_outlet)\n"
        )
        foreign.unlink()

        print(f"{'archive':>12}{'records':>10}{'seconds':>10}{'peak RSS MB':>13}")
        for size_mb in sorted({0, max(1, args.big_mb // 10), args.big_mb}):
            path = (
                work / "archive"
                if size_mb == 0
                else padded_archive(work / "archive", work / f"padded-{size_mb}.warc.gz", size_mb)
            )
            db = work / f"memory-{size_mb}.db"
            result = run_import(path, db, bases)
            actual = sum(p.stat().st_size for p in path.glob("*.warc.gz")) if path.is_dir() else path.stat().st_size
            print(
                f"{actual / 1024 / 1024:>10.1f}MB{sum(result['records'].values()):>10}{result['duration_s']:>10.1f}"
                f"{result['peak_rss_mb']:>13.0f}"
            )
            if path.is_file():
                path.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
