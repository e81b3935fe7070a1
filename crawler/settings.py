"""Scrapy settings of the corpus crawler: polite by default.

Loaded by scrapy.cfg (`scrapy crawl outlet -a name=...` from the repository root) and explicitly by
crawler.runner.run_crawl (so `corpus crawl` works from any directory). Per-outlet politeness from the
registry is applied by the spider at "spider" priority; command-line/test overrides win over it.
"""

BOT_NAME = "arabic-news-corpus"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are: site operators can read what the crawler is for and how to reach us. The spider builds
# USER_AGENT from CORPUS_CONTACT_URL unless USER_AGENT itself is overridden.
CORPUS_CONTACT_URL = "https://github.com/arabic-news-corpus/arabic-news-corpus"
USER_AGENT = f"arabic-news-corpus/0.1 (+{CORPUS_CONTACT_URL})"

# Politeness.
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Robustness: news pages are small; anything huge is not an article.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 3 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Retries wait (crawler/retry.py): Retry-After when the server sends one, capped; else 1 s, 2 s, 4 s ...
RETRY_AFTER_MAX = 120.0
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
HTTPCACHE_ENABLED = False  # the store keeps every page's raw HTML; a second cache would only go stale
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy's HTTP control server would listen on a port during every crawl
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    # Below HttpCompressionMiddleware (590) so it sees decompressed bodies, above Retry (550).
    "crawler.middlewares.EncodingGuardMiddleware": 580,
    # Scrapy's retry retries at once; ours waits (Retry-After or exponential backoff) in its place.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.retry.BackoffRetryMiddleware": 550,
    # Scrapy's redirects, refusing loops at once and never dropping a redirected article silently.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.GuardedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.GuardedMetaRefreshMiddleware": 580,
    # Next to the downloader: archives responses as fetched (still gzip) when CORPUS_WARC_DIR is set.
    "crawler.warc_writer.WarcWriterMiddleware": 950,
}
ITEM_PIPELINES = {
    # decode -> clean -> curate -> store through the library's one page path (corpus.pages)
    "crawler.pipelines.PagePipeline": 300,
}
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every response's output (default 100); an article
# yields one item and a listing a few dozen requests, so 100 tasks per page were the reactor's largest
# cost in a crawl profile. The pipeline hands pages to the pool at once, so 8 keeps everything moving.
CONCURRENT_ITEMS = 8

# Processes that decode, clean and measure pages (language, MinHash) while Scrapy keeps fetching; the
# pipeline stays the one writer. 0: one per core; 1: in the crawl's own process. `corpus crawl` starts
# one pool for all the outlets of a run (CORPUS_POOL, set by crawler.runner).
CORPUS_WORKERS = 0
CORPUS_POOL = None

# The corpus database, and the crawls row this run records into (None: the store pipeline makes one).
CORPUS_DB = "corpus.db"
CORPUS_CRAWL_ID = None
# Curation thresholds (corpus.config): a dict of overrides of CurationSettings, e.g. {"min_words": 20};
# `corpus crawl` fills it from the config file next to the database and --set.
CORPUS_CURATION = {}
# An outlet whose fetched article pages mostly give no article text (a changed template, a consent wall)
# fails the run: at least CORPUS_MIN_YIELD of them must, judged from CORPUS_YIELD_MIN_PAGES pages on.
CORPUS_MIN_YIELD = 0.5
CORPUS_YIELD_MIN_PAGES = 5
# Bounds: every crawl ends, whatever the outlet's sitemaps hold. Each is per outlet and per run; a bound
# that is hit is counted (stats "bounds", crawls.stats) and named in the summary line, and the run still
# ends normally ("finished"): what was left is found again by the next run.
CORPUS_MAX_ARTICLES = 5000  # article pages requested (already stored ones skipped do not count); 0: no cap.
# `corpus crawl --max-articles N` (spider argument max_articles) overrides it.
CORPUS_MAX_SITEMAPS = 1000  # sitemap documents requested (indexes and urlsets, robots.txt included)
CORPUS_SITEMAP_DEPTH = 3  # a sitemap index's children are followed this many levels down from an entry point
CORPUS_OUTLET_BUDGET_S = 4 * 3600  # wall-clock seconds per outlet (Scrapy's CLOSESPIDER_TIMEOUT); 0: none

# Set by crawler.runner.run_crawl: the spider keeps its pending requests under CORPUS_JOBS_DIR/<outlet>
# (Scrapy's JOBDIR) so a stopped crawl can be resumed.
CORPUS_JOBS_DIR = None

# Web archive of the crawl (crawler/warc_writer.py): every response and its request into rotating .warc.gz
# files in this directory (`corpus crawl --warc DIR`); None: no archive. A file is closed past MAX_SIZE bytes.
CORPUS_WARC_DIR = None
CORPUS_WARC_MAX_SIZE = 1024**3
