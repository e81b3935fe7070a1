"""The text steps, in order: each takes the current lines and a read-only context and returns what it
kept, what it removed (named) and the metadata it found (see cleaners.text_stage for how they run).
"""

from __future__ import annotations

import re
from typing import Callable, cast

from cleaners.dates import is_date_line, parse_arabic_date
from cleaners.document import Removal
from cleaners.glued import glued_teaser_start
from cleaners.lines import (
    _EDGE_PUNCT,
    _SENTENCE_END,
    Context,
    Found,
    Line,
    StepResult,
    _is_body_like,
    _is_end_signal,
    _is_teaser_like,
    _remove,
    agency_credit,
    split_tags,
    value_after_label,
)
from cleaners.rules import Rule, Rules

__all__ = ["TEXT_STEPS", "Step", "interview_questions"]

_SECTION_SEPARATOR = re.compile(r"\s+[-–—|/»>]\s+")  # "الثبات - دولي" (normalized)
_SECTION_SEPARATOR_TEXT = re.compile(r"\s+[-–—|/»>\u0640]+\s+")  # the same in the text, tatweel too
_QUESTION_END = re.compile(r"[؟?]\s*[\"'»”)]*$")
_QUESTION_LABEL = re.compile(r"^[\W_]*(س|سوال|السوال)\s*[:\-–—.)]")  # "س: …", "سؤال - …" (normalized)


def _is_question(line: Line) -> bool:
    return line.words <= 60 and bool(_QUESTION_END.search(line.text) or _QUESTION_LABEL.match(line.norm))


def interview_questions(lines: list[Line], rules: Rules) -> frozenset[str]:
    """The question lines of an interview (Q/A) layout: when at least two short questions ("…؟", "س: …")
    are each answered by the paragraph right after them, every such question is article text, never a
    teaser title (even right after a "read also" heading)."""
    questions = [
        line.norm for line, answer in zip(lines, lines[1:]) if _is_question(line) and _is_body_like(answer, rules)
    ]
    return frozenset(questions) if len(questions) >= 2 else frozenset()


def _opens_thread(rule: Rule, rest: list[Line]) -> bool:
    """A comments heading followed by a short line (a commenter's name, a date, a count): the thread
    starts here and runs to the end. Followed by prose, the heading was a stray share-bar label."""
    return rule.ends_article and bool(rest) and rest[0].words <= 5


def cut_after_related_heading(lines: list[Line], ctx: Context) -> StepResult:
    """A "read also" / "related" / "most read" heading. After the article's end (credits, tags, footer
    already seen), or with nothing but teasers after it, everything from it on goes: what follows is
    another article or a teaser list. Mid-article, only the heading and its short teaser lines go."""
    rules = ctx.rules
    kept: list[Line] = []
    removed: list[Removal] = []
    ended = False
    index = 0
    questions = interview_questions(lines, rules)
    while index < len(lines):
        line = lines[index]
        hit = rules.first_match(line.norm, ("cut_after",))
        if not hit:
            ended = ended or _is_end_signal(line, rules)
            kept.append(line)
            index += 1
            continue
        reason = hit[0].reason
        rest = lines[index + 1 :]
        if ended or _opens_thread(hit[0], rest) or not any(_is_body_like(r, rules) for r in rest):
            removed += [_remove(line, reason)] + [_remove(r, reason) for r in rest]
            break
        removed.append(_remove(line, reason))
        index += 1
        run = 0
        while (
            index < len(lines)
            and run < rules.setting("max_teaser_run", 8)
            and _is_teaser_like(lines[index], rules)
            and lines[index].norm not in questions
            and not rules.first_match(lines[index].norm, ("cut_after",))
            and not _is_end_signal(lines[index], rules)
        ):
            removed.append(_remove(lines[index], reason + ":teaser"))
            index += 1
            run += 1
    return StepResult(kept, removed)


def _drop_by_action(lines: list[Line], ctx: Context, actions: tuple[str, ...]) -> StepResult:
    kept, removed = [], []
    for line in lines:
        hit = ctx.rules.first_match(line.norm, actions)
        if hit:
            removed.append(_remove(line, hit[0].reason))
        else:
            kept.append(line)
    return StepResult(kept, removed)


def cut_glued_teasers(lines: list[Line], ctx: Context) -> StepResult:
    """A teaser glued to the end of a paragraph ("… الفقرة. اقرأ أيضا: عنوان"): cut from the marker on."""
    kept, removed = [], []
    for line in lines:
        start = glued_teaser_start(line.text, ctx.rules, line.norm) if line.words >= 7 else None
        if start is None:
            kept.append(line)
            continue
        kept.append(Line.of(line.text[:start].rstrip()))
        removed.append(Removal(rule="inline_teaser:glued", text=line.text[start:], stage="text"))
    return StepResult(kept, removed)


def drop_inline_teasers(lines: list[Line], ctx: Context) -> StepResult:
    """ "إقرأ المزيد <teaser title>" lines inside the body."""
    return _drop_by_action(lines, ctx, ("inline_teaser",))


def drop_marker_lines(lines: list[Line], ctx: Context) -> StepResult:
    """Whole-line markers ("عاجل", "شارك") and newsletter/app/social/cookie prompts."""
    return _drop_by_action(lines, ctx, ("drop_line", "prompt"))


_BAR_SEPARATOR = re.compile(r"\s*[|\[\]•·]+\s*|\s+[-–—/]\s+")  # between a tools bar's parts (normalized)
_BAR_MAX_WORDS = 16
_BAR_ACTIONS = ("drop_line", "nav")


def _is_action_bar(line: Line, rules: Rules) -> bool:
    """A short line of two or more labels set apart by bars or brackets, at least half of them (and two,
    on a longer bar) whole-line page tool or navigation labels ("طباعة | أرسل لصديق | تكبير الخط",
    "[ طباعة ] [ PDF ] [ عودة ]"); a label is at most three words."""
    if line.words > _BAR_MAX_WORDS or not _BAR_SEPARATOR.search(line.norm):
        return False
    parts = [part for part in (p.strip(_EDGE_PUNCT) for p in _BAR_SEPARATOR.split(line.norm)) if part]
    if len(parts) < 2 or any(len(part.split()) > 3 for part in parts):
        return False
    actions = sum(1 for part in parts if rules.first_match(part, _BAR_ACTIONS))
    return 2 * actions >= len(parts) and (actions == len(parts) or actions >= 2)


def drop_action_bars(lines: list[Line], ctx: Context) -> StepResult:
    """Tools and pager bars made of several action labels (each label alone is a marker line)."""
    kept, removed = [], []
    for line in lines:
        if _is_action_bar(line, ctx.rules):
            removed.append(_remove(line, "drop_line:action_bar"))
        else:
            kept.append(line)
    return StepResult(kept, removed)


def drop_nav_lines(lines: list[Line], ctx: Context) -> StepResult:
    """Previous/next article links ("السابق …", "التالى …")."""
    return _drop_by_action(lines, ctx, ("nav",))


def drop_footers(lines: list[Line], ctx: Context) -> StepResult:
    """Copyright and site-credit lines; the news source or outlet they name goes to metadata
    ("جميع الحقوق محفوظة لمصدر الخبر الوطن …" -> source_credit الوطن)."""
    kept, removed, found = [], [], []
    for line in lines:
        hit = ctx.rules.first_match(line.norm, ("footer",))
        if not hit:
            kept.append(line)
            continue
        removed.append(_remove(line, hit[0].reason))
        for pattern in ctx.rules.credit_patterns:
            match = pattern.search(line.text)
            if match and match["value"].strip(_EDGE_PUNCT):
                found.append(Found("source_credit", match["value"].strip(_EDGE_PUNCT)))
        for pattern in ctx.rules.outlet_patterns:
            match = pattern.search(line.text)
            if match and match["value"].strip(_EDGE_PUNCT):
                found.append(Found("outlet_name", match["value"].strip(_EDGE_PUNCT)))
    return StepResult(kept, removed, found)


def move_label_metadata(lines: list[Line], ctx: Context) -> StepResult:
    """ "label: value" lines: tags, source credits, bylines, section labels."""
    kept, removed, found = [], [], []
    for line in lines:
        hit = ctx.rules.first_match(line.norm, ("metadata_label",))
        if not hit:
            kept.append(line)
            continue
        rule, match = hit
        value = value_after_label(line.text, match["label"])
        if not value:
            kept.append(line)
            continue
        removed.append(_remove(line, rule.reason))
        if rule.field == "tags":
            found += [Found("tags", tag) for tag in split_tags(value, ctx.rules)]
        else:
            found.append(Found(cast(str, rule.field), value.strip(_EDGE_PUNCT) or value))
    return StepResult(kept, removed, found)


def move_agency_credits(lines: list[Line], ctx: Context) -> StepResult:
    """Standalone wire credits ("وكالات", "(رويترز)", "--(بترا)") go to source_credit."""
    kept, removed, found = [], [], []
    for line in lines:
        if ctx.rules.is_agency_line(line.norm):
            removed.append(_remove(line, "credit:agency"))
            found.append(Found("source_credit", agency_credit(line.text)))
        else:
            kept.append(line)
    return StepResult(kept, removed, found)


def move_date_lines(lines: list[Line], ctx: Context) -> StepResult:
    """Date/time lines go to `published` (the first one that parses)."""
    kept, removed, found = [], [], []
    for line in lines:
        if line.words <= 24 and is_date_line(line.text):
            removed.append(_remove(line, "date_line"))
            published = parse_arabic_date(line.text)
            if published:
                found.append(Found("published", published))
        else:
            kept.append(line)
    return StepResult(kept, removed, found)


_BYLINE_SEPARATOR = re.compile(r"\s+[·•|—–-]\s+")
_MAX_BYLINE_NAME_WORDS = 4


def _byline_date_line(line: Line) -> str | None:
    """The date of a header line "name · date" / "name — date" (a byline beside the date), else None:
    one part a whole date line, the other a few words of letters only (a name, no sentence)."""
    parts = _BYLINE_SEPARATOR.split(line.text.strip())
    if len(parts) != 2 or line.words > 12:
        return None
    for name, date in (parts, parts[::-1]):
        words = name.split()
        if 1 <= len(words) <= _MAX_BYLINE_NAME_WORDS and all(w.isalpha() for w in words) and is_date_line(date):
            return date
    return None


def move_byline_date_lines(lines: list[Line], ctx: Context) -> StepResult:
    """Header lines "name · date" go whole; the date to `published` (the name may be a place: not read)."""
    kept, removed, found = [], [], []
    zone = ctx.rules.setting("header_zone_lines", 8)
    for index, line in enumerate(lines):
        date = _byline_date_line(line) if index < zone else None
        if date is None:
            kept.append(line)
            continue
        removed.append(_remove(line, "byline_date_line"))
        published = parse_arabic_date(date)
        if published:
            found.append(Found("published", published))
    return StepResult(kept, removed, found)


def _section_label(line: Line, rules: Rules) -> tuple[str | None, str | None]:
    """(outlet, section) when a short line is a section label: "أخبار", "اخبار السياسه",
    "الثبات ـ دولي"; (None, None) otherwise."""
    if line.words > 5:
        return None, None
    core = line.norm.strip(_EDGE_PUNCT)
    if _is_section_name(core, rules):
        return None, line.text.strip(_EDGE_PUNCT)
    parts = _SECTION_SEPARATOR.split(core)
    if len(parts) == 2 and _is_section_name(parts[1], rules) and 1 <= len(parts[0].split()) <= 3:
        pieces = _SECTION_SEPARATOR_TEXT.split(line.text.strip(_EDGE_PUNCT), maxsplit=1)
        if len(pieces) == 2:
            return pieces[0].strip(_EDGE_PUNCT), pieces[1].replace("\u0640", "").strip(_EDGE_PUNCT)
    return None, None


def _is_section_name(norm: str, rules: Rules) -> bool:
    words = norm.split()
    if norm in rules.section_words:
        return True
    return 2 <= len(words) <= 3 and words[0] in ("اخبار", "الاخبار") and not any(w.isdigit() for w in words)


def move_section_labels(lines: list[Line], ctx: Context) -> StepResult:
    """Section labels near the top ("أخبار", "الثبات ـ دولي") go to section (and outlet)."""
    kept, removed, found = [], [], []
    zone = ctx.rules.setting("header_zone_lines", 8)
    in_header = True
    for index, line in enumerate(lines):
        if in_header and (index >= zone or _is_body_like(line, ctx.rules)):
            in_header = False
        outlet, section = _section_label(line, ctx.rules) if in_header else (None, None)
        if section:
            removed.append(_remove(line, "section_label"))
            found.append(Found("section", section))
            if outlet:
                found.append(Found("outlet_name", outlet))
        else:
            kept.append(line)
    return StepResult(kept, removed, found)


def drop_breadcrumb_title(lines: list[Line], ctx: Context) -> StepResult:
    """A headline printed with its breadcrumb/section in front ("اخبار السياسه <title>") right before
    (or after) the plain headline: the prefixed copy goes, the prefix is the section."""
    if len(lines) < 2:
        return StepResult(list(lines))
    zone = min(len(lines) - 1, ctx.rules.setting("header_zone_lines", 8))
    for index in range(zone):
        first, second = lines[index], lines[index + 1]
        for long, short in ((first, second), (second, first)):
            if long.norm != short.norm and long.norm.endswith(" " + short.norm) and short.words >= 3:
                prefix_words = long.words - short.words
                if 1 <= prefix_words <= 4:
                    prefix = " ".join(long.text.split()[:prefix_words]).strip(_EDGE_PUNCT)
                    kept = [line for line in lines if line is not long]
                    return StepResult(kept, [_remove(long, "breadcrumb_title")], [Found("section", prefix)])
    return StepResult(list(lines))


def _is_headline(line: Line) -> bool:
    return 2 <= line.words <= 25 and not _SENTENCE_END.search(line.text) and not line.text.endswith(":")


def pick_title(lines: list[Line], ctx: Context) -> StepResult:
    """Text input: the first line is the title when it reads like a headline (short, no final
    punctuation) and body follows."""
    if not ctx.find_title or ctx.title or len(lines) < 2 or not _is_headline(lines[0]):
        return StepResult(list(lines))
    return StepResult(lines[1:], [], [Found("title", lines[0].text)])


def drop_repeats(lines: list[Line], ctx: Context) -> StepResult:
    """The headline repeated in the body, and any paragraph printed again (a body printed twice)."""
    kept, removed = [], []
    seen = {ctx.title_norm} if ctx.title_norm else set()
    title_norm = ctx.title_norm
    for line in lines:
        if title_norm and line.norm == title_norm:
            removed.append(_remove(line, "repeated_title"))
        elif line.norm in seen:
            removed.append(_remove(line, "repeated_paragraph"))
        else:
            seen.add(line.norm)
            kept.append(line)
    return StepResult(kept, removed)


Step = Callable[[list[Line], Context], StepResult]

# Order matters: cut first (what follows a "read also" heading after the article's end is another
# article, whose credits and tags are not ours), metadata before the title (a section line or date
# line may sit above or below the headline), repeats last (needs the title).
TEXT_STEPS: tuple[Step, ...] = (
    cut_after_related_heading,
    cut_glued_teasers,
    drop_inline_teasers,
    drop_marker_lines,
    drop_action_bars,
    drop_footers,
    drop_nav_lines,
    move_label_metadata,
    move_agency_credits,
    move_date_lines,
    move_byline_date_lines,
    move_section_labels,
    drop_breadcrumb_title,
    pick_title,
    drop_repeats,
)
