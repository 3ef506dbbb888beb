"""Subscriptions: the configured (subscription, channel) pairs mirrored into the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Subscription


@dataclass(frozen=True)
class SubscriptionRow:
    """One (subscription, channel) pair as the config declares it."""

    name: str
    channel_url: str
    filters: dict[str, Any]
    mode: str


def sync_subscriptions(session: Session, subs: Iterable[SubscriptionRow]) -> None:
    """Mirror configured (subscription, channel) pairs; removed ones are disabled.

    Rows are never deleted: the outbox keeps pointing at them.
    """
    wanted = {(s.name, s.channel_url): s for s in subs}
    existing = {(r.name, r.channel_url): r for r in session.scalars(select(Subscription))}
    for key, sub in wanted.items():
        row = existing.get(key) or Subscription(name=sub.name, channel_url=sub.channel_url)
        row.filters, row.mode, row.enabled = sub.filters, sub.mode, True
        session.add(row)
    for key, row in existing.items():
        if key not in wanted:
            row.enabled = False


def live_subscriptions(session: Session) -> Sequence[Subscription]:
    """Enabled subscriptions whose receiver has not said 410 Gone."""
    query = select(Subscription).where(
        Subscription.enabled.is_(True), Subscription.gone_at.is_(None)
    )
    return session.scalars(query.order_by(Subscription.id)).all()


def subscriptions_named(session: Session, name: str) -> Sequence[Subscription]:
    """Every channel row of the subscription called ``name``."""
    return session.scalars(select(Subscription).where(Subscription.name == name)).all()
