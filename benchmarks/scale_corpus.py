"""The measured steps of the scale benchmark: each one a real command in a child process, timed, with
its peak memory, done once on our corpus.db and once on a plain sqlite-utils table of the same texts.

Only public commands are called (`corpus import-text`, `reclean`, `export`, `search`, `crawl`;
`sqlite-utils insert`, `enable-fts`, `search`, `rows`), plus corpus.search.search for the query timings,
so the benchmark keeps measuring whatever the code behind those commands becomes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from crawl_pages import FAST_CRAWL_SETTINGS, PageSite
from seed_docs import REPO, document_id, document_text, file_name

BENCHMARKS = Path(__file__).resolve().parent
CHUNK = 50_000  # files per import-text command: the disk holds one chunk of text files at a time
SITE = "scale_site"  # the generated site's outlet name


@dataclass
class Run:
    """One finished command: wall seconds, peak RSS of its largest process (MB), its stdout."""

    wall: float
    rss_mb: float
    out: str


def child_env() -> dict:
    """This checkout importable by the children, from any working directory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), str(BENCHMARKS), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


# Spawns the command and reports its wall time and peak RSS. Measured from this small process because
# Linux starts a child's peak RSS at its parent's (the benchmark's own memory would be the floor).
LAUNCHER = """import os, sys, time
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(f"{time.perf_counter() - started} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(command: list, stdout_path: Path | None = None) -> Run:
    """Run a command to its end: wall time and the largest resident set of the command or of any
    process it started and waited for (a worker pool's workers, each one, not their sum)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".usage") as usage,
    ):
        sink = stdout_path.open("wb") if stdout_path else out
        proc = subprocess.run(
            [sys.executable, "-c", LAUNCHER, usage.name, *map(str, command)], stdout=sink, stderr=err, env=child_env()
        )
        if stdout_path:
            sink.close()
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            raise SystemExit(f"{' '.join(map(str, command[:4]))} ... exited {proc.returncode}: {' | '.join(tail)}")
        wall, max_rss_kb = usage.read().split()
        out.seek(0)
        return Run(float(wall), int(max_rss_kb) / 1024, out.read().decode("utf-8", "replace"))


def corpus(*args) -> list:
    return [sys.executable, "-m", "corpus", *args]


def sqlite_utils(*args) -> list:
    exe = Path(sys.executable).parent / "sqlite-utils"
    return [exe, *args] if exe.exists() else [sys.executable, "-m", "sqlite_utils", *args]


def has_workers_option(command: str) -> bool:
    """Does `corpus COMMAND` take --workers? (reclean does; import-text may, depending on the version)."""
    return "--workers" in run(corpus(command, "--help")).out


def fast_crawl_args() -> list[str]:
    return [arg for name, value in FAST_CRAWL_SETTINGS.items() for arg in ("--set", f"{name}={value}")]


# --------------------------------------------------------------------------- the two databases


class Databases:
    """Our corpus.db and the plain table side by side in `work`, growing by document numbers."""

    def __init__(self, work: Path):
        self.work = work
        self.ours, self.plain = work / "ours.db", work / "plain.db"
        self.held = 0  # documents in each database
        self.next_number = 0  # the next seed_docs document number not used yet
        self.plain_indexed = False

    def take(self, count: int) -> range:
        numbers = range(self.next_number, self.next_number + count)
        self.next_number += count
        return numbers

    def write_inputs(self, numbers: range, texts: bool = True) -> tuple[Path, Path]:
        """The documents as seed-shaped .txt files (for import-text) and as JSON rows (for sqlite-utils)."""
        folder, rows = self.work / "texts", self.work / "rows.jsonl"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        with rows.open("w", encoding="utf-8") as out:
            for i in numbers:
                text, _, _ = document_text(i)
                if texts:
                    (folder / file_name(i)).write_text(text, encoding="utf-8")
                out.write(
                    json.dumps({"id": document_id(i), "title": text.split("\n\n")[0], "text": text}, ensure_ascii=False)
                    + "\n"
                )
        return folder, rows

    def insert_plain(self, rows: Path) -> Run:
        """`sqlite-utils insert`; the first time also `enable-fts` (with triggers, so later inserts are indexed)."""
        runs = [run(sqlite_utils("insert", self.plain, "documents", rows, "--nl", "--pk", "id"))]
        if not self.plain_indexed:
            runs.append(run(sqlite_utils("enable-fts", self.plain, "documents", "title", "text", "--create-triggers")))
            self.plain_indexed = True
        return Run(sum(r.wall for r in runs), max(r.rss_mb for r in runs), "")

    def import_documents(self, count: int, outlet: str) -> tuple[Run, Run]:
        """The next `count` documents into both databases, CHUNK at a time: (ours, plain), summed."""
        ours, plain = [], []
        for start in range(0, count, CHUNK):
            folder, rows = self.write_inputs(self.take(min(CHUNK, count - start)))
            ours.append(run(corpus("import-text", folder, "--outlet", outlet, "--db", self.ours)))
            plain.append(self.insert_plain(rows))
        self.held += count
        shutil.rmtree(self.work / "texts", ignore_errors=True)
        total = lambda runs: Run(sum(r.wall for r in runs), max(r.rss_mb for r in runs), "")  # noqa: E731
        return total(ours), total(plain)

    def fill_directly(self, count: int, outlet: str) -> None:
        """The next `count` documents written straight into the tables (dedup_scale.build: the rows,
        signatures, band keys and index entries curating them would have stored), and into the plain
        table with sqlite-utils: untimed, so that 100k and 1M corpora take minutes, not hours."""
        from dedup_scale import build

        numbers = self.take(count)
        for start in range(numbers.start, numbers.stop, CHUNK):
            stop = min(start + CHUNK, numbers.stop)
            build(self.ours, stop, start=start, outlet=outlet)
            _, rows = self.write_inputs(range(start, stop), texts=False)
            self.insert_plain(rows)
        self.held += count

    def bytes_per_document(self) -> tuple[float, float]:
        sizes = []
        for path in (self.ours, self.plain):
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            sizes.append(path.stat().st_size / self.held)
        return sizes[0], sizes[1]


# --------------------------------------------------------------------------- reading


ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{2,}$")


def query_words(plain: Path) -> tuple[tuple[str, int], tuple[str, int]]:
    """((common word, documents), (rare word, documents)) from the plain table's FTS vocabulary, Arabic
    words only: the one in most documents, and one of 5+ letters found in only 2-5 (else the rarest)."""
    conn = sqlite3.connect(plain)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'documents_fts', 'row')")
    first = lambda sql, test: next(row for row in conn.execute(sql) if test(row))  # noqa: E731
    common = first("SELECT term, doc FROM temp.vocab ORDER BY doc DESC, term", lambda r: ARABIC_WORD.match(r[0]))
    # The rare word must stay rare for `corpus search`, which folds it (ألخميس, a respelled copy's, is
    # الخميس) and also looks it up without proclitics (و ف ب ل ك ال): no letter that folds, no clitic.
    rare = first(
        "SELECT term, doc FROM temp.vocab ORDER BY doc BETWEEN 2 AND 5 DESC, doc, term",
        lambda r: (
            ARABIC_WORD.match(r[0])
            and len(r[0]) >= 5
            and not re.match("ال|[وفبلك]", r[0])
            and not re.search("[أإآىة]", r[0])
        ),
    )
    conn.close()
    return tuple(common), tuple(rare)


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def query_times(dbs: Databases, word: str, runs: int) -> dict:
    """The query alone, in this process, top 20 hits: corpus.search.search on ours, sqlite-utils'
    Table.search (what `sqlite-utils search` runs) on the plain table; p50/p95 in ms, interleaved;
    and how many documents ours matches."""
    import sqlite_utils as su

    from corpus.search import DocumentFilter, count_matches, search
    from corpus.store import open_db

    ours, plain = open_db(dbs.ours), su.Database(dbs.plain)
    flt = DocumentFilter()
    queries = {
        "ours": lambda: search(ours, word, flt, 20),
        "plain": lambda: list(plain["documents"].search(word, limit=20, columns=["id", "title"])),
    }
    times = {name: [] for name in queries}
    for query in queries.values():  # warm the page cache: the timings are of the query, not the disk
        query()
    for _ in range(runs):
        for name, query in queries.items():
            started = time.perf_counter()
            query()
            times[name].append(1000 * (time.perf_counter() - started))
    matches = count_matches(ours, word, flt)  # ours also finds the word with proclitics
    ours.close()
    plain.close()
    return {"matches": matches, **{name: (percentile(ts, 0.5), percentile(ts, 0.95)) for name, ts in times.items()}}


def command_times(dbs: Databases, word: str, runs: int) -> tuple[float, float]:
    """Median wall seconds of `corpus search` and `sqlite-utils search` as whole commands (interleaved)."""
    ours, plain = [], []
    for _ in range(runs):
        ours.append(run(corpus("search", word, "--db", dbs.ours, "--limit", "20")).wall)
        plain.append(
            run(sqlite_utils("search", dbs.plain, "documents", word, "--limit", "20", "-c", "id", "-c", "title")).wall
        )
    return statistics.median(ours), statistics.median(plain)


def export_runs(dbs: Databases) -> tuple[Run, Run]:
    """`corpus export --format jsonl` against `sqlite-utils rows --nl` into a file."""
    out = dbs.work / "export"
    shutil.rmtree(out, ignore_errors=True)
    ours = run(corpus("export", "--format", "jsonl", "--out", out, "--db", dbs.ours))
    plain = run(sqlite_utils("rows", dbs.plain, "documents", "--nl"), stdout_path=dbs.work / "plain-export.jsonl")
    shutil.rmtree(out, ignore_errors=True)
    (dbs.work / "plain-export.jsonl").unlink()
    return ours, plain


def reclean_run(dbs: Databases, outlet: str, workers: int | None) -> tuple[Run, int]:
    """`corpus reclean --outlet OUTLET` (with --workers N if given); (run, documents re-cleaned)."""
    extra = ["--workers", str(workers)] if workers else []
    result = run(corpus("reclean", "--outlet", outlet, *extra, "--db", dbs.ours))
    found = re.search(r"re-cleaned ([\d,]+)", result.out)
    return result, int(found.group(1).replace(",", "")) if found else 0


def crawl_runs(dbs: Databases, pages: int) -> tuple[Run, Run, int, int]:
    """`corpus crawl` of `pages` generated pages into our corpus, and a bare Scrapy spider fetching the
    same pages: (ours, bare, documents stored, pages the bare spider fetched). The plain table then gets
    the same texts (untimed), so both databases keep holding the same documents."""
    numbers = dbs.take(pages)
    with PageSite(numbers) as site:
        registry = dbs.work / "outlets.toml"
        registry.write_text(site.registry_entry(SITE), encoding="utf-8")
        bare = run([sys.executable, BENCHMARKS / "crawl_pages.py", "bare", site.base_url])
        ours = run(
            corpus(
                "crawl",
                SITE,
                "--registry",
                registry,
                "--base-url",
                f"{SITE}={site.base_url}",
                "--db",
                dbs.ours,
                "--max-articles",
                pages,
                "--json",
                *fast_crawl_args(),
            )
        )
    stats = json.loads(ours.out)["outlets"][SITE]["articles"]
    _, rows = dbs.write_inputs(numbers)
    dbs.insert_plain(rows)
    shutil.rmtree(dbs.work / "texts", ignore_errors=True)
    dbs.held += pages
    return ours, bare, stats["new"] + stats.get("updated", 0), json.loads(bare.out)["pages"]
