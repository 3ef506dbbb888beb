"""Breakage is loud: failing or link-less sites turn unhealthy once, ops hear
of it once, and once more on recovery (SQLite and PostgreSQL, real receivers)."""

from __future__ import annotations

from standardwebhooks.webhooks import Webhook

from alerts.channels import ChannelOptions
from crawler.demo.receivers import SmtpSink, WebhookReceiver
from scheduler.breakage import degraded_changes, notify_ops, update_health
from storage.db import transaction
from storage.models import CrawlRun, Site

SECRET = "whsec_" + "c2VjcmV0LWZvci1icmVha2FnZS10ZXN0cw=="


def add_site(factory, key="nhc_en"):
    with transaction(factory) as session:
        session.add(Site(key=key, name=key, start_urls=[], enabled=True))


def add_run(factory, status="ok", links=5, not_modified=0, error=None, site="nhc_en"):
    with transaction(factory) as session:
        session.add(
            CrawlRun(
                site=site, status=status, links_found=links, not_modified=not_modified, error=error
            )
        )


def health(factory, threshold=3):
    with transaction(factory) as session:
        changes = update_health(session, ["nhc_en"], threshold)
    with factory() as session:
        return changes, session.get(Site, "nhc_en")


def test_three_failures_in_a_row_make_a_site_unhealthy_once_then_it_recovers(factory):
    add_site(factory)
    add_run(factory)
    for _ in range(2):
        add_run(factory, "failed", links=0, error="no response: ConnectionRefusedError x3")
        assert health(factory)[0] == []
    add_run(factory, "timeout", links=0, error="the crawl hit its time limit")
    changes, site = health(factory)
    assert [(c.site, c.healthy) for c in changes] == [("nhc_en", False)]
    assert (
        "3 crawls in a row failed" in site.unhealthy_reason
        and "time limit" in site.unhealthy_reason
    )
    assert site.consecutive_failures == 3 and site.unhealthy_since is not None
    add_run(factory, "failed", links=0)
    assert health(factory)[0] == []  # told once, not on every failure
    add_run(factory)
    changes, site = health(factory)
    assert [(c.site, c.healthy) for c in changes] == [("nhc_en", True)]
    assert site.healthy and site.consecutive_failures == 0 and site.unhealthy_reason is None


def test_listings_that_stop_yielding_links_are_a_breakage_but_304_is_not(factory):
    add_site(factory)
    add_run(factory, links=40)
    add_run(factory, links=0, not_modified=2)  # unchanged site: fine
    assert health(factory)[0] == []
    add_run(factory, links=0, not_modified=0)  # layout changed: selectors find nothing
    changes, site = health(factory)
    assert [c.healthy for c in changes] == [False]
    assert "no article links" in site.unhealthy_reason and "40" in site.unhealthy_reason


def test_a_site_that_never_had_links_is_not_called_broken(factory):
    add_site(factory)
    add_run(factory, links=0)
    add_run(factory, links=0)
    assert health(factory)[0] == []


def test_ops_hear_of_it_by_signed_webhook_and_e_mail(factory):
    add_site(factory)
    for _ in range(3):
        add_run(factory, "failed", links=0, error="HTTP 500")
    changes, _site = health(factory)
    options = ChannelOptions(secret=SECRET, allow_private=True)
    with WebhookReceiver() as hook, SmtpSink() as smtp:
        errors = notify_ops(changes, [hook.url, smtp.url, "gopher://nowhere"], options)
    assert len(errors) == 1 and "gopher" in errors[0]
    (post,) = hook.received
    payload = Webhook(SECRET).verify(post.body, post.headers)
    assert payload["schema"] == "healthwatch.notice/1"
    assert (payload["kind"], payload["site"]) == ("site.unhealthy", "nhc_en")
    (mail,) = smtp.messages
    assert mail["Subject"] == "[healthwatch] site nhc_en is unhealthy"
    assert "HTTP 500" in mail.get_content()


MISS = (
    "selector-miss: body selector 'div.article' read nothing on 3 pages "
    "(first: http://en.nhc.gov.cn/2024-05/01/c_1.htm); generic extraction used"
)


def add_read_run(factory, *, new_articles=1, warnings=(), status="ok"):
    with transaction(factory) as session:
        session.add(
            CrawlRun(
                site="nhc_en",
                status=status,
                links_found=5,
                new_articles=new_articles,
                warnings=list(warnings),
            )
        )


def degraded(factory):
    with transaction(factory) as session:
        return degraded_changes(session, ["nhc_en"])


def test_selectors_that_miss_degrade_a_site_once_and_matching_again_is_told_once(factory):
    add_site(factory)
    add_read_run(factory)
    assert degraded(factory) == []
    add_read_run(factory, warnings=[MISS])
    (change,) = degraded(factory)
    assert (change.site, change.degraded, change.reason) == ("nhc_en", True, MISS)
    add_read_run(factory, warnings=[MISS])
    assert degraded(factory) == []  # told once, not on every crawl
    add_read_run(factory, new_articles=0)  # a quiet poll says nothing about selectors
    assert degraded(factory) == []
    add_read_run(factory, new_articles=0, status="cancelled")
    assert degraded(factory) == []
    add_read_run(factory, new_articles=2)
    (change,) = degraded(factory)
    assert (change.degraded, change.reason) == (False, None)
    add_read_run(factory, new_articles=0)
    assert degraded(factory) == []  # and a quiet poll after it does not re-announce


def test_a_degraded_site_stays_healthy_and_ops_hear_of_it(factory):
    add_site(factory)
    add_read_run(factory, warnings=[MISS])
    assert health(factory)[0] == []  # degraded is not broken: pages are still read
    changes = degraded(factory)
    options = ChannelOptions(secret=SECRET, allow_private=True)
    with WebhookReceiver() as hook, SmtpSink() as smtp:
        assert notify_ops(changes, [hook.url, smtp.url], options) == []
    (post,) = hook.received
    payload = Webhook(SECRET).verify(post.body, post.headers)
    assert (payload["kind"], payload["site"], payload["reason"]) == (
        "site.degraded",
        "nhc_en",
        MISS,
    )
    (mail,) = smtp.messages
    assert mail["Subject"] == "[healthwatch] site nhc_en is degraded: its selectors miss"
    assert "generic extraction" in mail.get_content()
