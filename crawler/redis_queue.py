"""Distributed crawling: the request queue and the URL fingerprints in Redis, pages to a Redis list.

`corpus crawl OUTLET --redis redis://HOST:PORT/N` (crawler.distributed sets these settings) runs the
usual spider with:

- RedisScheduler: the outlet's requests in a Redis sorted set (scrapy_redis.queue.PriorityQueue, so
  articles still go first) that every crawler process of that outlet, on any machine, pops from; and
  the URL fingerprints in Redis sets (scrapy_redis.dupefilter.RFPDupeFilter, SADD: atomic), so a URL
  one process scheduled is never scheduled by another.
- RedisPagePipeline instead of clean → curate → store: each fetched article page (raw bytes, headers,
  encoding, outlet and its cleaning options, discovery info) is pushed, as JSON, onto one Redis list;
  `corpus ingest` pops it and runs the usual pipelines into corpus.db (SQLite has one writer).

Keys, for CORPUS_REDIS_PREFIX "corpus" and outlet demo_sada:

    corpus:demo_sada:requests         sorted set  pending requests (pickled, as scrapy-redis stores them)
    corpus:demo_sada:seen             set         article URL fingerprints: every article is fetched once,
                                                  in this run and in every later one (kept across runs)
    corpus:demo_sada:seen:discovery   set         sitemap/feed/section fingerprints of the current run
                                                  (cleared when a run starts afresh: entry points are read
                                                  again on every run, to find new articles)
    corpus:demo_sada:workers          hash        live crawler processes: "host:pid:nonce" -> "time state"
    corpus:items                      list        pages waiting for `corpus ingest` (all outlets)
    corpus:items:processing           list        the page `corpus ingest` is storing right now

A run starts afresh when a process opens the outlet while no other live process has it open and the
queue is empty; otherwise the process joins the running crawl (or resumes an interrupted one: the
queue persists). The entry points (robots/sitemaps, feeds, sections) are start requests the spider
marks dont_filter; here they go through the run's discovery set all the same, so only the first
process fetches them. A process whose queue is empty stays (polling twice a second) while another
process is still busy, since that one may yet find more URLs; it stops when the queue is empty and
every live process is idle. A process that died is forgotten after CORPUS_REDIS_WORKER_TIMEOUT s.

Why not scrapy_redis.scheduler.Scheduler itself (scrapy-redis 0.9.1 under Scrapy 2.19): it names its
keys after spider.name, which is "outlet" for every outlet; it lets dont_filter start requests through,
so every process would fetch every entry point; one fingerprint set for everything means a second run
would never read the sitemaps again; a process stops as soon as the shared queue is momentarily empty;
and it passes spider= to the stats collector, deprecated in Scrapy 2.19. Its queue, dupefilter and
connection classes are used as they are.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import socket
import uuid
from urllib.parse import urlsplit, urlunsplit

from scrapy import signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis
from scrapy_redis.dupefilter import RFPDupeFilter

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "corpus"
ITEMS_FORMAT = 1  # the version of the page payload on the items list
# Fields of a PageItem the spider fills: what `corpus ingest` rebuilds the item from.
PAGE_FIELDS = (
    "url",
    "final_url",
    "canonical_url",
    "status",
    "headers",
    "encoding",
    "encoding_fix",
    "outlet",
    "fetched_at",
    "discovered_from",
    "lastmod",
    "error",
)


# ---------------------------------------------------------------------- keys and connections


def outlet_keys(prefix: str, outlet: str) -> dict[str, str]:
    base = f"{prefix}:{outlet}"
    return {
        "requests": f"{base}:requests",
        "seen": f"{base}:seen",
        "discovery": f"{base}:seen:discovery",
        "workers": f"{base}:workers",
    }


def items_key(prefix: str = DEFAULT_PREFIX) -> str:
    return f"{prefix}:items"


def processing_key(prefix: str = DEFAULT_PREFIX) -> str:
    return f"{prefix}:items:processing"


def connect(url: str):
    """A redis-py client for a redis:// URL (scrapy-redis's connection defaults: timeouts, retry on timeout)."""
    return get_redis(url=url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)


def safe_url(url: str) -> str:
    """The URL without its password, for messages and the crawls table."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


# Server-side (atomic) bookkeeping of the processes crawling an outlet. Times are the Redis server's, so
# machines with skewed clocks agree. A worker's value is "<seconds> <busy|idle>".
_PRUNE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local all = redis.call('HGETALL', KEYS[1])
local live = {}
for i = 1, #all, 2 do
  local ts, state = string.match(all[i + 1], '^(%S+) (%S+)$')
  ts = tonumber(ts)
  if ts == nil or now - ts > tonumber(ARGV[1]) then
    redis.call('HDEL', KEYS[1], all[i])
  else
    live[all[i]] = state
  end
end
"""
# KEYS: workers, requests, discovery; ARGV: timeout, me. Returns 1 when this process starts a fresh run.
JOIN_SCRIPT = (
    _PRUNE
    + """
local fresh = 0
if next(live) == nil and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3])
  fresh = 1
end
redis.call('HSET', KEYS[1], ARGV[2], string.format('%.3f busy', now))
return fresh
"""
)
# KEYS: workers; ARGV: timeout, me, state ("" keeps the current one). Returns how many OTHER live workers are busy.
BEAT_SCRIPT = (
    _PRUNE
    + """
local state = ARGV[3]
if state == '' then state = live[ARGV[2]] or 'busy' end
redis.call('HSET', KEYS[1], ARGV[2], string.format('%.3f %s', now, state))
local busy = 0
for name, s in pairs(live) do
  if name ~= ARGV[2] and s == 'busy' then busy = busy + 1 end
end
return busy
"""
)


# ---------------------------------------------------------------------- the scheduler


class RedisScheduler(BaseScheduler):
    """One outlet's requests and fingerprints in Redis, shared by every process crawling it (see the module doc).

    Settings: CORPUS_REDIS_URL (required), CORPUS_REDIS_PREFIX ("corpus"), SCHEDULER_PERSIST (True: keep
    the queue and the fingerprints when the last process stops), CORPUS_REDIS_POLL (0.5 s: how often an
    idle process looks for work while others are busy), CORPUS_REDIS_WORKER_TIMEOUT (15 s)."""

    def __init__(self, crawler):
        settings = crawler.settings
        url = settings.get("CORPUS_REDIS_URL")
        if not url:
            raise NotConfigured("RedisScheduler needs CORPUS_REDIS_URL")
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = url
        self.server = connect(url)
        self.prefix = settings.get("CORPUS_REDIS_PREFIX") or DEFAULT_PREFIX
        self.persist = settings.getbool("SCHEDULER_PERSIST", True)
        self.poll = settings.getfloat("CORPUS_REDIS_POLL", 0.5)
        self.worker_timeout = settings.getfloat("CORPUS_REDIS_WORKER_TIMEOUT", 15.0)
        self.queue_cls = load_object(settings.get("SCHEDULER_QUEUE_CLASS") or "scrapy_redis.queue.PriorityQueue")
        self.worker = worker_name()
        self.state = "busy"
        self.own_start_fingerprints: set[str] = set()  # start requests this process seeded (their retries pass)
        self.join = self.server.register_script(JOIN_SCRIPT)
        self.beat = self.server.register_script(BEAT_SCRIPT)
        self.keys: dict[str, str] = {}
        self.queue = self.articles = self.discovery = self.spider = self.loop = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open(self, spider):
        from twisted.internet import task

        self.spider = spider
        outlet = getattr(getattr(spider, "outlet", None), "name", None) or spider.name
        self.keys = outlet_keys(self.prefix, outlet)
        self.queue = self.queue_cls(server=self.server, spider=spider, key=self.keys["requests"].replace("%", "%%"))
        self.articles = RFPDupeFilter(self.server, key=self.keys["seen"])
        self.discovery = RFPDupeFilter(self.server, key=self.keys["discovery"])
        fresh = self.join(
            keys=[self.keys["workers"], self.keys["requests"], self.keys["discovery"]],
            args=[self.worker_timeout, self.worker],
        )
        pending = len(self.queue)
        self.stats.set_value("corpus/redis/worker", self.worker)
        self.stats.set_value("corpus/redis/joined", "fresh run" if fresh else f"joined ({pending} requests queued)")
        logger.info(
            "%s: %s in %s (worker %s)",
            outlet,
            "starting a fresh run" if fresh else f"joining the running crawl ({pending} requests queued)",
            safe_url(self.url),
            self.worker,
        )
        self.loop = task.LoopingCall(self.heartbeat)
        self.loop.start(self.poll, now=False)

    def close(self, reason):
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if not self.keys:
            return
        self.server.hdel(self.keys["workers"], self.worker)
        if not self.persist and not self.server.hlen(self.keys["workers"]):
            self.server.delete(self.keys["requests"], self.keys["seen"], self.keys["discovery"])

    # ------------------------------------------------------------------ queue

    def has_pending_requests(self) -> bool:
        return self.queue is not None and len(self.queue) > 0

    def enqueue_request(self, request) -> bool:
        if self.filtered(request):
            self.stats.inc_value("corpus/redis/filtered/" + ("articles" if is_article(request) else "discovery"))
            return False
        self.queue.push(request)
        self.stats.inc_value("corpus/redis/enqueued")
        return True

    def next_request(self):
        request = self.queue.pop()
        if request is not None:
            self.stats.inc_value("corpus/redis/dequeued")
            if self.state != "busy":
                self.set_state("busy")
        return request

    def filtered(self, request) -> bool:
        """Seen before, by any process? Articles go by the kept set, everything else by the run's set.
        Start requests (dont_filter entry points) are checked too, except this process's own retries."""
        seen = self.articles if is_article(request) else self.discovery
        if request.meta.get("is_start_request"):
            fingerprint = seen.request_fingerprint(request)
            if fingerprint in self.own_start_fingerprints:
                return False  # a retry (or another re-schedule) of an entry point this process seeded
            if seen.request_seen(request):
                return True
            self.own_start_fingerprints.add(fingerprint)
            return False
        if request.dont_filter:
            return False
        return seen.request_seen(request)

    # ------------------------------------------------------------------ several processes, one crawl

    def set_state(self, state: str = "") -> int:
        """Record this process's state ("" keeps it) and liveness; returns how many others are busy."""
        if state:
            self.state = state
        return int(self.beat(keys=[self.keys["workers"]], args=[self.worker_timeout, self.worker, state]))

    def heartbeat(self):
        """Every CORPUS_REDIS_POLL s: stay alive in the workers hash; if idle, look for work again now
        rather than at Scrapy's next 5 s heartbeat."""
        try:
            self.set_state()
        except Exception:  # noqa: BLE001 - a Redis hiccup must not kill the loop (and with it the liveness)
            logger.warning("redis heartbeat failed", exc_info=True)
            return
        if self.state == "idle":
            slot = getattr(self.crawler.engine, "_slot", None)
            nextcall = getattr(slot, "nextcall", None)
            if nextcall is not None:
                nextcall.schedule()

    def spider_idle(self, spider):
        """Nothing to do here: stay while others are busy (they may queue more), else let Scrapy close."""
        others_busy = self.set_state("idle")
        if others_busy or self.has_pending_requests():
            raise DontCloseSpider


def is_article(request) -> bool:
    """Article requests carry discovered_from (crawler.spiders.outlet.OutletSpider.article_request)."""
    return "discovered_from" in request.meta


# ---------------------------------------------------------------------- pages to Redis, pages from Redis


def page_payload(item, cleaning: dict | None) -> bytes:
    """The PageItem as JSON (body base64), with the outlet's cleaning options: all `corpus ingest` needs."""
    body = item.get("body")
    payload = {field: item.get(field) for field in PAGE_FIELDS}
    payload.update(
        v=ITEMS_FORMAT, body=base64.b64encode(body).decode("ascii") if body is not None else None, cleaning=cleaning
    )
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def page_from_payload(raw: bytes | str):
    """(PageItem, cleaning options) from page_payload's JSON; ValueError if it is not one."""
    from crawler.items import PageItem

    payload = json.loads(raw)
    if not isinstance(payload, dict) or payload.get("v") != ITEMS_FORMAT or not payload.get("outlet"):
        raise ValueError(f"not a page payload (format {payload.get('v') if isinstance(payload, dict) else '?'})")
    body = payload.get("body")
    item = PageItem({field: payload.get(field) for field in PAGE_FIELDS})
    item["headers"] = item.get("headers") or {}
    item["body"] = base64.b64decode(body) if body is not None else None
    return item, payload.get("cleaning")


class RedisPagePipeline:
    """Instead of clean → curate → store: push the raw page onto the items list for `corpus ingest`."""

    def __init__(self, crawler):
        url = crawler.settings.get("CORPUS_REDIS_URL")
        if not url:
            raise NotConfigured("RedisPagePipeline needs CORPUS_REDIS_URL")
        self.crawler = crawler
        self.server = connect(url)
        self.key = items_key(crawler.settings.get("CORPUS_REDIS_PREFIX") or DEFAULT_PREFIX)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        cleaning = self.crawler.spider.outlet.cleaning_options()
        self.server.lpush(self.key, page_payload(item, cleaning))
        self.crawler.stats.inc_value("corpus/redis/pages_queued")
        return item
