"""Issue 13 item 4: characters XML forbids never reach lxml, and a stage that raises falls back to the
stage before it, named in the audit trail, instead of losing the article."""

from __future__ import annotations

import logging

import pytest

import cleaners
import cleaners.html_stage as html_stage
from cleaners.rules import load_rules
from cleaners.stages import guarded, xml_safe
from cleaners.text_stage import TEXT_STEPS, Context, Line, StepResult, run_steps
from tests.unit.cleaners.test_cleaners_html import P1, P2, P3, page


@pytest.mark.parametrize("bad", ["\x0b", "\x0c", "\x01", "\x1f", "\x00", "\ufffe"])
def test_control_character_inside_a_valid_article_costs_nothing(bad):
    html = page(P1 + f"<p>نص<script>x()</script>{bad} تابع</p>" + P2 + P3)
    document = cleaners.clean_html(html)
    assert document.rejected is None
    assert "نص تابع" in document.paragraphs
    assert bad not in document.text and "x()" not in document.text
    assert any(r.rule == "dom_tag:script" for r in document.removed)
    assert not any(r.rule.startswith("stage_failed") for r in document.removed)


def test_the_issue_page_as_bytes_keeps_every_paragraph():
    html = page(P1 + "<p>نص<script>x()</script>\x0b تابع</p>" + P2 + P3).encode("utf-8")
    document = cleaners.clean_html(html)
    assert len(document.paragraphs) == 4 and document.word_count > 60


def test_xml_safe_keeps_ordinary_text_and_whitespace():
    text = "سطر\tأول\nثانٍ\r\nEnglish ﻷ \u200f"
    assert xml_safe(text) == text
    assert xml_safe("a\x0bb\x0cc\x01d\ud800e") == "a b cde"


def test_guarded_returns_the_fallback_and_names_the_failure():
    removed = []
    assert guarded("extract", removed, lambda: ["previous"], lambda: 1 / 0) == ["previous"]
    assert removed[0].rule == "stage_failed:extract:ZeroDivisionError" and removed[0].stage == "dom"
    assert guarded("extract", removed, list, lambda x: x + 1, 1) == 2 and len(removed) == 1


def _boom(*args, **kwargs):
    raise RuntimeError("injected failure")


@pytest.mark.parametrize(
    "stage, function",
    [
        ("prune", "prune_page"),
        ("extract", "_extract_lines"),
        ("metadata", "read_page_meta"),
        ("lead", "lead_text"),
        ("text", "clean_lines"),
    ],
)
def test_a_failing_html_stage_falls_back_and_keeps_the_article(monkeypatch, stage, function):
    """A failure injected into one stage: the article's paragraphs survive, the failure is named."""
    monkeypatch.setattr(html_stage, function, _boom)
    document = cleaners.clean_html(page(P1 + P2 + P3))
    assert document.rejected is None
    assert f"stage_failed:{stage}:RuntimeError" in [r.rule for r in document.removed]
    for paragraph in (P1, P2, P3):
        assert paragraph[3:-4] in document.paragraphs


def test_a_failing_text_step_keeps_the_lines_it_was_given():
    def broken_step(lines, ctx):
        raise ValueError("bad step")

    lines = [Line.of(P1[3:-4]), Line.of("عاجل"), Line.of(P2[3:-4])]
    collected = run_steps(lines, Context(load_rules()), (broken_step, *TEXT_STEPS))
    assert [line.text for line in collected.lines] == [P1[3:-4], P2[3:-4]]  # later steps still ran
    assert collected.removed[0].rule == "stage_failed:broken_step:ValueError"
    assert isinstance(StepResult([]), StepResult)


def test_a_caught_failure_is_logged_at_debug_level_naming_the_page(monkeypatch, caplog):
    monkeypatch.setattr(html_stage, "prune_page", _boom)
    url = "https://example.org/news/42"
    with caplog.at_level(logging.DEBUG, logger="cleaners"):
        cleaners.clean_html(page(P1 + P2 + P3), url=url)
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG and r.name == "cleaners"]
    assert any(url in line and "stage prune" in line and "injected failure" in line for line in lines), lines


def test_a_clean_page_logs_nothing(caplog):
    with caplog.at_level(logging.DEBUG, logger="cleaners"):
        cleaners.clean_html(page(P1 + P2 + P3), url="https://example.org/news/43")
    assert not [r for r in caplog.records if r.name == "cleaners"]
