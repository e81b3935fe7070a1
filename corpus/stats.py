"""What is in corpus.db: documents per outlet and status, words, duplicates, removals, last crawls.

Plain SQL aggregates (no rows held in memory); `corpus stats` prints them and `corpus report` plots them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

import sqlite_utils
from sqlite_utils import Database

from corpus.search import DocumentFilter

# Stats describe the whole database unless told otherwise: every status, duplicates included.
ALL_DOCUMENTS = DocumentFilter(statuses=(), keep_duplicates=True)


class Duplicates(TypedDict):
    duplicate_documents: int
    clusters: int  # clusters of two or more documents
    largest_cluster: int


class RuleRemovals(TypedDict):
    rule: str
    removals: int
    documents: int
    chars: int


class LastCrawl(TypedDict):
    outlet: str
    started_at: str
    finished_at: str | None
    status: str
    duration_s: float | None
    last_fetched_at: str | None


@dataclass
class OutletRow:
    outlet: str
    by_status: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    words: int = 0  # words of the status "ok" documents: what an export would carry


@dataclass
class CorpusStats:
    outlets: list[OutletRow]
    statuses: list[str]  # column order for by_status
    duplicates: Duplicates
    removals: list[RuleRemovals]  # most removals first
    crawls: list[LastCrawl]  # the latest run of each outlet

    @property
    def totals(self) -> OutletRow:
        total = OutletRow("total")
        for row in self.outlets:
            total.documents += row.documents
            total.words += row.words
            for status, n in row.by_status.items():
                total.by_status[status] = total.by_status.get(status, 0) + n
        return total

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["totals"] = asdict(self.totals)
        return data


def collect_stats(db: sqlite_utils.Database, flt: DocumentFilter = ALL_DOCUMENTS) -> CorpusStats:
    outlets, statuses = outlet_status_counts(db, flt)
    return CorpusStats(outlets, statuses, duplicate_counts(db, flt), removal_counts(db, flt), last_crawls(db, flt))


def outlet_status_counts(db: Database, flt: DocumentFilter) -> tuple[list[OutletRow], list[str]]:
    where, params = flt.where()
    sql = f"""
        SELECT coalesce(outlet, '?'), coalesce(status, '?'), count(*),
               sum(CASE WHEN status = 'ok' THEN word_count ELSE 0 END)
        FROM documents WHERE {where} GROUP BY 1, 2 ORDER BY 1, 2"""
    rows: dict[str, OutletRow] = {}
    seen_statuses: dict[str, int] = {}
    for outlet, status, count, words in db.execute(sql, params):
        row = rows.setdefault(outlet, OutletRow(outlet))
        row.by_status[status] = count
        row.documents += count
        row.words += words or 0
        seen_statuses[status] = seen_statuses.get(status, 0) + count
    statuses = sorted(seen_statuses, key=lambda s: (s != "ok", -seen_statuses[s], s))  # ok first, then biggest
    return list(rows.values()), statuses


def duplicate_counts(db: Database, flt: DocumentFilter) -> Duplicates:
    where, params = flt.where()
    duplicates = db.execute(
        f"SELECT count(*) FROM documents WHERE {where} AND duplicate_of IS NOT NULL", params
    ).fetchone()[0]
    clusters, largest = db.execute(
        f"""SELECT count(*), coalesce(max(size), 0) FROM (
                SELECT count(*) AS size FROM documents
                WHERE {where} AND cluster_id IS NOT NULL GROUP BY cluster_id HAVING size > 1)""",
        params,
    ).fetchone()
    return {"duplicate_documents": duplicates, "clusters": clusters, "largest_cluster": largest}


def cluster_sizes(db: Database, flt: DocumentFilter) -> dict[int, int]:
    """{cluster size: number of clusters of that size}, for clusters of two or more documents."""
    where, params = flt.where()
    sql = f"""SELECT size, count(*) FROM (
                 SELECT count(*) AS size FROM documents
                 WHERE {where} AND cluster_id IS NOT NULL GROUP BY cluster_id HAVING size > 1)
              GROUP BY size ORDER BY size"""
    return dict(db.execute(sql, params).fetchall())


def removal_counts(db: Database, flt: DocumentFilter) -> list[RuleRemovals]:
    where, params = flt.where()
    sql = f"""
        SELECT removals.rule, count(*), count(DISTINCT removals.document_id), sum(length(removals.text))
        FROM removals JOIN documents ON documents.id = removals.document_id
        WHERE {where} GROUP BY removals.rule ORDER BY 2 DESC, 1"""
    return [
        {"rule": rule or "?", "removals": n, "documents": docs, "chars": chars or 0}
        for rule, n, docs, chars in db.execute(sql, params)
    ]


def last_crawls(db: Database, flt: DocumentFilter) -> list[LastCrawl]:
    """The latest crawl run that covered each outlet, with when its newest document was fetched."""
    outlet_clause, params = "1", list[str]()
    if flt.outlets:
        outlet_clause = f"outlet IN ({','.join('?' * len(flt.outlets))})"
        params = list(flt.outlets)
    sql = f"""
        SELECT outlet, started_at, finished_at, status, duration_s FROM (
            SELECT j.value AS outlet, c.started_at, c.finished_at, c.status, c.duration_s,
                   row_number() OVER (PARTITION BY j.value ORDER BY c.started_at DESC, c.id DESC) AS recency
            FROM crawls AS c, json_each(CASE WHEN json_valid(c.outlets) THEN c.outlets ELSE '[]' END) AS j)
        WHERE recency = 1 AND {outlet_clause} ORDER BY outlet"""
    fetched = dict(db.execute("SELECT outlet, max(fetched_at) FROM documents GROUP BY outlet").fetchall())
    return [
        {
            "outlet": outlet,
            "started_at": started,
            "finished_at": finished,
            "status": status,
            "duration_s": duration,
            "last_fetched_at": fetched.get(outlet),
        }
        for outlet, started, finished, status, duration in db.execute(sql, params)
    ]


# --- plain-text rendering -----------------------------------------------------------------------


def format_table(headers: list[str], rows: list[list[Any]]) -> str:
    """A fixed-width table; numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h)) for i, h in enumerate(headers)]
    numeric = [
        bool(rows) and all(row[i] is None or isinstance(row[i], (int, float)) for row in rows)
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line([str(h) for h in headers]), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_stats(stats: CorpusStats) -> str:
    sections = []
    totals = stats.totals
    headers = ["outlet", *stats.statuses, "documents", "words (ok)"]
    rows = [[r.outlet, *(r.by_status.get(s, 0) for s in stats.statuses), r.documents, r.words] for r in stats.outlets]
    if len(stats.outlets) > 1:
        rows.append(["total", *(totals.by_status.get(s, 0) for s in stats.statuses), totals.documents, totals.words])
    sections.append("Documents per outlet and status\n" + format_table(headers, rows))
    d = stats.duplicates
    sections.append(
        f"Duplicates: {d['duplicate_documents']:,} documents marked duplicate_of another; "
        f"{d['clusters']:,} clusters of 2+ documents (largest {d['largest_cluster']:,})"
    )
    if stats.removals:
        rows = [[r["rule"], r["removals"], r["documents"], r["chars"]] for r in stats.removals]
        sections.append("Removals per rule\n" + format_table(["rule", "removals", "documents", "chars"], rows))
    else:
        sections.append("Removals per rule: none recorded")
    if stats.crawls:
        rows = [
            [c["outlet"], c["started_at"], c["status"], c["duration_s"], c["last_fetched_at"]] for c in stats.crawls
        ]
        sections.append(
            "Last crawl per outlet\n" + format_table(["outlet", "started", "status", "seconds", "newest fetch"], rows)
        )
    else:
        sections.append("Last crawl per outlet: no crawls recorded")
    return "\n\n".join(sections)
