"""Any Apprise URL (Slack, Teams, Telegram, ntfy, json://...) as a channel.

Apprise's ``notify()`` returns False instead of raising, and says why only
in its log: the log is captured per send so the provider's error text
reaches ``last_error``.  One ``Apprise`` object per send keeps retries per
target.

Services that post to a host the URL names (``json://``, ``form://``,
``xml://``, ``ntfy://``, self-hosted Gotify...) are an SSRF vector, so the
SSRF guard applies on every hop, not only to the URL's host: redirects are
switched off (Apprise's ``redirect=no``, forced whatever the URL says), and
every TCP connection Apprise's HTTP stack (requests -> urllib3) opens during
a send goes through ``guarded_connection``: the host is resolved once, each
address checked, and the checked address connected to.  So a redirect that
some plugin still follows, or a DNS answer that changes, cannot reach a
private address either.
"""

from __future__ import annotations

import contextvars
import logging
import socket
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

import apprise
import urllib3.util.connection

from alerts.channel import ChannelOptions, Outgoing, SendFailed, guard
from alerts.targets import TargetRefusedError, public_addresses

# Apprise's log lines that carry a provider's answer are at WARNING or above.
_CAPTURE_LEVEL = logging.WARNING


@dataclass
class _Guard:
    """The SSRF guard of one Apprise send, and what it refused."""

    allow_private: bool
    refused: list[str] = field(default_factory=list)


# The guard of the send in progress.  A context variable, not a thread
# local: Apprise runs plugins in its own worker threads with a copy of the
# caller's context (``apprise.submit_with_context``).
_SEND_GUARD: contextvars.ContextVar[_Guard | None] = contextvars.ContextVar(
    "healthwatch_apprise_guard", default=None
)
_urllib3_connect = urllib3.util.connection.create_connection


def guarded_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
    """urllib3's ``create_connection``, checked by the SSRF guard while an
    Apprise send is in progress (and unchanged outside one)."""
    send_guard = _SEND_GUARD.get()
    if send_guard is None:
        return _urllib3_connect(address, *args, **kwargs)
    host, port = address
    try:
        checked = public_addresses(host.strip("[]"), port, send_guard.allow_private)
    except TargetRefusedError as exc:
        send_guard.refused.append(str(exc))
        # An OSError: urllib3 and requests report it as a failed connection.
        raise ConnectionRefusedError(f"refused by the SSRF guard: {exc}") from None
    error: OSError = OSError(f"no address to connect to for {host}")
    for ip in checked:  # the checked addresses, never a new lookup
        try:
            return _urllib3_connect((ip, port), *args, **kwargs)
        except OSError as exc:
            error = exc
    raise error


urllib3.util.connection.create_connection = guarded_connection


@contextmanager
def ssrf_guarded(allow_private: bool) -> Iterator[_Guard]:
    """Every connection Apprise opens inside the block goes through the guard."""
    send_guard = _Guard(allow_private)
    token = _SEND_GUARD.set(send_guard)
    try:
        yield send_guard
    finally:
        _SEND_GUARD.reset(token)


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
            # Non-HTTP plugins (mailto:// via smtplib) are checked here only.
            guard(str(self.plugin.host), int(self.plugin.port or 443), self.allow_private)
        notifier = apprise.Apprise()
        notifier.add(self.plugin)
        with (
            ssrf_guarded(self.allow_private) as send_guard,
            apprise.LogCapture(level=_CAPTURE_LEVEL) as captured,  # type: ignore[no-untyped-call]
        ):
            ok = notifier.notify(body=message.text, title=message.subject)
            log_text = captured.getvalue() if hasattr(captured, "getvalue") else ""
        if send_guard.refused:
            raise SendFailed(f"{self.plugin.service_name}: {send_guard.refused[0]}", False)
        if not ok:
            reason = last_line(log_text) or "Apprise reported a failure"
            raise SendFailed(f"{self.plugin.service_name}: {reason}", retryable=True)


def instantiate(url: str) -> Any:
    """Apprise's plugin object for ``url``, or None when no plugin takes it;
    it never follows an HTTP redirect, whatever the URL's ``redirect=`` says."""
    with warnings.catch_warnings():
        # Apprise 2.2 loads its plugins on first use, and one imports the
        # stdlib's deprecated imghdr: not a warning our users can act on.
        warnings.simplefilter("ignore", DeprecationWarning)
        asset = apprise.AppriseAsset(http_redirects=False)
        plugin = apprise.Apprise.instantiate(url, asset=asset)
    if plugin is None or isinstance(plugin, bool):
        return None
    plugin.redirects = False
    return plugin


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
