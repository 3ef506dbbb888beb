"""The SSRF guard on every hop: Apprise follows no redirect, every connection
Apprise opens is checked, and IPv6 forms that carry an IPv4 address are
judged by that address.

Real local servers: one answers 302 to another, which must never be
reached (Apprise's json://, form:// and xml:// once followed such a 302).
"""

from __future__ import annotations

import apprise
import pytest

from alerts.apprise_channel import AppriseChannel, instantiate, ssrf_guarded
from alerts.channels import ChannelOptions, SendFailed
from alerts.message import sample_message
from alerts.targets import TargetRefusedError, check_target

ALLOWED = ChannelOptions(allow_private=True)  # both servers live on 127.0.0.1


@pytest.mark.parametrize("scheme", ["json", "form", "xml"])
@pytest.mark.parametrize("query", ["", "?redirect=yes"])
def test_apprise_follows_no_redirect(scripted_server, scheme: str, query: str) -> None:
    inner = scripted_server(200)
    outer = scripted_server((302, {"location": inner.url}))
    port = outer.url.split(":")[2].split("/")[0]
    channel = AppriseChannel(f"{scheme}://127.0.0.1:{port}/notify{query}", ALLOWED)
    with pytest.raises(SendFailed, match="302"):
        channel.send(sample_message(f"{scheme}://"))
    assert [r.method for r in outer.requests] == ["POST"]
    assert inner.requests == []  # the redirect's target was never reached


def test_every_connection_apprise_opens_is_checked(scripted_server) -> None:
    """Inside a send, a connection to a private address is refused where it
    is opened (in Apprise's worker threads), whatever the URL said; outside
    a send, urllib3 is untouched."""
    server = scripted_server(200)
    port = server.url.split(":")[2].split("/")[0]
    notifier = apprise.Apprise()
    notifier.add(instantiate(f"json://127.0.0.1:{port}/notify"))
    with ssrf_guarded(allow_private=False) as guard:
        assert not notifier.notify(body="b", title="t")
    assert server.requests == []
    assert guard.refused and "127.0.0.1" in guard.refused[0]
    with ssrf_guarded(allow_private=True) as guard:
        assert notifier.notify(body="b", title="t")
    assert len(server.requests) == 1 and guard.refused == []


def test_a_guarded_apprise_send_fails_for_good_with_the_guards_reason(scripted_server) -> None:
    server = scripted_server(200)
    port = server.url.split(":")[2].split("/")[0]
    channel = AppriseChannel(f"json://localhost:{port}/x", ChannelOptions(allow_private=False))
    with pytest.raises(SendFailed, match="non-public address") as info:
        channel.send(sample_message("json://"))
    assert info.value.retryable is False
    assert server.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "::127.0.0.1",  # IPv4-compatible (deprecated)
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
        "64:ff9b:1::1",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:808:808::1",  # 6to4 at all (deprecated)
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "192.0.0.192",  # a cloud metadata service
        "192.0.0.170",
        "fec0::1",  # site-local
    ],
)
def test_ipv6_forms_of_private_ipv4_are_refused(address: str) -> None:
    with pytest.raises(TargetRefusedError, match="non-public"):
        check_target(address, 443, allow_private=False)


@pytest.mark.parametrize("address", ["::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_ipv6_forms_of_public_ipv4_pass(address: str) -> None:
    check_target(address, 443, allow_private=False)
