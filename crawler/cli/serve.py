"""``healthwatch serve``: the web UI, calendar, feeds and REST API (crawler.web)."""

from __future__ import annotations

import click

from crawler.cli.common import EXIT_DATABASE, EXIT_USAGE, fail, friendly, settings_of


@click.command()
@click.option(
    "--http",
    metavar="HOST:PORT",
    help="Listen here (default: the config's `web_http`, 127.0.0.1:8000). Any address "
    "but loopback needs a token (HEALTHWATCH_WEB_TOKEN).",
)
@click.pass_context
@friendly
def serve(ctx: click.Context, http: str | None) -> None:
    """Serve the events (list, calendar, event pages), the sites, feeds for any filter
    (RSS, Atom, JSON Feed, iCalendar, CSV, NDJSON) and the API under /api/v1. Read-only.
    """
    from crawler.web.server import ServeError, serve, web_config
    from storage.db import make_engine, safe_url, schema_is_current, session_factory
    from storage.stats import counts

    settings = settings_of(ctx)
    try:
        config, host, port = web_config(settings, http)
    except ServeError as exc:
        fail(str(exc), EXIT_USAGE)
    if not schema_is_current(settings.database_url):
        fail(
            f"the database {safe_url(settings.database_url)} is not at the newest revision: "
            "run `healthwatch db upgrade`",
            EXIT_DATABASE,
        )
    engine = make_engine(settings.database_url, read_only=True)
    with session_factory(engine)() as session:
        totals = counts(session)  # the schema is there, the database answers
    engine.dispose()
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"serving {totals['events']} events on http://{shown}:{port}/ "
        f"({'token required' if config.token else 'no token: loopback only'}); Ctrl-C stops",
        err=True,
    )
    serve(config, host, port)
