"""Curation thresholds, in one frozen dataclass so every run states the settings it used."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CurationSettings:
    """Every threshold curation applies. Defaults suit Arabic news articles.

    Language
      arabic_langs: langdetect codes counted as Arabic.
      min_arabic_ratio: below this share of Arabic-script letters (among all letters) an Arabic
        document is `low_arabic` (a mostly Latin-script page that langdetect still called Arabic).
    Quality (never deletes; sets status and status_reason)
      min_words: fewer words in the clean text (title included) -> `too_short`.
      max_link_line_ratio: more than this share of body lines look like list/link items -> `link_list`.
      list_line_max_words: a body line this short without sentence punctuation counts as a list item.
      min_lines_for_list: the link_list rule needs at least this many body lines.
    Duplicates
      near_duplicate_threshold: estimated Jaccard similarity of word shingles for a near duplicate.
      num_perm: MinHash permutations (stored signatures are only comparable at the same num_perm).
      shingle_words: words per shingle.
    Learned outlet boilerplate
      boilerplate_min_pages: a line seen on this many distinct pages of one outlet is removed.
      boilerplate_max_words: only lines up to this many words are counted (real paragraphs that
        repeat are not boilerplate).
      boilerplate_max_chars: same limit in characters.
    """

    min_words: int = 40
    min_arabic_ratio: float = 0.6
    max_link_line_ratio: float = 0.6
    list_line_max_words: int = 8
    min_lines_for_list: int = 4
    arabic_langs: tuple[str, ...] = ("ar",)
    near_duplicate_threshold: float = 0.5
    num_perm: int = 128
    shingle_words: int = 3
    boilerplate_min_pages: int = 5
    boilerplate_max_words: int = 20
    boilerplate_max_chars: int = 160

    def __post_init__(self) -> None:
        """Fail at construction, with the setting's name, rather than deep inside a crawl."""
        for name in ("min_arabic_ratio", "max_link_line_ratio", "near_duplicate_threshold"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {getattr(self, name)}")
        for name in (
            "min_words",
            "list_line_max_words",
            "min_lines_for_list",
            "boilerplate_min_pages",
            "boilerplate_max_words",
            "boilerplate_max_chars",
            "shingle_words",
        ):
            if getattr(self, name) < (1 if name != "min_words" else 0):
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        if self.num_perm < 16:
            raise ValueError(f"num_perm must be at least 16, got {self.num_perm}")
