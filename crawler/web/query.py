"""The filters of every event list (page, calendar, API, feeds), validated once.

One set of query parameters selects events everywhere, so the page URL of
a filter is also its API call and, with another path, its feed:
``/events?type=forum&from=2024-04-01`` = ``/api/v1/events?...`` =
``/events.ics?...``.  A bad value or an unknown parameter is a 422 with one
clear message (``app.py``), never a 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal
from unicodedata import category
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crawler.event_types import check_type
from crawler.text.normal import search_form
from storage.events import MAX_SEARCH_WORDS, EventFilter

Status = Literal["upcoming", "held", "postponed", "cancelled", "unknown"]
Language = Literal["en", "zh"]
Sort = Literal["date", "-date", "-found"]
MAX_LIMIT = 200
MAX_SEARCH = 200  # characters of the search box
CONTROL = ("Cc", "Cs")  # Unicode categories refused in the search box (not tab or newline)
# Parameters that are not filters: left out of shareable and feed links.
PAGING = ("cursor", "limit", "token")


class EventParams(BaseModel):
    """Query parameters that select and page events (all optional)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    type: list[str] = Field(default_factory=list, description="Event type(s): forum, agreement...")
    status: list[Status] = Field(
        default_factory=list, description="Status as of today (a past event shows held)."
    )
    from_: dt.date | None = Field(
        default=None, alias="from", description="Events whose dates reach this day or later."
    )
    to: dt.date | None = Field(default=None, description="Events starting on this day or before.")
    site: list[str] = Field(default_factory=list, description="Reported by this site (key).")
    language: list[Language] = Field(default_factory=list, description="Reported in en or zh.")
    relevant: bool | None = Field(
        default=None, description="yes: about the health industry; no: not; absent: either."
    )
    q: str = Field(
        default="",
        max_length=MAX_SEARCH,
        description="Words in the title or text (EN/ZH, Simplified and Traditional alike).",
    )
    upcoming: bool = Field(default=False, description="Only events not over yet.")
    sort: Sort | None = Field(
        default=None,
        description="date (soonest first), -date (latest first), -found (newest found first); "
        "default: date when only upcoming events are asked for, else -date.",
    )
    cursor: str | None = Field(default=None, max_length=200, description="next_cursor of a page.")
    limit: int | None = Field(default=None, ge=1, le=MAX_LIMIT, description="Events per page.")

    @model_validator(mode="before")
    @classmethod
    def _drop_blanks(cls, data: Any) -> Any:
        """An HTML form sends empty fields (``from=``): they mean "not set"."""
        if not isinstance(data, dict):
            return data
        cleaned: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, list):
                kept = [item for item in value if not (isinstance(item, str) and not item.strip())]
                if kept:
                    cleaned[key] = kept
            elif not (isinstance(value, str) and not value.strip()):
                cleaned[key] = value
        return cleaned

    @field_validator("type")
    @classmethod
    def _check_types(cls, values: list[str]) -> list[str]:
        for value in values:
            check_type(value)
        return values

    @field_validator("q")
    @classmethod
    def _check_search(cls, value: str) -> str:
        # A NUL or another control character is in no stored text, and
        # PostgreSQL refuses NUL in a string: one clear 422, not a 500.
        bad = next((ch for ch in value if ch not in "\t\n\r" and category(ch) in CONTROL), None)
        if bad is not None:
            raise ValueError(f"control character U+{ord(bad):04X} in the search words")
        return value

    @field_validator("site")
    @classmethod
    def _check_sites(cls, values: list[str]) -> list[str]:
        for value in values:
            if len(value) > 100 or not value.replace("_", "").replace("-", "").isalnum():
                raise ValueError(f"not a site key: {value[:100]!r}")
        return values

    @model_validator(mode="after")
    def _check_range(self) -> EventParams:
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError(f"from ({self.from_}) is after to ({self.to})")
        return self

    def words(self) -> tuple[str, ...]:
        """The search box's words in search form."""
        return tuple(search_form(self.q).split())[:MAX_SEARCH_WORDS]

    def event_filter(self, today: dt.date) -> EventFilter:
        """The storage filter these parameters ask for."""
        return EventFilter(
            types=tuple(self.type),
            statuses=tuple(self.status),
            start=self.from_,
            end=self.to,
            sites=tuple(self.site),
            languages=tuple(self.language),
            relevant=self.relevant,
            search=self.words(),
            upcoming=self.upcoming,
            today=today,
        )

    def order(self) -> str:
        """The sort asked for, or the default: soonest first for what is to come."""
        if self.sort:
            return self.sort
        coming = self.upcoming or (self.status and set(self.status) <= {"upcoming", "postponed"})
        return "date" if coming else "-date"

    def pairs(self, *, paging: bool = False) -> list[tuple[str, str]]:
        """The parameters as (name, value) pairs, filters only unless ``paging``."""
        data = self.model_dump(by_alias=True, exclude_defaults=True)
        pairs: list[tuple[str, str]] = []
        for name, value in data.items():
            if name in PAGING and not paging:
                continue
            values = value if isinstance(value, list) else [value]
            for item in values:
                text = ("yes" if item else "no") if isinstance(item, bool) else str(item)
                pairs.append((name, text))
        return pairs

    def query(self, *, paging: bool = False, **changes: object) -> str:
        """The query string of these filters (``?`` included, empty when none),
        with ``changes`` applied (None removes a parameter)."""
        return self.query_with(changes, paging=paging)

    def query_with(self, changes: Mapping[str, object], *, paging: bool = False) -> str:
        """``query`` with changes whose names are not identifiers (``from``)."""
        pairs = [(k, v) for k, v in self.pairs(paging=paging) if k not in changes]
        for name, value in changes.items():
            if value is not None:
                pairs.append((name, str(value)))
        return f"?{urlencode(pairs)}" if pairs else ""

    def is_filtered(self) -> bool:
        return bool(self.pairs())

    def describe(self) -> str:
        """The filter in a few words, for feed titles and page headings."""
        parts: list[str] = []
        if self.type:
            parts.append(" or ".join(self.type))
        if self.status:
            parts.append(" or ".join(self.status))
        if self.upcoming:
            parts.append("not over yet")
        if self.from_ or self.to:
            parts.append(f"{self.from_ or '…'} to {self.to or '…'}")
        if self.site:
            parts.append("from " + ", ".join(self.site))
        if self.language:
            parts.append("in " + ", ".join(self.language))
        if self.relevant is not None:
            parts.append("health industry" if self.relevant else "not health industry")
        if self.q.strip():
            parts.append(f"matching “{self.q.strip()}”")
        return "; ".join(parts) if parts else "all events"


class CalendarParams(EventParams):
    """The event filters plus the month a calendar shows."""

    month: str | None = Field(
        default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM (default: today's)."
    )

    def first_day(self, today: dt.date) -> dt.date:
        if not self.month:
            return today.replace(day=1)
        year, month = (int(part) for part in self.month.split("-"))
        if not 1900 <= year <= 2999:
            raise ValueError(f"month: year out of range: {self.month}")
        return dt.date(year, month, 1)


class FeedParams(EventParams):
    """The event filters of a feed; ``token`` for readers that cannot send headers."""

    token: str | None = Field(default=None, max_length=500, description="The web token.")


class PageParams(BaseModel):
    """Cursor paging of the API's other lists (articles, runs)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site: list[str] = Field(default_factory=list)
    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)


class ArticleParams(PageParams):
    language: list[Language] = Field(default_factory=list)
    event: int | None = Field(default=None, ge=1, description="Only the reports of this event.")
