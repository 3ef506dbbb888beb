"""The event types healthwatch tells apart, declared once.

Everything that lists or checks event types reads this registry: the CLI's
``--type`` choices, config validation of ``[[subscriptions]] types``, the
order of alert digests, the analysis (which behaviour a type has) and
same-event matching.  A new type is one ``register(EventKind(...))`` here,
its cue words in ``crawler/analysis/vocabulary/events.py`` (``CLASS_CUES``
and ``SIDE_CUES``), and its tests: ``tests/analysis/test_event_types.py``
checks that every registered type has its vocabulary.

Plain data: imports nothing of healthwatch, so every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

OTHER = "other"


@dataclass(frozen=True)
class EventKind:
    """One event type and the behaviour the rest of the system gives it."""

    name: str  # stored in the database and the JSON contract
    label: str  # for people: digests, tables, the web UI
    order: int  # place in lists and digests, ascending
    alerts: bool = True  # subscriptions without `types` are told of it
    # A forum can be the occasion at which another event happens ("signed at
    # the expo"): the headline's other event is then the main one.
    setting: bool = False
    # Its dates are a span ("April 20 to 21") rather than one day.
    spans_days: bool = False
    # Its report names parties that signed (organisations on both sides).
    has_parties: bool = False
    # It has a name of its own ("the 2024 China Health Industry Forum"),
    # read from the lead rather than taken from the headline.
    named: bool = False


_KINDS: dict[str, EventKind] = {}


def register(kind: EventKind) -> EventKind:
    """Add (or replace) a type; returns it, so a test can register and remove one."""
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a type (tests that register a temporary one clean up with this)."""
    if name == OTHER:
        raise ValueError("the 'other' type cannot be removed")
    _KINDS.pop(name, None)


def kinds() -> tuple[EventKind, ...]:
    """Every type, in display order, ``other`` last."""
    return tuple(sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.name)))


def kind_of(name: str) -> EventKind:
    """The declared type called ``name``; an unknown name reads as ``other``."""
    return _KINDS.get(name) or _KINDS[OTHER]


def type_names() -> tuple[str, ...]:
    """All type names, ``other`` included, in display order."""
    return tuple(kind.name for kind in kinds())


def event_names() -> tuple[str, ...]:
    """The types that are events (everything but ``other``), in display order."""
    return tuple(kind.name for kind in kinds() if kind.name != OTHER)


def alert_types() -> tuple[str, ...]:
    """The types subscriptions alert by default."""
    return tuple(kind.name for kind in kinds() if kind.alerts and kind.name != OTHER)


def check_type(name: str) -> str:
    """``name`` if it is a declared type, else ValueError naming the known ones."""
    if name not in _KINDS:
        raise ValueError(f"unknown event type {name!r} (known: {', '.join(type_names())})")
    return name


def rank(name: str) -> int:
    """Sort key of a type name; unknown names sort after every known type."""
    kind = _KINDS.get(name)
    return kind.order if kind is not None else 1_000_000


register(
    EventKind("forum", "forum, conference, expo", 10, setting=True, spans_days=True, named=True)
)
register(EventKind("agreement", "agreement signed", 20, has_parties=True))
register(EventKind("launch", "launch, opening, unveiling", 30))
register(EventKind(OTHER, "other news", 1_000, alerts=False))
