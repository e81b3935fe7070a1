"""A crawl's stats as the corpus records them (crawls.stats) and `corpus crawl` prints them.

Built from Scrapy's stats collector: Scrapy's own keys (downloader/...) plus the "corpus/..." keys the
spider, the encoding guard and the pipelines count.
"""
from __future__ import annotations

from collections import Counter

ARTICLE_OUTCOMES = ("new", "updated", "unchanged", "failed")


def _prefixed(stats: dict, prefix: str) -> dict[str, int]:
    return {key[len(prefix):]: value for key, value in sorted(stats.items()) if key.startswith(prefix)}


def outlet_summary(outlet: str, stats: dict) -> dict:
    """One outlet's crawl: requests, responses by status, articles by outcome, failures by reason, ...

    Keys: outlet, ok, finish_reason, elapsed_s, requests, responses {status: n},
    articles {found, new, updated, unchanged, failed}, failures {reason: n}, skipped {reason: n},
    encoding_fixes, discovery {sitemaps, feeds, section_pages, errors}, errors {stage: n}, curation."""
    articles = {"found": stats.get("corpus/articles_found", 0)}
    articles.update({outcome: stats.get(f"corpus/articles/{outcome}", 0) for outcome in ARTICLE_OUTCOMES})
    responses = _prefixed(stats, "downloader/response_status_count/")
    skipped = _prefixed(stats, "corpus/articles_skipped/")
    if stats.get("corpus/articles_over_limit"):
        skipped["over_limit"] = stats["corpus/articles_over_limit"]
    discovery = {
        "sitemaps": stats.get("corpus/sitemaps", 0),
        "feeds": stats.get("corpus/feeds", 0),
        "section_pages": stats.get("corpus/section_pages", 0),
        "errors": stats.get("corpus/discovery_errors", 0),
    }
    finish_reason = stats.get("finish_reason")
    reached = sum(responses.values()) > 0 and not (articles["found"] == 0 and discovery["errors"] > 0)
    return {
        "outlet": outlet,
        "ok": finish_reason == "finished" and reached,
        "finish_reason": finish_reason,
        "elapsed_s": round(stats.get("elapsed_time_seconds") or 0.0, 3),
        "requests": stats.get("downloader/request_count", 0),
        "responses": responses,
        "articles": articles,
        "failures": _prefixed(stats, "corpus/failures/"),
        "skipped": skipped,
        "encoding_fixes": stats.get("corpus/encoding_fixes", 0),
        "discovery": discovery,
        "errors": _prefixed(stats, "corpus/errors/"),
        "curation": stats.get("corpus/curation", "on"),
    }


def run_summary(outlets: dict[str, dict]) -> dict:
    """Several outlets' summaries with their totals: {"ok", "outlets": {name: summary}, "totals": {...}}."""
    totals = {"requests": 0, "responses": Counter(), "articles": Counter(), "failures": Counter(),
              "encoding_fixes": 0}
    for summary in outlets.values():
        totals["requests"] += summary["requests"]
        totals["encoding_fixes"] += summary["encoding_fixes"]
        for key in ("responses", "articles", "failures"):
            totals[key].update(summary[key])
    totals = {key: dict(sorted(value.items())) if isinstance(value, Counter) else value for key, value in totals.items()}
    return {"ok": bool(outlets) and all(s["ok"] for s in outlets.values()), "outlets": outlets, "totals": totals}
