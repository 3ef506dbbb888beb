"""Running the app: uvicorn on one address, refusing to expose an open server."""

from __future__ import annotations

import ipaddress
import logging

from crawler.config.settings import Settings, parse_address
from crawler.web.app import create_app
from crawler.web.common import WebConfig


class ServeError(Exception):
    """The server must not start as asked (exit code 2)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def web_config(settings: Settings, http: str | None) -> tuple[WebConfig, str, int]:
    """The app's config and the address; ServeError when a non-loopback
    address has no token to protect it."""
    try:
        host, port = parse_address(http or settings.web_http)
    except ValueError as exc:
        raise ServeError(f"--http: {exc}") from None
    token = settings.web_token.get_secret_value().strip() if settings.web_token else None
    if not is_loopback(host) and not token:
        raise ServeError(
            f"refusing to serve on {host} without a token: set HEALTHWATCH_WEB_TOKEN "
            "(or web_token in the config), or listen on 127.0.0.1"
        )
    config = WebConfig(settings.database_url, token, settings.web_page_size)
    return config, host, port


def serve(config: WebConfig, host: str, port: int) -> None:
    """Serve until interrupted (uvicorn handles SIGINT/SIGTERM)."""
    import uvicorn  # noqa: PLC0415 - only `serve` needs it

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(config)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )
