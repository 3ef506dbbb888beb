"""The Scrapy crawl runtime: settings, middlewares, pipelines, conditional GET,
render fallback, extraction, run recording and the request keys they share.

Spiders (``spiders/``) are declared with it; it never imports them.
"""
