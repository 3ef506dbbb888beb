"""``healthwatch run``: start the daemon, serve /healthz and /metrics, stop on a signal.

Start-up does the slow, once-only work (config checks, reading spider
schedules, migrations, syncing sites and subscriptions) so the crawl loop
never repeats it.  A start-up failure is one line and an exit code (2 config,
3 database); once running, faults are logged and retried, never fatal.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

from crawler.config.settings import Settings, parse_address
from scheduler.cycle import check_sites, open_database
from scheduler.daemon import Daemon
from scheduler.http import HealthServer
from scheduler.logs import configure_logging, get_logger
from scheduler.schedules import site_schedules
from scheduler.single_node import hold_single_node_lock
from storage.db import safe_url

log = get_logger("healthwatch.daemon")


def run_daemon(settings: Settings, http: str | None = None) -> int:
    """Run until SIGTERM/SIGINT; returns the exit code (0 after a clean stop)."""
    configure_logging(settings.log_level)
    sites = check_sites(settings, list(settings.sites))
    schedules = site_schedules(settings, sites)
    lock = hold_single_node_lock(settings.database_url)  # SQLite: one daemon per file
    server = HealthServer(parse_address(http or settings.http))
    try:
        engine, factory = open_database(settings)
        daemon = Daemon(settings, engine, factory, schedules)
        install_signal_handlers(daemon)
        daemon.start()
        server.start(daemon.health_problem, daemon.metrics.render)
        log.info(
            "daemon.started",
            sites=len(schedules),
            http=server.address,
            database=safe_url(settings.database_url),
            pid=os.getpid(),
        )
        return daemon.wait()
    finally:
        server.stop()
        if lock is not None:
            lock.close()


def install_signal_handlers(daemon: Daemon) -> None:
    """SIGTERM and SIGINT stop gracefully; the second one exits at once."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        daemon.request_stop(signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handle)
