"""``healthwatch alerts list|retry|test|enable`` and ``healthwatch subscriptions``.

What analysts and ops ask of the outbox: what is waiting, what failed and
why, send it again, does this channel URL work.  Channel URLs are always
shown masked (alerts.channels.masked): secrets never reach a terminal.
Registered on the main group by ``crawler.cli.app``; heavy imports stay inside
the commands so ``healthwatch --help`` loads neither Apprise nor the models.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from crawler.cli.common import EXIT_FAILED, EXIT_USAGE, fail, friendly, settings_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from alerts.channels import ChannelOptions
    from crawler.config.settings import Settings

STATES = ("pending", "digest", "sending", "sent", "dead", "skipped")


@click.group()
def alerts() -> None:
    """The alert outbox: list, retry, test a channel, re-enable a subscription."""


def channel_options(settings: Settings) -> ChannelOptions:
    from alerts.channels import ChannelOptions

    return ChannelOptions(
        secret=settings.webhook_secret.get_secret_value(),
        sender=settings.smtp_from,
        allow_private=settings.allow_private_targets,
    )


def open_session(settings: Settings) -> Session:
    from storage.db import make_engine, session_factory

    return session_factory(make_engine(settings.database_url))()


@alerts.command("list")
@click.option("--state", type=click.Choice(STATES), help="Only alerts in this state.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per alert, one per line.")
@click.pass_context
@friendly
def alerts_list(ctx: click.Context, state: str | None, limit: int, as_json: bool) -> None:
    """Alerts in the outbox, newest first, with counts by state."""
    from rich.table import Table

    from crawler.cli import console
    from storage.outbox import newest_alerts
    from storage.stats import alert_states

    with open_session(settings_of(ctx)) as session:
        rows = [alert_record(a, s, e) for a, s, e in newest_alerts(session, state, limit)]
        totals = alert_states(session)
    if as_json:
        for record in rows:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(title=f"Alerts ({state or 'all states'}, newest first)", title_justify="left")
    table.add_column("id", no_wrap=True, justify="right")
    table.add_column("state", no_wrap=True)
    table.add_column("subscription, channel", overflow="fold", ratio=1)
    table.add_column("event, last error", overflow="fold", ratio=2)
    for r in rows:
        state = f"{r['state']}\n{r['kind']}, {r['attempts']} tries"
        if r["state"] in ("pending", "digest"):
            state += f"\nnext {r['next_attempt_at'][:16].replace('T', ' ')}"
        event = r["event"] + (f"\nerror: {r['last_error']}" if r["last_error"] else "")
        table.add_row(str(r["id"]), state, f"{r['subscription']}\n{r['channel']}", event)
    console.out.print(table)
    console.out.print(", ".join(f"{totals.get(s, 0)} {s}" for s in STATES))


def alert_record(alert: Any, sub: Any, event: Any) -> dict[str, Any]:
    """One outbox row as shown: the channel masked, the error too."""
    from alerts.channels import masked

    return {
        "id": alert.id,
        "state": alert.status,
        "kind": alert.kind,
        "subscription": sub.name,
        "channel": masked(sub.channel_url),
        "attempts": alert.attempts,
        "next_attempt_at": alert.next_attempt_at.isoformat(),
        "sent_at": alert.sent_at.isoformat() if alert.sent_at else None,
        "event": event.title,
        "event_id": event.id,
        "idempotency_key": alert.idempotency_key,
        "last_error": scrub(alert.last_error, sub.channel_url),
    }


def scrub(text: str | None, url: str) -> str | None:
    """An error message with the channel URL's password (if any) hidden."""
    from urllib.parse import urlsplit

    password = urlsplit(url).password
    if text and password:
        return text.replace(password, "***")
    return text


@alerts.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--dead", is_flag=True, help="Requeue every dead alert.")
@click.pass_context
@friendly
def alerts_retry(ctx: click.Context, ids: tuple[int, ...], dead: bool) -> None:
    """Requeue alerts ID... (or --dead): due now, attempts start over, same idempotency key."""
    from storage.db import make_engine, session_factory, transaction
    from storage.outbox import requeue

    if bool(ids) == dead:
        fail("give alert ids or --dead", EXIT_USAGE)
    engine = make_engine(settings_of(ctx).database_url)
    with transaction(session_factory(engine)) as session:
        done = requeue(session, ids, dead=dead)
    engine.dispose()
    missing = sorted(set(ids) - set(done))
    click.echo(f"requeued {len(done)} alerts" + (f": {', '.join(map(str, done))}" if done else ""))
    if missing:
        fail(f"not found or not retryable (sent or sending): {', '.join(map(str, missing))}", 1)


@alerts.command("enable")
@click.argument("name")
@click.pass_context
@friendly
def alerts_enable(ctx: click.Context, name: str) -> None:
    """Send to subscription NAME again after its receiver answered 410 Gone."""
    from storage.db import make_engine, session_factory, transaction
    from storage.subscriptions import subscriptions_named

    engine = make_engine(settings_of(ctx).database_url)
    with transaction(session_factory(engine)) as session:
        rows = subscriptions_named(session, name)
        for row in rows:
            row.gone_at, row.gone_reason, row.enabled = None, None, True
    engine.dispose()
    if not rows:
        fail(f"no subscription named {name!r} in the database", EXIT_USAGE)
    click.echo(f"subscription {name!r} enabled ({len(rows)} channels)")


@alerts.command("test")
@click.argument("channel_url")
@click.pass_context
@friendly
def alerts_test(ctx: click.Context, channel_url: str) -> None:
    """Send a sample alert to CHANNEL_URL and say in one line how it went.

    \b
    CHANNEL_URL forms:
      https://host/path                 signed JSON webhook (Standard Webhooks)
      smtp://[user:pw@]host:587?to=a@x.org&starttls=1   e-mail (smtps:// = TLS)
      slack://..., tgram://..., ntfys://host/topic, json://host/path   Apprise
    """
    from alerts.channels import SendFailed, channel_for, masked
    from alerts.message import sample_message

    settings = settings_of(ctx)
    shown = masked(channel_url)
    try:
        channel_for(channel_url, channel_options(settings)).send(sample_message(channel_url))
    except SendFailed as exc:
        fail(f"test alert to {shown} failed: {scrub(str(exc), channel_url)}", EXIT_FAILED)
    click.echo(f"test alert sent to {shown}")


@click.command("subscriptions")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per subscription.")
@click.pass_context
@friendly
def subscriptions(ctx: click.Context, as_json: bool) -> None:
    """List the configured subscriptions: channels (masked), filters, mode."""
    from rich.table import Table

    from crawler.cli import console

    settings = settings_of(ctx)
    records = [subscription_record(sub) for sub in settings.subscriptions]
    if as_json:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    if not records:
        click.echo("no subscriptions configured ([[subscriptions]] in healthwatch.toml)")
        return
    table = Table(title="Subscriptions", title_justify="left")
    for name in ("name", "mode", "channels", "filters"):
        table.add_column(name, overflow="fold")
    for r in records:
        mode = r["mode"]
        if mode == "digest":
            mode = f"digest {r['digest_at']} {r['timezone']}"
        elif mode == "agenda":
            every = r["agenda_every"] + (
                f" {r['agenda_weekday']}" if r["agenda_every"] == "weekly" else ""
            )
            mode = f"agenda {every} {r['digest_at']} {r['timezone']}, next {r['agenda_days']} days"
        table.add_row(r["name"], mode, "\n".join(r["channels"]), describe_filters(r))
    console.out.print(table)
    age = settings.alert_max_age
    backfill = "alerted" if settings.alert_backfill else "not alerted"
    console.out.print(f"no floods: alert_max_age {age}; a site's first crawl is {backfill}")


def subscription_record(sub: Any) -> dict[str, Any]:
    from alerts.channels import masked

    return {
        "name": sub.name,
        "channels": [masked(url) for url in sub.channels],
        "mode": sub.mode,
        "digest_at": sub.digest_at,
        "timezone": sub.timezone,
        "agenda_every": sub.agenda_every,
        "agenda_weekday": sub.agenda_weekday,
        "agenda_days": sub.agenda_days,
        "types": list(sub.types),
        "keywords": list(sub.keywords),
        "sites": list(sub.sites),
        "languages": list(sub.languages),
        "upcoming_only": sub.upcoming_only,
    }


def describe_filters(record: dict[str, Any]) -> str:
    parts = [f"types: {', '.join(record['types'])}"]
    for key in ("keywords", "sites", "languages"):
        if record[key]:
            parts.append(f"{key}: {', '.join(record[key])}")
    if record["upcoming_only"]:
        parts.append("upcoming only")
    return "; ".join(parts)
