"""``healthwatch analyse`` and ``healthwatch events``: what the analysis makes of pages."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import click

from crawler.cli.common import EXIT_FAILED, EventTypeChoice, check_model, friendly, settings_of
from crawler.event_status import status_on


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
    "event_type",
    type=EventTypeChoice(),
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
    from crawler.cli import console
    from storage.db import make_engine, session_factory
    from storage.events import event_sites, newest_events

    settings = settings_of(ctx)
    seen_since = since.replace(tzinfo=dt.UTC) if since else None
    with session_factory(make_engine(settings.database_url))() as session:
        found = newest_events(session, event_type, seen_since)
        sites = event_sites(session, [event.id for event in found])
        rows = [(event, sites.get(event.id, "")) for event in found]
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
        "status": status_on(event.status, event.start_date, event.end_date, dt.date.today()),
        "reported_status": event.status,
        "relevant": event.relevant,
        "organisers": event.organisers,
        "parties": event.parties,
        "site": site,
        "first_seen": event.first_seen.isoformat(),
    }
