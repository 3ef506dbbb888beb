"""The one browser of a crawl child: Debian's chromium, driven by Playwright.

scrapy-playwright gives every spider (crawler) its own download handler,
and by default each would launch its own browser.  ``SharedBrowserProvider``
(``PLAYWRIGHT_BROWSER_PROVIDER``) starts Playwright and chromium once per
process, on the first page that needs rendering (a crawl that renders
nothing starts neither), hands the same browser to every handler, and
closes it when the last handler closes.  Playwright launches chromium in a
session of its own, so ``close_leftovers`` also ends, by their marker, any
browser processes still alive when the child exits another way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from scrapy.settings import BaseSettings

if TYPE_CHECKING:  # Playwright loads only in a crawl that renders
    from playwright.async_api import Browser, BrowserContext, Page, Playwright
    from playwright.async_api import Request as PlaywrightRequest

logger = logging.getLogger(__name__)

# Looked up on PATH, in this order, when no browser path is configured.
BROWSER_NAMES: Final = ("chromium", "chromium-browser")
# Chromium flags for a headless server, as root, in a container (LIBRARIES.md).
CHROMIUM_FLAGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# The one line said when no browser can be found.
NO_BROWSER: Final = (
    "no browser found: install chromium (apt-get install -y chromium) "
    "or set HEALTHWATCH_BROWSER to its path"
)
# What a rendered page never needs to load.
BLOCKED_RESOURCES: Final = frozenset({"image", "font", "media"})
# Pages open at once in a crawl child's browser, all its spiders together
# (each spider is also held to PLAYWRIGHT_MAX_CONTEXTS x _MAX_PAGES_PER_CONTEXT).
MAX_PAGES_PER_CHILD: Final = 4
# Environment variable marking the browser processes a crawl child started.
MARKER: Final = "HEALTHWATCH_BROWSER_OWNER"


def browser_path(settings: BaseSettings) -> str | None:
    """The chromium to launch: ``HEALTHWATCH_BROWSER`` if set, else the first
    of ``BROWSER_NAMES`` on PATH; None when there is none (or not executable)."""
    configured = settings.get("HEALTHWATCH_BROWSER")
    if configured:
        path = Path(str(configured))
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    return None


def abort_request(request: PlaywrightRequest) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST``: drop images, fonts and media."""
    return request.resource_type in BLOCKED_RESOURCES


class _Shared:
    """Process-wide: the Playwright driver, the browser, and who uses them."""

    playwright: Playwright | None = None
    browser: Browser | None = None
    users = 0
    lock: asyncio.Lock | None = None
    pages: asyncio.Semaphore | None = None  # MAX_PAGES_PER_CHILD slots
    open_pages = 0
    rendered = 0
    most_open = 0


class _ContextHandle:
    """A browser context whose pages take a slot of the child-wide page bound,
    given back when the page closes (or its context does)."""

    def __init__(self, context: BrowserContext) -> None:
        self._context = context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    async def new_page(self) -> Page:
        _Shared.pages = _Shared.pages or asyncio.Semaphore(MAX_PAGES_PER_CHILD)
        await _Shared.pages.acquire()
        try:
            page = await self._context.new_page()
        except BaseException:
            _Shared.pages.release()
            raise
        _Shared.open_pages += 1
        _Shared.rendered += 1
        _Shared.most_open = max(_Shared.most_open, _Shared.open_pages)
        page.once("close", _release_page)
        return page


def _release_page(_page: Page) -> None:
    _Shared.open_pages -= 1
    if _Shared.pages is not None:
        _Shared.pages.release()


class _BrowserHandle:
    """The shared browser as one handler sees it: closing it is releasing it
    (the provider's ``close``), never closing it for the other spiders."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    async def new_context(self, **kwargs: Any) -> _ContextHandle:
        return _ContextHandle(await self._browser.new_context(**kwargs))

    async def close(self) -> None:
        """Released by ``SharedBrowserProvider.close``, not here."""


class SharedBrowserProvider:
    """scrapy-playwright browser provider: one chromium per crawl child."""

    def __init__(self, config: Any) -> None:
        self.launch_options: dict[str, Any] = dict(config.launch_options)
        self.acquired = False

    async def start(self) -> None:
        """Nothing yet: the driver starts with the first page to render."""

    async def launch_browser(self) -> _BrowserHandle:
        """The shared browser, launched (again, after a crash) if needed."""
        _Shared.lock = _Shared.lock or asyncio.Lock()
        async with _Shared.lock:
            if not self.acquired:
                self.acquired = True
                _Shared.users += 1
            if _Shared.browser is None or not _Shared.browser.is_connected():
                _Shared.browser = await self.launch()
            return _BrowserHandle(_Shared.browser)

    async def launch(self) -> Browser:
        """Start the driver once, then chromium with our flags and marker."""
        if _Shared.playwright is None:
            from playwright.async_api import async_playwright  # noqa: PLC0415 - first render only

            _Shared.playwright = await async_playwright().start()
        options = dict(self.launch_options)
        options.setdefault("executable_path", _executable())
        options["args"] = [*CHROMIUM_FLAGS, *options.get("args", ())]
        options["env"] = {**os.environ, MARKER: str(os.getpid())}
        return await _Shared.playwright.chromium.launch(**options)

    async def launch_persistent_context(self, context_kwargs: dict[str, Any]) -> BrowserContext:
        raise NotImplementedError("healthwatch renders in fresh contexts only")

    async def close(self) -> None:
        """The last handler to close closes the browser and the driver."""
        if not self.acquired:
            return
        self.acquired = False
        _Shared.users -= 1
        if _Shared.users > 0:
            return
        browser, driver = _Shared.browser, _Shared.playwright
        _Shared.browser = _Shared.playwright = None
        logger.info(
            "closing the browser: %d pages rendered, at most %d open at once (limit %d)",
            _Shared.rendered,
            _Shared.most_open,
            MAX_PAGES_PER_CHILD,
        )
        if browser is not None:
            with contextlib.suppress(Exception):
                await browser.close()
        if driver is not None:
            with contextlib.suppress(Exception):
                await driver.stop()


def _executable() -> str:
    """The browser on PATH; the one-line error when there is none."""
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    raise FileNotFoundError(NO_BROWSER)


def marked_processes(owner: int | str) -> list[int]:
    """PIDs of live processes carrying our marker for ``owner`` (a crawl child's pid)."""
    wanted = f"{MARKER}={owner}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if wanted in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
    return found


def close_leftovers() -> int:
    """Kill this process's browser processes still alive (last resort at exit)."""
    pids = marked_processes(os.getpid())
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return len(pids)
