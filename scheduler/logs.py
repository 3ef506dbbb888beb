"""Structured logs: one event per line, JSON for machines, readable for people.

Configured once per process (LIBRARIES.md: structlog in *each* process):
the daemon calls ``configure_logging()`` at start; a crawl child can call it
too (it writes JSON, its stderr going to the runner's tail file).  Stdlib
loggers (APScheduler, SQLAlchemy, Scrapy) go through the same formatter, so
every line on stderr has one shape.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog
from structlog.typing import Processor

# Libraries whose INFO lines are noise in a daemon's log (APScheduler logs
# every job run; our own events say what matters).
QUIET_LOGGERS = ("apscheduler",)

_SHARED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(
    level: str = "INFO", stream: TextIO | None = None, as_json: bool | None = None
) -> None:
    """Send structlog and stdlib logging to ``stream`` (stderr), one event a line.

    ``as_json`` defaults to "stream is not a terminal": journald, docker and
    files get JSON lines, a person at a terminal gets aligned text.
    """
    stream = stream or sys.stderr
    if as_json is None:
        as_json = not stream.isatty()
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_formatter(as_json, colors=stream.isatty()))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))


def configure_child_logging(level: str = "INFO") -> None:
    """The crawl child's variant: JSON lines on stderr, always."""
    configure_logging(level, sys.stderr, as_json=True)


def _formatter(as_json: bool, colors: bool) -> structlog.stdlib.ProcessorFormatter:
    renderer: Processor
    if as_json:
        # Tracebacks become one escaped string field: still one line per event.
        tail: list[Processor] = [structlog.processors.format_exc_info]
        renderer = structlog.processors.JSONRenderer(ensure_ascii=False)
    else:
        tail = []
        renderer = structlog.dev.ConsoleRenderer(colors=colors)
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *tail, renderer],
    )


def get_logger(name: str) -> Any:
    """A structlog logger bound to ``name`` (shown as ``logger``)."""
    return structlog.stdlib.get_logger(name)
