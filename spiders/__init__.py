"""Site spiders: one module per site, named like the spider (``spiders/<name>.py``)."""

from __future__ import annotations

import pkgutil

# Modules here that hold base classes, not sites.
NOT_SITES = frozenset({"base"})


def spider_names() -> list[str]:
    """Names of the site spiders, read from module names without importing
    them, so the CLI and the daemon never load Scrapy."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in NOT_SITES)
