"""A site's network settings: secrets from the environment, masked for logs.

Pure functions: the environment is passed in by the process entry point
(the crawl child, the CLI), never read here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from crawler.config.values import ConfigError

# ``${NAME}``: replaced by the environment variable NAME when the crawl starts.
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Proxy schemes: HTTP(S) proxies, SOCKS (``socks5h``: the proxy resolves names).
PROXY_SCHEMES = ("http", "https", "socks4", "socks5", "socks5h")
SOCKS_SCHEMES = ("socks4", "socks5", "socks5h")


def expand(text: str, env: Mapping[str, str], where: str) -> str:
    """``${NAME}`` replaced by the environment's value; a missing one is a
    ConfigError naming the variable (never its value)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            raise ConfigError(f"{where} names ${{{name}}}, which is not set in the environment")
        return env[name]

    return _VARIABLE.sub(value, text)


def masked(url: str) -> str:
    """A proxy URL fit for logs: the password (and a lone credential) as ``***``."""
    parts = urlsplit(url)
    if not parts.username and not parts.password:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    who = f"{parts.username}:***" if parts.password else "***"
    return urlunsplit(parts._replace(netloc=f"{who}@{host}"))


def is_socks(url: str) -> bool:
    return urlsplit(url).scheme.lower() in SOCKS_SCHEMES


def describe(proxy: str | None, obey_robots: bool, headers: Mapping[str, str]) -> list[str]:
    """What is special about how a site is reached, for start-up logs (masked;
    ``${NAME}`` parts stay unexpanded)."""
    notes = []
    if proxy:
        notes.append(f"proxy {masked(proxy)}")
    if headers:
        notes.append("headers " + ", ".join(sorted(headers)))
    if not obey_robots:
        notes.append("robots.txt NOT obeyed (obey_robots = false)")
    return notes
