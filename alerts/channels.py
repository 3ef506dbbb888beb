"""Alert channels: one small class per URL scheme, one registry dict.

The registry maps a channel URL's scheme to its class: signed webhooks
(``alerts/webhook.py``), e-mail (``alerts/smtp.py``), and every other scheme
through Apprise (``alerts/apprise_channel.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from alerts.channel import Channel, ChannelOptions, Outgoing, SendFailed
from alerts.smtp import SmtpChannel
from alerts.webhook import WebhookChannel

__all__ = [
    "CHANNELS",
    "ChannelOptions",
    "Outgoing",
    "SendFailed",
    "channel_for",
    "channel_problem",
    "masked",
]

# The registry: a new channel is a class (built from its URL and the
# options, with a ``send`` method) plus its schemes here.  Every other
# scheme goes to Apprise, which knows ~100 services (alerts/apprise_channel.py).
ChannelClass = Callable[[str, ChannelOptions], Channel]
CHANNELS: dict[str, ChannelClass] = {
    **dict.fromkeys(WebhookChannel.schemes, WebhookChannel),
    **dict.fromkeys(SmtpChannel.schemes, SmtpChannel),
}


def channel_for(url: str, options: ChannelOptions) -> Channel:
    """The channel object for a channel URL, chosen by its scheme; any scheme
    we do not implement ourselves is tried as an Apprise URL."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in CHANNELS:
        return CHANNELS[scheme](url, options)
    from alerts.apprise_channel import AppriseChannel  # noqa: PLC0415 - Apprise loads ~100 plugins

    return AppriseChannel(url, options)


def channel_problem(url: str) -> str | None:
    """Why no channel can send to ``url`` (checked without sending), or None."""
    try:
        channel = channel_for(url, ChannelOptions(allow_private=True))
        if isinstance(channel, SmtpChannel) and not channel.recipients:
            return "an smtp channel needs ?to= recipients"
    except SendFailed as exc:
        return str(exc)
    except ValueError as exc:
        return (str(exc).splitlines() or [type(exc).__name__])[0]
    return None


# Query parameters whose values are secrets wherever they appear.
SECRET_PARAMS = re.compile(r"(token|secret|pass|key|auth|sig|code|webhook)", re.IGNORECASE)


def masked(url: str) -> str:
    """A channel URL fit for logs and ``alerts list``: passwords, secret query
    values and (for Apprise URLs) the service tokens are replaced by ``***``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme and scheme not in CHANNELS:
        from alerts.apprise_channel import apprise_masked  # noqa: PLC0415 - see channel_for

        return apprise_masked(url)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", ":***@", 1)
    query = "&".join(
        f"{name}=***" if SECRET_PARAMS.search(name) else f"{name}={value}"
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
