"""A labelled set of near duplicates, and a scorer for near-duplicate indexes.

Built from the gold texts (tests/data/seeds/gold, tests/gold/demo): every base text gets edited
copies at several strengths (sentences dropped, sentences added from another story, words changed,
boilerplate lines appended, and mixes of those), plus negatives: unrelated stories and same-topic
follow-ups (the base's title and lead over another story's body). Each query's label is its true
Jaccard similarity to its base over the same word shingles curation uses, against the threshold.

    python tests/neardup_set.py     # recall and precision of the old in-memory LSH and the new index
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
GOLD_DIRS = (HERE / "data" / "seeds" / "gold", HERE / "gold" / "demo")
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
BOILERPLATE = [
    "تابعونا على تويتر وفيسبوك",
    "جميع الحقوق محفوظة © 2024",
    "حمّل تطبيقنا على هاتفك الآن",
    "اشترك في النشرة البريدية",
    "اقرأ أيضاً: آخر الأخبار",
]
STRENGTHS = (0.05, 0.15, 0.25, 0.35, 0.5, 0.65)


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    base: int | None  # the base text it was made from (None: unrelated)
    jaccard: float  # true Jaccard of word shingles with that base (0 for unrelated)


def base_texts() -> list[str]:
    paths = sorted(p for folder in GOLD_DIRS for p in folder.rglob("*.txt"))
    return [p.read_text(encoding="utf-8").strip() for p in paths]


def sentences(text: str) -> list[str]:
    return [s for paragraph in text.split("\n\n") for s in SENTENCE_END.split(paragraph) if s.strip()]


def true_jaccard(a: str, b: str, shingle_words: int) -> float:
    from corpus.curate.dedup import shingles

    left, right = shingles(a, shingle_words), shingles(b, shingle_words)
    return len(left & right) / len(left | right) if left | right else 0.0


def edited(text: str, other: str, kind: str, strength: float, rnd: random.Random) -> str:
    """An edited copy of text; strength is the share of its sentences or words touched."""
    parts = sentences(text)
    title, body = parts[0], parts[1:]
    if kind in ("drop", "mix"):
        keep = max(1, round(len(body) * (1 - strength)))
        body = [body[i] for i in sorted(rnd.sample(range(len(body)), keep))]
    if kind in ("add", "mix"):
        extra = sentences(other)[1:]
        for sentence in rnd.sample(extra, min(len(extra), max(1, round(len(body) * strength)))):
            body.insert(rnd.randrange(len(body) + 1), sentence)
    if kind in ("words", "mix"):
        vocabulary = other.split()
        body = [" ".join(w if rnd.random() > strength else rnd.choice(vocabulary) for w in s.split()) for s in body]
    if kind == "boilerplate":
        lines = max(1, round(strength * 20))
        body = body + [rnd.choice(BOILERPLATE) for _ in range(lines)]
    return "\n\n".join([title, *body])


def labelled_queries(bases: list[str], shingle_words: int = 3, seed: int = 0) -> list[Query]:
    """Edited copies of every base at every strength, unrelated stories and same-topic follow-ups."""
    rnd = random.Random(seed)
    queries = []
    for i, text in enumerate(bases):
        other = bases[(i + 1 + rnd.randrange(len(bases) - 1)) % len(bases)]
        for kind in ("drop", "add", "words", "boilerplate", "mix"):
            for strength in STRENGTHS:
                copy = edited(text, other, kind, strength, rnd)
                queries.append(Query(f"{i}:{kind}:{strength}", copy, i, true_jaccard(copy, text, shingle_words)))
        # Same topic, different story: this base's title and lead over another story's body.
        lead = sentences(text)[:3]
        follow_up = "\n\n".join(lead + sentences(other)[1:])
        queries.append(Query(f"{i}:follow_up", follow_up, i, true_jaccard(follow_up, text, shingle_words)))
    # Unrelated stories: texts that are not in the index at all, edited a little.
    for j in range(len(bases)):
        stranger = edited(bases[j], bases[(j + 7) % len(bases)], "mix", 0.5, rnd)
        queries.append(Query(f"stranger:{j}", stranger, None, 0.0))
    return queries


def score(predictions: dict[str, str | None], queries: list[Query], threshold: float) -> dict:
    """Recall and precision: a query is a positive when its true Jaccard reaches the threshold; a hit
    is the index naming its base."""
    tp = fp = fn = 0
    for query in queries:
        predicted = predictions[query.name]
        positive = query.base is not None and query.jaccard >= threshold
        if positive and predicted == str(query.base):
            tp += 1
            continue
        fn += positive
        fp += predicted is not None
    return {
        "positives": tp + fn,
        "queries": len(queries),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
    }


def old_lsh_predictions(bases, queries, settings) -> dict[str, str | None]:
    """What the in-memory datasketch MinHashLSH (the index before migration m041) answered."""
    from datasketch import MinHash, MinHashLSH

    from corpus.curate.dedup import MINHASH_SCHEME, MINHASH_SEED, minhash_of

    def datasketch_minhash(text: str) -> MinHash:
        values = minhash_of(text, settings.num_perm, settings.shingle_words).astype("uint32")
        return MinHash(num_perm=settings.num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashvalues=values)

    lsh = MinHashLSH(threshold=settings.near_duplicate_threshold, num_perm=settings.num_perm)
    stored = {}
    for i, text in enumerate(bases):
        stored[str(i)] = datasketch_minhash(text)
        lsh.insert(str(i), stored[str(i)])
    predictions = {}
    for query in queries:
        minhash = datasketch_minhash(query.text)
        scored = {key: stored[key].jaccard(minhash) for key in lsh.query(minhash)}
        scored = {key: s for key, s in scored.items() if s >= settings.near_duplicate_threshold}
        predictions[query.name] = max(scored, key=lambda k: (scored[k], -int(k))) if scored else None
    return predictions


def db_index_predictions(db, bases, queries, settings) -> dict[str, str | None]:
    """What NearDuplicateIndex (band keys in the database) answers, bases stored as originals."""
    from corpus.curate.dedup import NearDuplicateIndex, minhash_of

    index = NearDuplicateIndex.for_db(db, settings)
    for i, text in enumerate(bases):
        db.execute("INSERT INTO documents (id, status, text) VALUES (?, 'ok', ?)", [str(i), text])
        index.add(str(i), "set", minhash_of(text, settings.num_perm, settings.shingle_words))
    predictions = {}
    for query in queries:
        match = index.best_match(f"q:{query.name}", minhash_of(query.text, settings.num_perm, settings.shingle_words))
        predictions[query.name] = match[0] if match else None
    return predictions


def main() -> None:
    import tempfile

    from corpus.curate import CurationSettings
    from corpus.store import open_db

    bases = base_texts()
    for threshold in (0.5, 0.8):
        settings = CurationSettings(near_duplicate_threshold=threshold)
        queries = labelled_queries(bases, settings.shingle_words)
        with tempfile.TemporaryDirectory() as folder:
            db = open_db(Path(folder) / "set.db")
            results = {
                "old in-memory LSH": score(old_lsh_predictions(bases, queries, settings), queries, threshold),
                "new band table": score(db_index_predictions(db, bases, queries, settings), queries, threshold),
            }
        for name, result in results.items():
            print(
                f"threshold {threshold}  {name:18} recall {result['recall']:.3f}  precision {result['precision']:.3f}  "
                f"({result['positives']} positives of {result['queries']} queries; tp {result['tp']} "
                f"fp {result['fp']} fn {result['fn']})"
            )


if __name__ == "__main__":
    main()
