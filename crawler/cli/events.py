"""``healthwatch analyse`` and ``healthwatch events``: what the analysis makes of pages."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import click

from crawler.cli.common import (
    EXIT_FAILED,
    EXIT_USAGE,
    EventTypeChoice,
    check_model,
    fail,
    friendly,
    settings_of,
)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input, one per line.")
@friendly
def analyse(paths: tuple[str, ...], as_json: bool) -> None:
    """Analyse pages without storing anything.

    PATH is an .html/.htm file, any other file as plain text (first non-empty
    line = title), - for stdin, or an http(s) URL.
    """
    from crawler.analysis.events import analyse as analyse_article
    from crawler.analysis.events import analysis_to_json
    from crawler.crawl.inputs import InputError, read_input

    check_model()
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
    relevant = "yes" if record["relevant"] else "no"
    lines = [
        f"{record['source']}: {record['title']}",
        f"  type {record['type']} (confidence {record['confidence']:.2f}, alert: {alert}), "
        f"health-relevant {relevant}, language {record['language']}, "
        f"published {record['published'] or '-'}",
        f"  event {event['title']!r}: {when}, {event['place'] or 'place ?'}, {event['status']}",
    ]
    lines += [
        f"  {key}: {'; '.join(event[key])}" for key in ("organisers", "parties") if event.get(key)
    ]
    lines += [f"  evidence {e['field']}: {e['text']}" for e in record["evidence"]]
    return "\n".join(lines)


@click.command()
@click.option(
    "--type",
    "event_types",
    type=EventTypeChoice(),
    multiple=True,
    help="Only this type (repeatable).",
)
@click.option(
    "--status",
    "statuses",
    type=click.Choice(["upcoming", "held", "postponed", "cancelled", "unknown"]),
    multiple=True,
    help="Only events with this status today (repeatable).",
)
@click.option(
    "--site", "sites", multiple=True, help="Only events reported by this site (repeatable)."
)
@click.option("--upcoming", is_flag=True, help="Only events not over yet.")
@click.option(
    "--from",
    "date_from",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Events whose dates reach DATE or later (event dates).",
)
@click.option(
    "--to",
    "date_to",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Events starting on DATE or before (event dates).",
)
@click.option(
    "--search", default="", help="Words in title or text (EN/ZH, Simplified and Traditional alike)."
)
@click.option("--relevant", is_flag=True, help="Only events about the health industry.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Events first seen (found by healthwatch) on or after DATE; "
    "for the events' own dates use --from/--to.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per event, one per line, with its articles and evidence.",
)
@click.pass_context
@friendly
def events(
    ctx: click.Context,
    *,
    event_types: tuple[str, ...],
    statuses: tuple[str, ...],
    sites: tuple[str, ...],
    upcoming: bool,
    date_from: dt.datetime | None,
    date_to: dt.datetime | None,
    search: str,
    relevant: bool,
    since: dt.datetime | None,
    as_json: bool,
) -> None:
    """List stored events by event date (latest first; soonest first with --upcoming),
    with the address of the first report."""
    from dataclasses import replace

    from pydantic import ValidationError

    from crawler.cli import console
    from crawler.web.query import EventParams
    from crawler.web.records import event_record
    from storage.db import make_engine, session_factory
    from storage.events import list_events, report_lines, search_once

    try:
        params = EventParams.model_validate(
            {
                "type": list(event_types),
                "status": list(statuses),
                "site": list(sites),
                "upcoming": upcoming,
                "from": date_from.date() if date_from else None,
                "to": date_to.date() if date_to else None,
                "q": search,
                "relevant": True if relevant else None,
            }
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        fail(str(error["msg"]).removeprefix("Value error, "), EXIT_USAGE)
    today = dt.date.today()
    wanted = params.event_filter(today)
    if since is not None:
        wanted = replace(wanted, seen_since=since.replace(tzinfo=dt.UTC))
    settings = settings_of(ctx)
    records: list[dict[str, Any]] = []
    engine = make_engine(settings.database_url, read_only=True)
    with session_factory(engine)() as session:
        wanted = search_once(session, wanted)  # every page lists with one look-up
        cursor = None
        while True:
            page = list_events(session, wanted, params.order(), cursor, 500)
            reports = report_lines(session, [event.id for event in page.events])
            records += [event_record(e, reports[e.id], today) for e in page.events]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    engine.dispose()
    if as_json:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    console.out.print(console.event_records_table(records, f"{len(records)} events"))
