"""Seed-shaped generated documents, the one generator the scale benchmarks share.

Document i is a title and 5-8 paragraphs built from the Arabic words of the seed and demo gold texts
shipped in tests/ (re-mixed so every document is distinct; the title names a made-up name three
neighbours share, the rare words), ending in one of a few boilerplate lines;
1 % are exact copies of an earlier document (respelled: أ for ا, which matching folds back) and 4 %
near copies (a paragraph dropped, a word added). The same i always gives the same text, so a
benchmark can grow a corpus in steps and generate "the next 1,000" at any size.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEXT_DIRS = [REPO / "tests" / "data" / "seeds" / "gold", REPO / "tests" / "gold" / "demo"]
OUTLETS = [f"outlet{i}" for i in range(10)]
BOILERPLATE = ["تابعونا على تويتر وفيسبوك", "جميع الحقوق محفوظة للموقع", "حمّل تطبيقنا على هاتفك"]


def word_pool() -> tuple[list[list[str]], list[str]]:
    """(paragraphs as word lists, vocabulary) of the bundled gold texts."""
    paragraphs = []
    for folder in TEXT_DIRS:
        for path in sorted(folder.rglob("*.txt")):
            for paragraph in path.read_text(encoding="utf-8").split("\n\n")[1:]:
                words = paragraph.split()
                if len(words) >= 12:
                    paragraphs.append(words)
    vocabulary = sorted({w for p in paragraphs for w in p if re.search(r"[\u0600-\u06ff]", w)})
    return paragraphs, vocabulary


POOL, VOCABULARY = word_pool()


LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def name_word(k: int) -> str:
    """A made-up name: the long tail of rare words (people, places) a news corpus is full of."""
    rnd = random.Random(f"name {k}")
    return "".join(rnd.choices(LETTERS, k=rnd.randint(5, 7)))


def original_text(i: int) -> str:
    """Document i: a title naming a made-up name (shared by three neighbours: rare words), then 5-8
    paragraphs of gold paragraphs with 40 % of the words swapped."""
    rnd = random.Random(i)
    title = " ".join(rnd.choices(VOCABULARY, k=rnd.randint(6, 10)) + [name_word(i // 3)])
    paragraphs = []
    for _ in range(rnd.randint(5, 8)):
        words = [w if rnd.random() > 0.4 else rnd.choice(VOCABULARY) for w in rnd.choice(POOL)]
        paragraphs.append(" ".join(words) + ".")
    return "\n\n".join([title, *paragraphs, rnd.choice(BOILERPLATE)])


def document_text(i: int) -> tuple[str, str, int]:
    """(text, kind, source) of document i: 1 % exact copies (respelled) and 4 % near copies of an
    earlier document `source`; originals are their own source."""
    if i >= 100 and i % 100 == 0:
        source = random.Random(-i).randrange(i)
        return original_text(source).replace("ا", "أ", 3), "exact", source
    if i >= 100 and i % 25 == 1:
        rnd = random.Random(-i)
        source = rnd.randrange(i)
        title, *paragraphs = original_text(source).split("\n\n")
        del paragraphs[rnd.randrange(len(paragraphs) - 1)]
        paragraphs[0] = paragraphs[0].replace(" ", " وقال ", 1)
        return "\n\n".join([title, *paragraphs]), "near", source
    return original_text(i), "original", i


def document_id(i: int) -> str:
    """The 16-hex id of document i (what `NNN_<id>.txt` file names carry)."""
    return f"{i:016x}"


def file_name(i: int) -> str:
    """Document i as a seed file name: its number (import order) and id."""
    return f"{i:07d}_{document_id(i)}.txt"
