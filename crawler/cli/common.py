"""What every command shares: settings, one-line errors and exit codes.

Every error a user can cause ends as one line on stderr with the documented
exit code: 2 bad usage or config, 3 database unreachable, 1 some site failed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import click
from sqlalchemy.exc import SQLAlchemyError

from crawler.config.settings import ConfigError, Settings, load_settings
from crawler.event_types import event_names
from storage.db import DatabaseError, DatabaseUrlError, first_line

P = ParamSpec("P")
R = TypeVar("R")
EXIT_FAILED, EXIT_USAGE, EXIT_DATABASE = 1, 2, 3


def fail(message: str, code: int) -> None:
    """One line on stderr, then exit: the CLI's only way to report errors."""
    click.echo(f"healthwatch: error: {message}", err=True)
    sys.exit(code)


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the errors users can cause into one line and an exit code."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (ConfigError, DatabaseUrlError) as exc:
            fail(str(exc), EXIT_USAGE)
        except DatabaseError as exc:
            fail(str(exc), EXIT_DATABASE)
        except SQLAlchemyError as exc:
            fail(database_message(exc), EXIT_DATABASE)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        raise AssertionError("unreachable")

    return wrapper


def database_message(exc: SQLAlchemyError) -> str:
    """A database error as one line, with the fix when the schema is missing."""
    text = first_line(exc)
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return f"the database has no healthwatch schema ({text}): run `healthwatch db upgrade`"
    return f"database error: {text}"


def check_model() -> None:
    """The analysis model loads, or the command stops with one line naming the file."""
    from crawler.analysis.model import ModelError, shipped_model

    try:
        shipped_model()
    except ModelError as exc:
        fail(str(exc), EXIT_USAGE)


def settings_of(ctx: click.Context) -> Settings:
    """The settings ``--config`` (or the environment, or the defaults) name."""
    return load_settings(ctx.obj["config"])


def check_channels(settings: Settings) -> None:
    """Every channel URL is one a channel takes (Apprise knows the scheme, a
    mail URL names recipients...), or ConfigError naming the subscription.
    Commands that send call it before they start."""
    from alerts.channels import channel_problem, masked

    named = [
        (f"subscription {s.name!r}", url) for s in settings.subscriptions for url in s.channels
    ]
    for where, url in [*named, *(("ops_channels", url) for url in settings.ops_channels)]:
        if (problem := channel_problem(url)) is not None:
            raise ConfigError(f"{where}: channel {masked(url)}: {problem}")


class EventTypeChoice(click.Choice[str]):
    """``--type``: one of the declared event types (``crawler.event_types``),
    read when the command runs, so a newly registered type is offered too."""

    name = "event type"

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        return event_names()

    @choices.setter
    def choices(self, _value: object) -> None:
        """click sets ``choices`` in ``__init__``; the registry is the only source."""
