"""SSRF guard: alert channels may only reach public addresses by default.

A webhook URL is user input that makes the server send requests; without
this check a subscription could probe the local network.  Every address a
host resolves to must be global, unless ``allow_private_targets`` is set
(the demo and the tests).
"""

from __future__ import annotations

import ipaddress
import socket

# Global by ipaddress's tables but not somewhere alerts should go.
_EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(net)
    for net in ("100.64.0.0/10", "192.88.99.0/24", "224.0.0.0/4", "ff00::/8", "3fff::/20")
)


class TargetRefusedError(Exception):
    """The channel's host is loopback, private or otherwise not public, or
    does not resolve (``retryable``: DNS may answer later)."""

    def __init__(self, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


def public_addresses(host: str, port: int, allow_private: bool) -> list[str]:
    """Every address ``host`` resolves to, each one checked unless
    ``allow_private``.  Connect to one of these, never to a new lookup, so
    a DNS answer that changes in between (rebinding) cannot get past."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise TargetRefusedError(f"cannot resolve {host}: {exc.strerror}", retryable=True) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for text in () if allow_private else addresses:
        address = ipaddress.ip_address(text)
        if not address.is_global or any(address in net for net in _EXTRA_BLOCKED):
            raise TargetRefusedError(
                f"{host} resolves to {address}, a non-public address "
                "(set allow_private_targets = true to allow it)"
            )
    return addresses


def check_target(host: str, port: int, allow_private: bool) -> None:
    """Raise TargetRefusedError unless every address of ``host`` is public."""
    if not allow_private:
        public_addresses(host, port, allow_private)
