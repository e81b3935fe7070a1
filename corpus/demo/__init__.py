"""The bundled offline demo outlets: data (sites/), templates, loader, HTTP server and gold texts.

    from corpus.demo import DemoServer
    with DemoServer() as server:
        server.base_urls            # {"sada": "http://127.0.0.1:PORT", ...}

See FORMAT.md for the data format and server.py for the server's API.
"""
from corpus.demo.articles import Article, Block, Section, Site, load_site, load_sites, site_names
from corpus.demo.gold import gold_text, write_gold
from corpus.demo.server import DemoServer, RequestRecord, serve

__all__ = [
    "Article", "Block", "DemoServer", "RequestRecord", "Section", "Site",
    "gold_text", "load_site", "load_sites", "serve", "site_names", "write_gold",
]
