"""Text stage: line rules over already-extracted text (the raw seed files, or what the HTML stage extracted).

The stage is an ordered list of small named steps (datatrove-like). Each step takes the current lines and
a read-only context and returns a StepResult: the lines it keeps, the Removals it made (with the rule
name) and the metadata it found. `run_steps` threads the lines through the steps and collects the rest.
Matching is always on the normalized form of a line; output lines keep their own spelling (only
whitespace is cleaned).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from cleaners.dates import is_date_line, parse_arabic_date
from cleaners.document import Document, Removal
from cleaners.glued import glued_teaser_start
from cleaners.normalize import clean_whitespace, normalize_for_matching
from cleaners.rules import Rules, rules_for

__all__ = ["clean_text", "clean_lines", "Line", "TEXT_STEPS", "value_after_label", "split_tags", "agency_credit"]

_WORD = re.compile(r"[^\W_]+")
_LABEL_TAIL = re.compile(r"^[\s:：\-–—|/»>«\u064b-\u065f\u0640]+")
_SENTENCE_END = re.compile(r"[.!…]\s*[\"'»”)]*$")
_TAG_SEPARATORS = re.compile(r"\s*(?:[،,;؛|/•#\n]|\s{2,}|\s-\s)\s*")
_EDGE_PUNCT = " \t-–—_:;,.،؛|/•*\"'«»()[]{}"


class Line(NamedTuple):
    text: str  # output text (whitespace cleaned)
    norm: str  # normalized for matching
    words: int

    @classmethod
    def of(cls, text: str) -> "Line":
        norm = normalize_for_matching(text)
        return cls(text, norm, len(norm.split()))


@dataclass(frozen=True)
class Found:
    """Metadata a step moved out of the text."""

    field: str  # published, author, section, tags, source_credit, outlet_name, title
    value: object


@dataclass
class StepResult:
    kept: list[Line]
    removed: list[Removal] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    rules: Rules
    title: str | None = None  # known headline (HTML stage): lines repeating it are dropped
    find_title: bool = True  # text input: decide whether the first line is the headline

    @property
    def title_norm(self) -> str:
        return normalize_for_matching(self.title) if self.title else ""


# --------------------------------------------------------------------------- helpers


def value_after_label(text: str, label_norm: str) -> str:
    """The original text after a label matched on the normalized form ("كلمات دلالية: a b" -> "a b").

    Counts the label's words on the original line, then strips the delimiter after them."""
    count = len(_WORD.findall(label_norm))
    end = 0
    for index, match in enumerate(_WORD.finditer(text), 1):
        end = match.end()
        if index >= count:
            break
    return _LABEL_TAIL.sub("", text[end:]).strip()


def split_tags(value: str, rules: Rules) -> list[str]:
    """Tags from a tag line: explicit separators when there are any; otherwise words grouped by
    rules of thumb (a given name takes the next word, a word with the article ال joins the one before)."""
    value = value.strip(_EDGE_PUNCT)
    if not value:
        return []
    parts = [p.strip(_EDGE_PUNCT) for p in _TAG_SEPARATORS.split(value)]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        return parts
    tags: list[list[str]] = []
    join_next = False
    for word in value.split():
        norm = normalize_for_matching(word)
        if tags and (join_next or (norm.startswith("ال") and len(norm) > 3)):
            tags[-1].append(word)
        else:
            tags.append([word])
        join_next = norm in rules.given_names
    return [" ".join(t) for t in tags]


def _is_teaser_like(line: Line, rules: Rules) -> bool:
    """A teaser title or list item: short and not a finished sentence (or a relative time line)."""
    if is_date_line(line.text):
        return True
    return line.words <= rules.setting("teaser_line_max_words", 25) and not _SENTENCE_END.search(line.text)


def _is_body_like(line: Line, rules: Rules) -> bool:
    return line.words >= rules.setting("body_line_min_words", 15) or (
        line.words >= 8 and bool(_SENTENCE_END.search(line.text)))


_END_SIGNAL_ACTIONS = ("footer", "nav", "prompt", "metadata_label")


def _is_end_signal(line: Line, rules: Rules) -> bool:
    """Lines that only come after an article's last paragraph: credits, tags, footers, prompts, nav."""
    hit = rules.first_match(line.norm, _END_SIGNAL_ACTIONS)
    if hit and not (hit[0].action == "metadata_label" and hit[0].field in ("author", "section")):
        return True
    return rules.is_agency_line(line.norm)


def _remove(line: Line, rule: str) -> Removal:
    return Removal(rule=rule, text=line.text, stage="text")


# --------------------------------------------------------------------------- steps


_QUESTION_END = re.compile(r"[؟?]\s*[\"'»”)]*$")
_QUESTION_LABEL = re.compile(r"^[\W_]*(س|سوال|السوال)\s*[:\-–—.)]")  # "س: …", "سؤال - …" (normalized)


def _is_question(line: Line) -> bool:
    return line.words <= 60 and bool(_QUESTION_END.search(line.text) or _QUESTION_LABEL.match(line.norm))


def interview_questions(lines: list[Line], rules: Rules) -> frozenset[str]:
    """The question lines of an interview (Q/A) layout: when at least two short questions ("…؟", "س: …")
    are each answered by the paragraph right after them, every such question is article text, never a
    teaser title (even right after a "read also" heading)."""
    questions = [line.norm for line, answer in zip(lines, lines[1:])
                 if _is_question(line) and _is_body_like(answer, rules)]
    return frozenset(questions) if len(questions) >= 2 else frozenset()


def _opens_thread(rule, rest: list[Line]) -> bool:
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
        rest = lines[index + 1:]
        if ended or _opens_thread(hit[0], rest) or not any(_is_body_like(r, rules) for r in rest):
            removed += [_remove(line, reason)] + [_remove(r, reason) for r in rest]
            break
        removed.append(_remove(line, reason))
        index += 1
        run = 0
        while (index < len(lines) and run < rules.setting("max_teaser_run", 8)
               and _is_teaser_like(lines[index], rules) and lines[index].norm not in questions
               and not rules.first_match(lines[index].norm, ("cut_after",))
               and not _is_end_signal(lines[index], rules)):
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
        start = glued_teaser_start(line.text, ctx.rules) if line.words >= 7 else None
        if start is None:
            kept.append(line)
            continue
        kept.append(Line.of(line.text[:start].rstrip()))
        removed.append(Removal(rule="inline_teaser:glued", text=line.text[start:], stage="text"))
    return StepResult(kept, removed)


def drop_inline_teasers(lines: list[Line], ctx: Context) -> StepResult:
    """"إقرأ المزيد <teaser title>" lines inside the body."""
    return _drop_by_action(lines, ctx, ("inline_teaser",))


def drop_marker_lines(lines: list[Line], ctx: Context) -> StepResult:
    """Whole-line markers ("عاجل", "شارك") and newsletter/app/social/cookie prompts."""
    return _drop_by_action(lines, ctx, ("drop_line", "prompt"))


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
    """"label: value" lines: tags, source credits, bylines, section labels."""
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
            found.append(Found(rule.field, value.strip(_EDGE_PUNCT) or value))
    return StepResult(kept, removed, found)


_CREDIT_PREFIX_TEXT = re.compile(r"^[\s\W]*(?:(?:نقلا[ًٌ]?|نقل|بتصرف)\s+)?(?:عن|من)\s*[:：\-–—]?\s*(?=\S)")


def agency_credit(text: str) -> str:
    """The credit value of a wire-credit line: edge punctuation and a "نقلاً عن"/"عن" lead-in removed."""
    return _CREDIT_PREFIX_TEXT.sub("", text.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)


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


def _section_label(line: Line, rules: Rules) -> tuple[str | None, str | None]:
    """(outlet, section) when a short line is a section label: "أخبار", "اخبار السياسه",
    "الثبات ـ دولي"; (None, None) otherwise."""
    if line.words > 5:
        return None, None
    core = line.norm.strip(_EDGE_PUNCT)
    if _is_section_name(core, rules):
        return None, line.text.strip(_EDGE_PUNCT)
    parts = re.split(r"\s+[-–—|/»>]\s+", core)
    if len(parts) == 2 and _is_section_name(parts[1], rules) and 1 <= len(parts[0].split()) <= 3:
        pieces = re.split(r"\s+[-–—|/»>\u0640]+\s+", line.text.strip(_EDGE_PUNCT), maxsplit=1)
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
    drop_footers,
    drop_nav_lines,
    move_label_metadata,
    move_agency_credits,
    move_date_lines,
    move_section_labels,
    drop_breadcrumb_title,
    pick_title,
    drop_repeats,
)


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
            result = StepResult(lines, [Removal(rule=f"stage_failed:{step.__name__}:{type(exc).__name__}",
                                                text=str(exc)[:200], stage="text")])
        lines, removed, found = result.kept, removed + result.removed, found + result.found
        ctx = _title_with_found(ctx, result.found)
    return Collected(lines, removed, found)


def to_lines(text: str) -> list[Line]:
    """Non-empty lines, whitespace cleaned (one line is one paragraph)."""
    return [Line.of(t) for t in clean_whitespace(text).split("\n") if t.strip()]


def apply_found(document: Document, found: list[Found]) -> None:
    """First value wins for single fields; tags and credits accumulate without duplicates."""
    for item in found:
        if item.field in ("tags", "source_credit"):
            values = getattr(document, item.field)
            if item.value and item.value not in values:
                values.append(item.value)
        elif item.field == "title":
            document.title = document.title or item.value
        elif item.field in ("published", "author", "section", "outlet_name"):
            if not getattr(document, item.field):
                setattr(document, item.field, item.value)


def clean_lines(lines: list[Line], rules: Rules, title: str | None = None, find_title: bool = True) -> Collected:
    return run_steps(lines, Context(rules, title, find_title))


def clean_text(text, outlet=None) -> Document:
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
        return Document(rejected=f"cleaner_error:{type(exc).__name__}")
