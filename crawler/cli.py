"""The ``healthwatch`` command line (DESIGN.md, "Command line").

Commands are thin: they load settings, call one module, and print.  Every
error a user can cause ends as one line on stderr with the documented exit
code: 2 bad usage or config, 3 database unreachable, 1 some site failed.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from crawler.config import ConfigError, Settings, load_settings
from storage.db import DatabaseError, first_line, safe_url

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
        except ConfigError as exc:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="healthwatch.toml to use (or HEALTHWATCH_CONFIG).",
)
@click.version_option(package_name="healthwatch")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Watch health-industry sites for event announcements and alert analysts once per event."""
    ctx.obj = {"config": config_path}


def settings_of(ctx: click.Context) -> Settings:
    return load_settings(ctx.obj["config"])


@main.command()
@click.option(
    "--keep-serving", is_flag=True, help="Keep the demo sites up afterwards (Ctrl-C to stop)."
)
@friendly
def demo(keep_serving: bool) -> None:
    """Serve the bundled demo sites on 127.0.0.1, run one full cycle, print what was found.

    A second run finds 0 new events and sends 0 alerts.
    """
    from crawler.demo.run import run_demo

    sys.exit(run_demo(keep_serving))


@main.command()
@click.argument("sites", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every enabled site.")
@click.pass_context
@friendly
def crawl(ctx: click.Context, sites: tuple[str, ...], all_sites: bool) -> None:
    """Crawl SITE... (or --all) now, store what is new and send due alerts."""
    from crawler import console
    from scheduler.cycle import check_sites, open_database, run_cycle

    if bool(sites) == all_sites:
        fail("name one or more sites, or give --all", EXIT_USAGE)
    settings = settings_of(ctx)
    wanted = check_sites(settings, list(settings.sites) if all_sites else list(sites))
    if not wanted:
        fail("no enabled site to crawl", EXIT_USAGE)
    engine, factory = open_database(settings)
    with console.CrawlProgress(wanted) as progress:
        result = run_cycle(settings, factory, wanted, progress.update)
    engine.dispose()
    console.out.print(console.events_table(result.events, f"{len(result.events)} new events"))
    console.out.print(f"sent {len(result.dispatch.sent)} alerts")
    if result.failed_sites:
        fail(f"crawl failed for: {', '.join(result.failed_sites)}", EXIT_FAILED)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input, one per line.")
@friendly
def analyse(paths: tuple[str, ...], as_json: bool) -> None:
    """Analyse pages without storing anything.

    PATH is an .html/.htm file, any other file as plain text (first non-empty
    line = title), - for stdin, or an http(s) URL.
    """
    from crawler.events import analyse as analyse_article
    from crawler.events import analysis_to_json
    from crawler.inputs import InputError, read_input

    failures = 0
    for path in paths:
        try:
            article = read_input(path)
        except InputError as exc:
            click.echo(f"healthwatch: error: {exc}", err=True)
            failures += 1
            continue
        record = analysis_to_json(path, article.title, analyse_article(article))
        click.echo(json.dumps(record, ensure_ascii=False) if as_json else describe(record))
    if failures:
        sys.exit(EXIT_FAILED)


def describe(record: dict[str, Any]) -> str:
    """The analysis of one input, for people."""
    event = record["event"]
    alert = "yes" if record["alert"] else "no"
    when = f"{event['start'] or '?'}..{event['end'] or '?'}"
    lines = [
        f"{record['source']}: {record['title']}",
        f"  type {record['type']} (alert: {alert}), language {record['language']}, "
        f"published {record['published'] or '-'}",
        f"  event {event['title']!r}: {when}, {event['place'] or 'place ?'}, {event['status']}",
    ]
    lines += [
        f"  {key}: {'; '.join(event[key])}" for key in ("organisers", "parties") if event.get(key)
    ]
    lines += [f"  evidence {e['field']}: {e['text']}" for e in record["evidence"]]
    return "\n".join(lines)


@main.command()
@click.option(
    "--type",
    "event_type",
    type=click.Choice(["forum", "agreement", "launch"]),
    help="Only this type.",
)
@click.option(
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Events first seen on or after DATE."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per event, one per line.")
@click.pass_context
@friendly
def events(
    ctx: click.Context, event_type: str | None, since: dt.datetime | None, as_json: bool
) -> None:
    """List stored events, newest first."""
    from crawler import console
    from storage.db import make_engine, session_factory
    from storage.models import Event
    from storage.queries import event_site

    settings = settings_of(ctx)
    query = select(Event).order_by(Event.id.desc())
    if event_type:
        query = query.where(Event.type == event_type)
    if since:
        query = query.where(Event.first_seen >= since.replace(tzinfo=dt.UTC))
    with session_factory(make_engine(settings.database_url))() as session:
        rows = [(event, event_site(session, event.id)) for event in session.scalars(query)]
    if as_json:
        for event, site in rows:
            click.echo(json.dumps(event_record(event, site), ensure_ascii=False))
        return
    console.out.print(console.events_table(rows, f"{len(rows)} events"))


def event_record(event: Any, site: str) -> dict[str, Any]:
    """An Event row as JSON."""
    return {
        "id": event.id,
        "type": event.type,
        "title": event.title,
        "start": event.start_date.isoformat() if event.start_date else None,
        "end": event.end_date.isoformat() if event.end_date else None,
        "place": event.place,
        "status": event.status,
        "organisers": event.organisers,
        "parties": event.parties,
        "site": site,
        "first_seen": event.first_seen.isoformat(),
    }


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.pass_context
@friendly
def db_upgrade(ctx: click.Context) -> None:
    """Create or migrate the schema to the newest revision."""
    from storage.db import upgrade

    settings = settings_of(ctx)
    upgrade(settings.database_url)
    click.echo(f"database {safe_url(settings.database_url)} is at the newest revision")


@main.command()
@click.option(
    "--http",
    metavar="HOST:PORT",
    help="Serve /healthz and /metrics here (default: the config's `http`, 127.0.0.1:8787).",
)
@click.pass_context
@friendly
def run(ctx: click.Context, http: str | None) -> None:
    """Run the daemon: poll each site on its schedule, send alerts, serve /healthz and /metrics.

    SIGTERM or SIGINT stops it cleanly (a running crawl gets `shutdown_grace`
    seconds, exit 0); a second signal exits at once with 128 + the signal number.
    """
    from crawler.config import parse_address
    from scheduler.service import run_daemon

    if http is not None:
        try:
            parse_address(http)
        except ValueError as exc:
            fail(f"--http: {exc}", EXIT_USAGE)
    sys.exit(run_daemon(settings_of(ctx), http))


@main.group(invoke_without_command=True)
@click.pass_context
def sites(ctx: click.Context) -> None:
    """List the configured sites (`sites list`, the default) or add one (`sites add URL`)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(sites_list)


@sites.command("list")
@click.pass_context
@friendly
def sites_list(ctx: click.Context) -> None:
    """List the configured sites and their schedules (config, else the spider's default)."""
    from rich.table import Table

    from crawler import console
    from scheduler.schedules import site_schedule
    from spiders import spider_names

    settings = settings_of(ctx)
    known = set(spider_names())
    table = Table(title="Sites", title_justify="left")
    for name in ("site", "enabled", "schedule", "spider"):
        table.add_column(name, overflow="fold")
    for key, cfg in settings.sites.items():
        spider = "yes" if key in known else ("generic" if cfg.url else "MISSING")
        if spider == "MISSING":
            schedule = "-"
        else:
            try:
                schedule = site_schedule(key, cfg).describe()
            except ConfigError as exc:
                schedule = f"? ({exc})"
        table.add_row(key, "yes" if cfg.enabled else "no", schedule, spider)
    console.out.print(table)


@main.command()
@click.pass_context
@friendly
def status(ctx: click.Context) -> None:
    """Per site: the last crawl, the next one, health; then totals."""
    from rich.table import Table

    from crawler import console
    from scheduler.status import describe_health, describe_next, site_statuses
    from storage.db import make_engine, session_factory
    from storage.models import utcnow
    from storage.queries import counts

    settings = settings_of(ctx)
    with session_factory(make_engine(settings.database_url))() as session:
        rows = site_statuses(session, settings)
        totals = counts(session)
    now = utcnow()
    table = Table(title="Sites (times in UTC)", title_justify="left")
    for name in ("site", "last run", "status", "requests", "new art.", "new ev."):
        table.add_column(name, no_wrap=True)
    for name in ("next run", "health", "articles", "error"):
        table.add_column(name, overflow="fold", no_wrap=name == "next run")
    for row in rows:
        run = row.last_run
        last = ["never", "-", "-", "-", "-"]
        if run is not None:
            last = [f"{run.started_at:%Y-%m-%d %H:%M:%S}", run.status, str(run.requests)]
            last += [str(run.new_articles), str(run.new_events)]
        error = (run.error or "").strip().splitlines()[-1][:200] if run and run.error else ""
        next_run, health = describe_next(row, now), describe_health(row)
        table.add_row(row.site, *last, next_run, health, str(row.articles), error)
    console.out.print(table)
    console.out.print(", ".join(f"{value} {key}" for key, value in totals.items()))


# Commands kept in modules of their own register here, after `main` and
# `sites` exist, because they use this module's helpers.  Under
# `python -m crawler.cli` this file runs as __main__: importing them from
# here would import `crawler.cli` a second time, circularly, so hand over to
# that imported module, which registers them.
if __name__ == "__main__":
    from crawler.cli import main as registered_main

    registered_main()
else:
    # Adding sites (crawler/cli_spiders.py).
    from crawler.cli_spiders import new_spider, sites_add

    main.add_command(new_spider)
    sites.add_command(sites_add)

    # The alert outbox and subscriptions (crawler/cli_alerts.py).
    from crawler.cli_alerts import alerts, subscriptions

    main.add_command(alerts)
    main.add_command(subscriptions)
