"""Text stage: line rules over already-extracted text (the raw seed files, or what the HTML stage extracted).

The stage is an ordered list of small named steps (datatrove-like). Each step takes the current lines and
a read-only context and returns a StepResult: the lines it keeps, the Removals it made (with the rule
name) and the metadata it found. `run_steps` threads the lines through the steps and collects the rest.
Matching is always on the normalized form of a line; output lines keep their own spelling (only
whitespace is cleaned).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cleaners.document import Document, Removal
from cleaners.lines import (
    _EDGE_PUNCT,
    Context,
    Found,
    Line,
    StepResult,
    agency_credit,
    apply_found,
    split_tags,
    to_lines,
    value_after_label,
)
from cleaners.rules import Rules, rules_for
from cleaners.stages import log_caught
from cleaners.text_steps import TEXT_STEPS, Step

__all__ = [
    "clean_text",
    "clean_lines",
    "run_steps",
    "Collected",
    "Line",
    "Found",
    "Context",
    "StepResult",
    "TEXT_STEPS",
    "value_after_label",
    "split_tags",
    "agency_credit",
    "to_lines",
    "apply_found",
    "_EDGE_PUNCT",
]

# --------------------------------------------------------------------------- running


@dataclass
class Collected:
    lines: list[Line]
    removed: list[Removal]
    found: list[Found]


def _title_with_found(ctx: Context, found: list[Found]) -> Context:
    title = next((f.value for f in found if f.field == "title"), None)
    return Context(ctx.rules, title, ctx.find_title) if title and not ctx.title else ctx


def run_steps(lines: list[Line], ctx: Context, steps: tuple[Step, ...] = TEXT_STEPS) -> Collected:
    removed: list[Removal] = []
    found: list[Found] = []
    for step in steps:
        try:
            result = step(lines, ctx)
        except Exception as exc:  # one failing step keeps the lines it was given, named in the audit trail
            log_caught(f"text step {step.__name__}", exc)
            result = StepResult(
                lines,
                [Removal(rule=f"stage_failed:{step.__name__}:{type(exc).__name__}", text=str(exc)[:200], stage="text")],
            )
        lines, removed, found = result.kept, removed + result.removed, found + result.found
        ctx = _title_with_found(ctx, result.found)
    return Collected(lines, removed, found)


def clean_lines(lines: list[Line], rules: Rules, title: str | None = None, find_title: bool = True) -> Collected:
    return run_steps(lines, Context(rules, title, find_title))


def clean_text(text: str | bytes | None, outlet: dict[str, Any] | None = None) -> Document:
    """Clean already-extracted text into a Document (never raises on str/bytes/None input)."""
    try:
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8-sig", errors="replace")
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        rules = rules_for(outlet)
        lines = to_lines(text)
        if not lines:
            return Document(rejected="empty_text")
        collected = clean_lines(lines, rules)
        document = Document(paragraphs=[line.text for line in collected.lines], removed=collected.removed)
        apply_found(document, collected.found)
        if not document.paragraphs:
            document.rejected = "no_article_text"
        return document
    except Exception as exc:  # never raise: a cleaner bug must not stop a crawl
        log_caught("clean_text", exc, trace=True)
        return Document(rejected=f"cleaner_error:{type(exc).__name__}")
