"""SSRF guard: alert channels may only reach public addresses by default.

A webhook URL is user input that makes the server send requests; without
this check a subscription could probe the local network.  Every address a
host resolves to must be global, unless ``allow_private_targets`` is set
(the demo and the tests).
"""

from __future__ import annotations

import ipaddress
import socket

# Global by ipaddress's tables (Python 3.11's, which lag IANA's registry) but
# not somewhere alerts should go.
_EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "100.64.0.0/10",  # carrier-grade NAT
        "192.0.0.0/24",  # IETF protocol assignments (192.0.0.192: a cloud metadata service)
        "192.88.99.0/24",  # 6to4 relay anycast
        "224.0.0.0/4",  # multicast
        "ff00::/8",  # multicast
        "3fff::/20",  # documentation
        "2002::/16",  # 6to4 (deprecated, RFC 7526): an IPv4 address in IPv6 clothes
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215)
        "fec0::/10",  # site-local (deprecated)
        "5f00::/16",  # SRv6 SIDs
        "::/96",  # IPv4-compatible ::a.b.c.d (deprecated, RFC 4291)
    )
)
# NAT64 well-known prefix: the last 32 bits are an IPv4 address, judged as such.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d


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
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if not is_public(address):
            raise TargetRefusedError(
                f"{host} resolves to {address}, a non-public address "
                "(set allow_private_targets = true to allow it)"
            )
    return addresses


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries: IPv4-mapped ``::ffff:a.b.c.d``,
    IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d``, 6to4
    ``2002:AABB:CCDD::``, Teredo's client; None for a plain IPv6 address."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally reachable and not on the extra list; an IPv6 form that
    embeds an IPv4 address is judged by that address too."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None and not is_public(inner):
            return False
    return address.is_global and not any(address in net for net in _EXTRA_BLOCKED)


def check_target(host: str, port: int, allow_private: bool) -> None:
    """Raise TargetRefusedError unless every address of ``host`` is public."""
    if not allow_private:
        public_addresses(host, port, allow_private)
