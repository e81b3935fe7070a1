"""A crawl's stats as the corpus records them (crawls.stats) and `corpus crawl` prints them.

Built from Scrapy's stats collector: Scrapy's own keys (downloader/...) plus the "corpus/..." keys the
spider, the encoding guard and the pipelines count.
"""

from __future__ import annotations

from collections import Counter

ARTICLE_OUTCOMES = ("new", "updated", "unchanged", "failed")
# Curation statuses that mean the page gave no usable article text (counted against the extraction yield);
# duplicate and not_arabic are real articles, just not new or not ours.
NO_TEXT_STATUSES = ("empty", "too_short", "link_list", "rejected")
# Scrapy's finish reason when CLOSESPIDER_TIMEOUT (set from CORPUS_OUTLET_BUDGET_S) ended the outlet
BUDGET_FINISH_REASON = "closespider_timeout"
# Finish reasons of an outlet that ended normally: done, or stopped by one of its bounds
NORMAL_FINISH_REASONS = ("finished", BUDGET_FINISH_REASON)


def _prefixed(stats: dict, prefix: str) -> dict[str, int]:
    return {key[len(prefix) :]: value for key, value in sorted(stats.items()) if key.startswith(prefix)}


def outlet_summary(outlet: str, stats: dict) -> dict:
    """One outlet's crawl: requests, responses by status, articles by outcome, failures by reason, ...

    Keys: outlet, ok, finish_reason, elapsed_s, requests, responses {status: n},
    articles {found, new, updated, unchanged, failed, duplicate}, failures {reason: n}, skipped {reason: n},
    dropped {reason: n} (failures plus curation statuses other than ok), curation_status {status: n},
    extraction_failures {reason: n}, yield {pages, no_text {reason: n}}, retries {count, gave_up, waits, wait_s, slowed_down},
    encoding_fixes, boilerplate_recleaned, discovery {sitemaps, feeds, section_pages, not_modified, errors, failed [{url, kind, reason}]},
    errors {stage or "discovery:<reason>": n}, store_failures {exception: n} (a page not stored fails the run), bounds {bound: n} (max_articles, max_sitemaps, sitemap_depth:
    URLs not requested because of it; wall_clock_budget: 1), not_fetched (article URLs queued but never
    answered: a bound ended the outlet first), curation."""
    articles = {"found": stats.get("corpus/articles_found", 0)}
    articles.update({outcome: stats.get(f"corpus/articles/{outcome}", 0) for outcome in ARTICLE_OUTCOMES})
    curation_status = _prefixed(stats, "corpus/curation_status/")
    articles["duplicate"] = curation_status.get("duplicate", 0)
    failures = _prefixed(stats, "corpus/failures/")
    responses = _prefixed(stats, "downloader/response_status_count/")
    skipped = _prefixed(stats, "corpus/articles_skipped/")
    if stats.get("corpus/articles_over_limit"):
        skipped["over_limit"] = stats["corpus/articles_over_limit"]
    discovery = {
        "sitemaps": stats.get("corpus/sitemaps", 0),
        "feeds": stats.get("corpus/feeds", 0),
        "section_pages": stats.get("corpus/section_pages", 0),
        "not_modified": stats.get("corpus/discovery_not_modified", 0),  # 304: nothing new from that entry point
        "errors": stats.get("corpus/discovery_errors", 0),
        "failed": list(stats.get("corpus/discovery_failed") or []),
    }
    finish_reason = stats.get("finish_reason")
    reached = sum(responses.values()) > 0 and not (articles["found"] == 0 and discovery["errors"] > 0)
    bounds = _prefixed(stats, "corpus/bounds/")
    if finish_reason == BUDGET_FINISH_REASON:
        bounds["wall_clock_budget"] = 1
    answered = sum(articles[outcome] for outcome in ARTICLE_OUTCOMES)
    return {
        "outlet": outlet,
        "ok": finish_reason in NORMAL_FINISH_REASONS and reached and not stats.get("corpus/errors/store"),
        "finish_reason": finish_reason,
        "elapsed_s": round(stats.get("elapsed_time_seconds") or 0.0, 3),
        "requests": stats.get("downloader/request_count", 0),
        "responses": responses,
        "articles": articles,
        "failures": failures,
        "skipped": skipped,
        "dropped": dropped_reasons(failures, curation_status),
        "curation_status": curation_status,
        "extraction_failures": _prefixed(stats, "corpus/extraction_failures/"),
        "yield": {"pages": stats.get("corpus/yield/pages", 0), "no_text": _prefixed(stats, "corpus/yield/no_text/")},
        "retries": {
            "count": stats.get("retry/count", 0),
            "gave_up": stats.get("retry/max_reached", 0),
            "waits": stats.get("corpus/retry_waits", 0),
            "slowed_down": stats.get("corpus/slowed_down", 0),
            "wait_s": round(stats.get("corpus/retry_wait_s", 0), 3),
        },
        "encoding_fixes": stats.get("corpus/encoding_fixes", 0),
        # documents stored before a line of theirs became learned boilerplate, re-cleaned at the end
        "boilerplate_recleaned": stats.get("corpus/boilerplate_recleaned", 0),
        "discovery": discovery,
        "errors": _prefixed(stats, "corpus/errors/"),
        "store_failures": _prefixed(stats, "corpus/store_failures/"),  # pages that could not be written, by error
        "bounds": bounds,
        "not_fetched": max(articles["found"] - skipped.get("already_stored", 0) - answered, 0),
        "curation": stats.get("corpus/curation", "on"),
    }


def bounds_phrase(summary: dict) -> str:
    """The bounds an outlet hit, for its summary line ("" if none): what was left for the next run."""
    bounds = summary.get("bounds") or {}
    parts = []
    if bounds.get("wall_clock_budget"):
        parts.append(f"wall_clock_budget ({summary.get('not_fetched', 0)} queued article URLs not fetched)")
    names = {
        "max_articles": "article URLs not requested",
        "max_sitemaps": "sitemaps not requested",
        "sitemap_depth": "sitemaps too deep not requested",
    }
    parts += [f"{bound} ({n} {names[bound]})" for bound, n in bounds.items() if bound in names]
    return f"; bound hit: {', '.join(parts)}" if parts else ""


def dropped_reasons(failures: dict[str, int], curation_status: dict[str, int]) -> dict[str, int]:
    """Why fetched article URLs did not become ok documents: page failures (http_404, no_article_text, ...)
    and the curation status of stored documents that are not ok (duplicate, too_short, ...)."""
    dropped = Counter(failures)
    dropped.update({status: n for status, n in curation_status.items() if status != "ok"})
    return dict(sorted(dropped.items()))


def yield_collapse(summary: dict, min_yield: float, min_pages: int) -> str | None:
    """One line saying why an outlet's extraction yield collapsed (most fetched article pages gave no
    article text: a changed template, a consent wall), or None. Judged only from min_pages pages on."""
    pages = summary["yield"]["pages"]
    lost = summary["yield"]["no_text"]
    n_lost = sum(lost.values())
    if pages < max(min_pages, 1) or (pages - n_lost) / pages >= min_yield:
        return None
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(lost.items(), key=lambda kv: (-kv[1], kv[0])))
    return (
        f"{summary['outlet']}: extraction yield collapsed: {n_lost} of {pages} article pages gave no "
        f"article text ({reasons})"
    )


def run_summary(outlets: dict[str, dict]) -> dict:
    """Several outlets' summaries with their totals: {"ok", "outlets": {name: summary}, "totals": {...}}."""
    totals = {"requests": 0, "responses": Counter(), "articles": Counter(), "failures": Counter(), "encoding_fixes": 0}
    for summary in outlets.values():
        totals["requests"] += summary["requests"]
        totals["encoding_fixes"] += summary["encoding_fixes"]
        for key in ("responses", "articles", "failures"):
            totals[key].update(summary[key])
    totals = {
        key: dict(sorted(value.items())) if isinstance(value, Counter) else value for key, value in totals.items()
    }
    bounds_hit = {name: sorted(s.get("bounds") or {}) for name, s in outlets.items() if s.get("bounds")}
    return {
        "ok": bool(outlets) and all(s["ok"] for s in outlets.values()),
        "outlets": outlets,
        "totals": totals,
        "bounds_hit": bounds_hit,
    }
