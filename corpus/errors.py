"""One exception base for every error the corpus reports to a person as one line.

The CLI (corpus.cli) turns a CorpusError into its message and exit status 1 (2 stays click's usage
errors); `corpus --debug COMMAND` shows the traceback instead. Library code raises a subclass that
says what went wrong and names the file, URL or outlet; it never prints.
"""

from __future__ import annotations


class CorpusError(Exception):
    """Base class: the message is one line naming what failed and why."""


class ConfigError(CorpusError, ValueError):
    """Invalid settings, registry or rules data (names the file, the entry and the key)."""


class DatabaseUnavailable(CorpusError):
    """The database cannot be opened, is not a corpus, or is held by another writer."""
