"""The bundled offline demo outlets: data (sites/), templates, loader, HTTP server and gold texts.

    from corpus.demo import DemoServer
    with DemoServer() as server:
        server.base_urls            # {"sada": "http://127.0.0.1:PORT", ...}

See FORMAT.md for the data format and server.py for the server's API.
"""

import importlib
from typing import Any

# Names re-exported lazily, so `python -m corpus.demo.gold` / `.server` do not import their module twice.
_EXPORTS = {
    "Article": "articles",
    "Block": "articles",
    "Section": "articles",
    "Site": "articles",
    "load_site": "articles",
    "load_sites": "articles",
    "site_names": "articles",
    "DemoServer": "server",
    "RequestRecord": "server",
    "serve": "server",
    "gold_text": "gold",
    "write_gold": "gold",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'corpus.demo' has no attribute {name!r}")
    return getattr(importlib.import_module(f"corpus.demo.{_EXPORTS[name]}"), name)
