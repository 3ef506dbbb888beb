"""The ``healthwatch`` command line (DESIGN.md, "Command line").

Commands are thin: they load settings, call one module, and print.  This
module holds the group and the daemon/crawl commands and registers the
commands kept in modules of their own (``events``, ``sites``, ``alerts``);
those import only ``crawler.cli.common``, never this module.
"""

from __future__ import annotations

import sys

import click

from crawler.cli.alerts import alerts, subscriptions
from crawler.cli.common import (
    EXIT_FAILED,
    EXIT_USAGE,
    check_channels,
    check_model,
    fail,
    friendly,
    settings_of,
)
from crawler.cli.events import analyse, events
from crawler.cli.serve import serve
from crawler.cli.sites import new_spider, sites, status
from storage.db import safe_url


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


@main.command()
@click.option(
    "--keep-serving", is_flag=True, help="Keep the demo sites up afterwards (Ctrl-C to stop)."
)
@friendly
def demo(keep_serving: bool) -> None:
    """Serve the bundled demo sites on 127.0.0.1, run one full cycle, print what was found.

    A second run finds 0 new events and sends 0 alerts.
    """
    from crawler.cli.demo import run_demo

    check_model()
    sys.exit(run_demo(keep_serving))


@main.command()
@click.argument("sites", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every enabled site.")
@click.pass_context
@friendly
def crawl(ctx: click.Context, sites: tuple[str, ...], all_sites: bool) -> None:
    """Crawl SITE... (or --all) now, store what is new and send due alerts."""
    from crawler.cli import console
    from scheduler.cycle import check_sites, open_database, run_cycle

    check_model()

    if bool(sites) == all_sites:
        fail("name one or more sites, or give --all", EXIT_USAGE)
    settings = settings_of(ctx)
    check_channels(settings)
    wanted = check_sites(settings, list(settings.sites) if all_sites else list(sites))
    if not wanted:
        fail("no enabled site to crawl", EXIT_USAGE)
    engine, factory = open_database(settings)
    with console.CrawlProgress(wanted) as progress:
        result = run_cycle(settings, factory, wanted, progress.update)
    engine.dispose()
    console.out.print(console.events_table(result.events, f"{len(result.events)} new events"))
    if result.dispatch.retrying or result.dispatch.dead:
        console.out.print(console.alerts_table(result.dispatch))
    console.out.print(console.sent_line(result.dispatch))
    for error in result.ops_errors:
        console.err.print(error, markup=False)
    problems = []
    if result.failed_sites:
        problems.append(f"crawl failed for: {', '.join(result.failed_sites)}")
    if (dead := console.dead_line(result.dispatch)) is not None:
        problems.append(dead)
    if problems:
        fail("; ".join(problems), EXIT_FAILED)


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.pass_context
@friendly
def db_upgrade(ctx: click.Context) -> None:
    """Create or migrate the schema to the newest revision."""
    from crawler.services.search import fill_search_texts
    from storage.db import make_engine, session_factory, upgrade

    settings = settings_of(ctx)
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    filled = fill_search_texts(session_factory(engine))
    engine.dispose()
    click.echo(f"database {safe_url(settings.database_url)} is at the newest revision")
    if filled:
        click.echo(f"filled the search text of {filled} articles")


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
    from crawler.config.settings import parse_address
    from scheduler.service import run_daemon

    if http is not None:
        try:
            parse_address(http)
        except ValueError as exc:
            fail(f"--http: {exc}", EXIT_USAGE)
    settings = settings_of(ctx)
    check_channels(settings)
    check_model()
    sys.exit(run_daemon(settings, http))


for command in (analyse, events, sites, status, new_spider, alerts, subscriptions, serve):
    main.add_command(command)

if __name__ == "__main__":
    main()
