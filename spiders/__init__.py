"""Site spiders: one module per site, named like the spider (``spiders/<name>.py``).

A configured site with no module of its own but a ``url`` is watched by the
generic spider (``spiders/generic.py``).
"""

from __future__ import annotations

import datetime as dt
import pkgutil

# Modules here that hold base classes and helpers, not sites.
NOT_SITES = frozenset({"base", "generic", "discovery", "probe", "check"})
# How often a generic site is polled unless its config says otherwise.
GENERIC_EVERY = dt.timedelta(hours=1)


def spider_names() -> list[str]:
    """Names of the site spiders, read from module names without importing
    them, so the CLI and the daemon never load Scrapy."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in NOT_SITES)


def is_generic(site: str, url: str | None) -> bool:
    """True when ``site`` is watched by the generic spider: it has a ``url``
    in the config and no spider module of its own (a module always wins)."""
    return bool(url) and site not in spider_names()
