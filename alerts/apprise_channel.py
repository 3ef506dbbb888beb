"""Any Apprise URL (Slack, Teams, Telegram, ntfy, json://...) as a channel.

Apprise's ``notify()`` returns False instead of raising, and says why only
in its log: the log is captured per send so the provider's error text
reaches ``last_error``.  One ``Apprise`` object per send keeps retries per
target.  Services that post to a host the URL names (``json://``,
``ntfy://``, self-hosted Gotify...) are an SSRF vector, so that host goes
through the same guard as webhooks.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any, ClassVar

import apprise

from alerts.channel import ChannelOptions, Outgoing, SendFailed, guard

# Apprise's log lines that carry a provider's answer are at WARNING or above.
_CAPTURE_LEVEL = logging.WARNING


class AppriseChannel:
    """A chat or push message through the Apprise library.

    URL: any Apprise URL (https://github.com/caronc/apprise/wiki), e.g.
    ``slack://T/B/X``, ``tgram://bot-token/chat-id``, ``ntfys://host/topic``,
    ``json://host:port/path``.  Title = the alert's subject, body = its text.
    A failed send is retried (Apprise does not tell a 4xx from a 5xx).
    """

    schemes: ClassVar[tuple[str, ...]] = ()  # every scheme the other channels do not take

    def __init__(self, url: str, options: ChannelOptions) -> None:
        plugin = instantiate(url)
        if plugin is None:
            raise SendFailed(f"not a channel URL Apprise understands: {apprise_masked(url)}", False)
        self.url = url
        self.plugin = plugin
        self.allow_private = options.allow_private

    def send(self, message: Outgoing) -> None:
        if "host" in self.plugin.template_tokens and self.plugin.host:
            guard(str(self.plugin.host), int(self.plugin.port or 443), self.allow_private)
        notifier = apprise.Apprise()
        notifier.add(self.plugin)
        with apprise.LogCapture(level=_CAPTURE_LEVEL) as captured:  # type: ignore[no-untyped-call]
            ok = notifier.notify(body=message.text, title=message.subject)
            log_text = captured.getvalue() if hasattr(captured, "getvalue") else ""
        if not ok:
            reason = last_line(log_text) or "Apprise reported a failure"
            raise SendFailed(f"{self.plugin.service_name}: {reason}", retryable=True)


def instantiate(url: str) -> Any:
    """Apprise's plugin object for ``url``, or None when no plugin takes it."""
    with warnings.catch_warnings():
        # Apprise 2.2 loads its plugins on first use, and one imports the
        # stdlib's deprecated imghdr: not a warning our users can act on.
        warnings.simplefilter("ignore", DeprecationWarning)
        plugin = apprise.Apprise.instantiate(url)
    return None if plugin is None or isinstance(plugin, bool) else plugin


def last_line(text: str) -> str:
    """The last non-empty line of Apprise's captured log, without its stamp."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1].rsplit(" - ", 1)[-1] if lines else ""


def apprise_masked(url: str) -> str:
    """Apprise's own privacy rendering (tokens shortened to ``T...2``)."""
    plugin = instantiate(url)
    if plugin is None:
        return url.split(":", 1)[0] + "://***"
    return str(plugin.url(privacy=True)).split("?", 1)[0]
