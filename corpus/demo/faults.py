"""Hostile-behaviour switches for tests: make matching requests wait, fail with a status, or get another
page (a changed template, an error page) instead of the real one. `DemoServer.inject` switches them on."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from corpus.demo.routing import Response


@dataclass
class Fault:
    site: str | None  # None: every site
    pattern: re.Pattern[str]
    status: int | None  # None: only the delay, then the normal answer
    remaining: int | None  # None: forever
    delay: float
    body: bytes | None = None  # served instead of the page (a changed template, an error page)

    def response(self) -> Response | None:
        """What is served instead of the page; None: the normal answer (after the delay)."""
        if self.body is not None:
            return Response(self.status or 200, self.body, {"Content-Type": "text/html; charset=utf-8"})
        return fault_response(self.status) if self.status else None


class Faults:
    """The switched-on faults, in the order given; handler threads take them one request at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, site: str, raw_path: str) -> Fault | None:
        """The first fault for this site whose pattern matches path+query (re.search), one use used up."""
        with self._lock:
            for fault in self._faults:
                if fault.remaining != 0 and fault.site in (None, site) and fault.pattern.search(raw_path):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
        return None


def fault_response(status: int) -> Response:
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    if status in (429, 503):
        headers["Retry-After"] = "1"
    return Response(status, f"injected {status}".encode(), headers)
