"""The outlet spider's -a arguments, the registry entry they name, and the Scrapy settings that entry sets."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from corpus.registry import Outlet, load_registry


@dataclass(frozen=True)
class SpiderOptions:
    """The spider's -a arguments, parsed."""

    outlet: str
    base_url: str | None = None
    urls: tuple[str, ...] = ()  # fetch only these article URLs (no discovery)
    since: date | None = None
    max_articles: int | None = None
    registry: tuple[str, ...] = ()  # registry files (-a registry=PATH[:PATH...]); () for the bundled one
    refetch: bool = False  # fetch articles already stored again (default: only new or changed ones)

    @classmethod
    def parse(
        cls, name=None, base_url=None, urls=None, since=None, max_articles=None, registry=None, refetch=None
    ) -> SpiderOptions:
        if not name:
            raise ValueError("the outlet spider needs -a name=OUTLET (list them with `corpus outlets`)")
        if isinstance(urls, str):
            urls = [u for u in re.split(r"[\s,]+", urls) if u]
        return cls(
            outlet=name,
            base_url=base_url or None,
            urls=tuple(urls or ()),
            since=date.fromisoformat(since) if isinstance(since, str) and since else since or None,
            max_articles=int(max_articles) if max_articles not in (None, "") else None,
            registry=tuple(p for p in (registry or "").split(os.pathsep) if p)
            if isinstance(registry, str)
            else tuple(registry or ()),
            refetch=str(refetch).lower() in ("1", "true", "yes") if refetch is not None else False,
        )


def resolve_outlet(options: SpiderOptions) -> Outlet:
    """The registry entry, rebased onto base_url when given (required for demo outlets)."""
    registry = load_registry(options.registry)
    if options.outlet not in registry:
        raise ValueError(f"unknown outlet {options.outlet!r}; known: {', '.join(sorted(registry))}")
    outlet = registry[options.outlet]
    if options.base_url:
        outlet = outlet.with_base_url(options.base_url)
    outlet.entry_points()  # fails now, with the fix in the message, if a demo outlet has no base URL
    return outlet


def apply_outlet_settings(settings, outlet: Outlet) -> None:
    """Registry politeness and the contact URL, at "spider" priority (command line and tests still win)."""
    if outlet.download_delay is not None:
        settings.set("DOWNLOAD_DELAY", outlet.download_delay, priority="spider")
    if outlet.concurrency is not None:
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", outlet.concurrency, priority="spider")
    if (settings.getpriority("USER_AGENT") or 0) <= (settings.getpriority("CORPUS_CONTACT_URL") or 0):
        settings.set("USER_AGENT", f"arabic-news-corpus/0.1 (+{settings.get('CORPUS_CONTACT_URL')})", priority="spider")
    budget = settings.getfloat("CORPUS_OUTLET_BUDGET_S")
    if budget > 0 and (settings.getpriority("CLOSESPIDER_TIMEOUT") or 0) <= (
        settings.getpriority("CORPUS_OUTLET_BUDGET_S") or 0
    ):
        settings.set("CLOSESPIDER_TIMEOUT", budget, priority="spider")  # Scrapy's CloseSpider ends the outlet
    if settings.get("CORPUS_JOBS_DIR") and not settings.get("JOBDIR"):
        # One job directory per outlet: each crawler has its own scheduler queue and seen-requests file.
        settings.set("JOBDIR", str(Path(settings["CORPUS_JOBS_DIR"]) / outlet.name), priority="spider")
