"""Which subscriptions want which event: pure filter matching."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EventView:
    """The facts of a new event that subscription filters look at."""

    type: str
    site: str
    language: str
    title: str
    text: str


def matches(filters: dict[str, Any], event: EventView) -> bool:
    """True when every filter a subscription sets accepts the event.

    An empty filter accepts everything; keywords match the title or text,
    case-insensitively, any one of them.
    """
    if filters.get("types") and event.type not in filters["types"]:
        return False
    if filters.get("sites") and event.site not in filters["sites"]:
        return False
    if filters.get("languages") and event.language not in filters["languages"]:
        return False
    keywords = [k.casefold() for k in filters.get("keywords", [])]
    haystack = f"{event.title}\n{event.text}".casefold()
    return not keywords or any(k in haystack for k in keywords)
