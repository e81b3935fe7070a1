"""Document identity: canonical URLs and the 16-hex-digit ids used in file names."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never an article.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|_ga|ref|ref_src|cmpid|ocid|igshid|s_cid|at_medium|at_campaign)$",
    re.IGNORECASE,
)
# AMP copies of an article: /amp, /amp/, .amp, /amp/<path>, ?amp, ?amp=1, ?outputType=amp
AMP_SUFFIX = re.compile(r"(/amp/?|\.amp)$", re.IGNORECASE)
AMP_PREFIX = re.compile(r"^/amp(/|$)", re.IGNORECASE)
AMP_PARAMS = re.compile(r"^(amp|outputtype)$", re.IGNORECASE)
ID_PATTERN = re.compile(r"^[0-9a-f]{16}$")


def canonical_url(url: str) -> str:
    """One spelling per article: https, no www., no tracking/AMP params, fragment or trailing slash.

    >>> canonical_url("http://www.Example.com/news/1/amp/?utm_source=x&b=2&a=1#top")
    'https://example.com/news/1?a=1&b=2'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    path = AMP_PREFIX.sub("/", parts.path)
    path = AMP_SUFFIX.sub("", path)
    path = re.sub(r"/{2,}", "/", path).rstrip("/")
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k) and not (AMP_PARAMS.match(k) and v.lower() in ("", "1", "amp", "true"))
    )
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


def doc_id_for_url(url: str) -> str:
    """A stable 64-bit id (16 lowercase hex digits) of the canonical URL."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def doc_id_for_text(text: str) -> str:
    """Id for a document that has no URL (an imported text file): a hash of its content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def id_from_filename(name: str) -> str | None:
    """The id in a seed-style file name `NNN_<16 hex>.txt`, or None."""
    match = re.match(r"^\d{3,}_([0-9a-f]{16})\.txt$", name)
    return match.group(1) if match else None
