"""Live progress on a terminal: one status line on stderr, redrawn in place, erased at the end.

Only when stderr is a terminal: under cron or in a pipe, commands print plain lines (their summary), never
carriage-return animations. The crawl hands us each outlet's running summary once a second.
"""

from __future__ import annotations

import shutil
from typing import Any, TextIO

ERASE_LINE = "\r\x1b[K"


def outlet_progress(summary: dict[str, Any]) -> str:
    """ "demo_sada 34 pages 12 stored 1 failed" """
    a = summary["articles"]
    responses = sum(summary.get("responses", {}).values())
    stored = a.get("new", 0) + a.get("updated", 0) + a.get("unchanged", 0)
    text = f"{summary['outlet']} {responses} pages {stored} stored"
    failed = a.get("failed", 0) + summary.get("discovery", {}).get("errors", 0)
    return text + (f" {failed} failed" if failed else "")


class CrawlStatusLine:
    """progress(stats) redraws "crawling: outlet N pages M stored K failed | ..." on the terminal."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.drawn = False

    def __call__(self, stats: dict[str, Any]) -> None:
        line = "crawling: " + " | ".join(outlet_progress(s) for s in stats["outlets"].values())
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stream.write(ERASE_LINE + (line if len(line) <= width else line[: width - 1] + "…"))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write(ERASE_LINE)
            self.stream.flush()
            self.drawn = False
