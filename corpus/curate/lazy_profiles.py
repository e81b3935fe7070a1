"""langdetect's language profiles, loaded in a tenth of the time: each word's probabilities are worked
out the first time a text has that word, with the same arithmetic, instead of all at load.

DetectorFactory.load_profile builds word_lang_prob_map, {n-gram: [its probability in each language]},
for all ~88,000 n-grams of the 55 bundled profiles: ~0.7 s of CPU and ~60 MB in every process that
detects a language (each worker of a pool), where a detection reads a few hundred of them.
lazy_factory() reads the same files in the same order (the order decides each language's index) and
fills a row when the detector first asks for it; tests/unit/corpus/test_lazy_profiles.py compares
every row and the language list with langdetect's own.
"""

from __future__ import annotations

import json
import os
from typing import Any


class WordProbabilities(dict[str, list[float]]):
    """word_lang_prob_map, each row made on first use as DetectorFactory.add_profile makes it. The
    detector only asks `word in map` and `map[word]`."""

    def __init__(self, profiles: list[tuple[dict[str, int], list[int]]], size: int):
        super().__init__()
        self.profiles = profiles  # per language index: (n-gram counts, n-grams of each length)
        self.size = size  # row length: add_profile's langsize, the number of entries in the directory
        self.words = frozenset().union(*(counts for counts, _ in profiles))

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __missing__(self, word: str) -> list[float]:
        if word not in self.words:
            raise KeyError(word)
        row = [0.0] * self.size
        length = len(word)
        if 1 <= length <= 3:
            for index, (counts, n_words) in enumerate(self.profiles):
                if word in counts:
                    row[index] = 1.0 * counts[word] / n_words[length - 1]
        self[word] = row
        return row


def lazy_factory(directory: str) -> Any:  # a langdetect DetectorFactory (langdetect has no types)
    """A DetectorFactory with the profiles of `directory`, loaded as DetectorFactory.load_profile loads
    them (directory order, dot files and non-files skipped) but with rows made on first use."""
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    names = os.listdir(directory)
    profiles = []
    for name in names:
        path = os.path.join(directory, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        factory.langlist.append(data["name"])
        profiles.append((data["freq"], data["n_words"]))
    factory.word_lang_prob_map = WordProbabilities(profiles, len(names))
    return factory
