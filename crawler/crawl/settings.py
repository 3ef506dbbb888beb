"""Scrapy settings for healthwatch crawls (``scrapy crawl`` and the crawl child).

The crawl child overrides the ``HEALTHWATCH_*`` keys from the typed config;
``scrapy crawl`` falls back to ``crawler.config.settings.load_settings()``.
"""

BOT_NAME = "healthwatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Politeness: robots.txt, at most 2 requests at a time per site, and
# AutoThrottle on top, which slows down (never below DOWNLOAD_DELAY) when a
# site answers slowly.  Many sites are crawled in parallel, each gently.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# A monitor waits 30 s, not Scrapy's 180 s; HTML pages never need 1 GiB.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
DEPTH_LIMIT = 6
# Links of any length are followed up to this (crawler/crawl/links.py skips
# longer ones with a reason; Scrapy's default 2083 drops them silently).
URLLENGTH_LIMIT = 32_768
# Only http(s): a link or redirect to file://, ftp://, s3:// or data: is never fetched.
SCHEMES_OFF = {"file": None, "ftp": None, "s3": None, "data": None}
USER_AGENT = "healthwatch/0.1 (+https://github.com/healthwatch)"

# A daemon's crawls expose no remote code execution or telnet console.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # robots.txt once per host and day in a process, not once per crawl (robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.crawl.robots.CachedRobotsTxtMiddleware": 100,
    "crawler.crawl.middlewares.KnownArticleMiddleware": 50,  # skip stored articles first
    # Static or browser (docs/render.md); sees answers after ConditionalGet.
    "crawler.crawl.render.RenderMiddleware": 60,
    # Failed article pages: asked for conditionally, skipped while unchanged.
    "crawler.crawl.failed.FailedPageMiddleware": 70,
    # Sees the final answer (after retries and redirects, 550-600) last.
    "crawler.crawl.conditional.ConditionalGetMiddleware": 80,
    # The site's proxy and cookies, before Scrapy's cookies (700) and proxy (750).
    "crawler.crawl.network.SiteNetworkMiddleware": 650,
}
SPIDER_MIDDLEWARES = {
    # Every request says why it failed, in one line of its run (no traceback).
    "crawler.crawl.outcomes.RequestOutcomes": 100,
}
# Log lines name items, never print them (a page's body is no log line).
LOG_FORMATTER = "crawler.crawl.logformat.ShortLogFormatter"
ITEM_PIPELINES = {
    "crawler.crawl.pipelines.ExtractPipeline": 100,
    "crawler.crawl.pipelines.AnalysePipeline": 200,
    "crawler.crawl.pipelines.DedupPipeline": 300,
    "crawler.crawl.pipelines.StorePipeline": 400,
}
EXTENSIONS = {
    "crawler.crawl.runs.CrawlRunRecorder": 500,
}

# Render fallback (docs/render.md): scrapy-playwright handles only requests
# marked {"playwright": True}; every other request stays a plain download.
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    **SCHEMES_OFF,
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# One chromium per crawl child, shared by its spiders, started on first use.
PLAYWRIGHT_BROWSER_PROVIDER = "crawler.crawl.browser.SharedBrowserProvider"
PLAYWRIGHT_LAUNCH_OPTIONS = {"headless": True, "timeout": 20_000}  # flags: render_browser.py
PLAYWRIGHT_ABORT_REQUEST = "crawler.crawl.browser.abort_request"  # no images, fonts, media
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 15_000  # ms
PLAYWRIGHT_MAX_CONTEXTS = 2  # per spider: the default context and the demo-proxy one
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2

# healthwatch's own keys (None = read from healthwatch.toml / environment).
HEALTHWATCH_DATABASE_URL = None
HEALTHWATCH_DEMO_SERVER = None  # proxy URL serving the *.demo.test sites
HEALTHWATCH_PROGRESS = False  # print JSON progress lines on stdout (crawl child)
HEALTHWATCH_RENDER = True  # False: never render (every spider's policy becomes "never")
HEALTHWATCH_BROWSER = None  # chromium's path; None = "chromium" on PATH
HEALTHWATCH_RENDER_WAIT_MS = 15_000  # a rendered page's content must show within this
HEALTHWATCH_NODE = None  # the daemon node running the crawl (CrawlRun.node)
HEALTHWATCH_PROXY = None  # the site's proxy URL (config `proxy`, credentials expanded)
HEALTHWATCH_COOKIES: dict[str, str] = {}  # the site's cookies (config `cookies`)
HEALTHWATCH_NETWORK_ERROR = None  # why the site's network settings cannot be met
HEALTHWATCH_PAGE_BUDGET = 30.0  # seconds per page for extraction, and for analysis (0 = none)

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
