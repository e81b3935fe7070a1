"""`published` as ISO 8601 with its UTC offset: a local time the page printed without one gets the offset
in force at that moment in the outlet's time zone (registry key `timezone`, an IANA name).

The cleaners return the time as the page prints it ('2024-03-03T15:10'); without a zone that time is
ambiguous by up to a day across outlets. A date without a time stays a date (no offset is meaningful), a
value that already carries an offset is kept, and an outlet without a `timezone` keeps the naive time
rather than guessing one.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_HAS_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


def check_zone(name: str) -> ZoneInfo:
    """The zone, or ValueError naming it (for the registry's validation)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (an IANA name such as Asia/Beirut)") from None


def with_offset(published: str | None, zone: str | None) -> str | None:
    """'2024-03-03T15:10' in Asia/Beirut -> '2024-03-03T15:10+02:00'; anything else unchanged."""
    if not published or not zone or "T" not in published or _HAS_OFFSET.search(published):
        return published
    try:
        local = datetime.fromisoformat(published)
        return local.replace(tzinfo=ZoneInfo(zone)).isoformat(timespec="minutes")
    except (ValueError, ZoneInfoNotFoundError):
        return published


def keep_offset(published: str | None, before: str | None) -> str | None:
    """A re-cleaned date keeps the offset the stored one had for the same local time (re-cleaning reads
    the page again, not the registry's zone)."""
    if (
        published
        and before
        and before != published
        and before.startswith(published)
        and _HAS_OFFSET.search(before)
        and not _HAS_OFFSET.search(published)
    ):
        return before
    return published
