"""Event types are declared once (crawler/event_types.py) and read everywhere."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from crawler.analysis.classify import CLASS_CUES, class_order
from crawler.analysis.event_context import SIDE_CUES
from crawler.cli.app import main
from crawler.config.subscriptions import SubscriptionConfig
from crawler.event_types import (
    OTHER,
    EventKind,
    alert_types,
    event_names,
    kind_of,
    rank,
    register,
    type_names,
    unregister,
)


@pytest.fixture
def webinar():
    """A temporary extra type, removed again after the test."""
    kind = register(EventKind("webinar", "webinar", order=15))
    yield kind
    unregister("webinar")


def test_the_declared_types():
    assert type_names() == ("forum", "agreement", "launch", "other")
    assert alert_types() == ("forum", "agreement", "launch")
    assert kind_of("no such type").name == OTHER
    assert rank("forum") < rank("agreement") < rank("launch") < rank(OTHER) < rank("unknown")


def test_every_event_type_has_its_vocabulary():
    """A registered type the classifier has no cue words for would never be found."""
    for name in event_names():
        assert CLASS_CUES.get(name), f"{name}: no CLASS_CUES (crawler/analysis/classify.py)"
        assert SIDE_CUES.get(name), f"{name}: no SIDE_CUES (crawler/analysis/event_context.py)"


def test_a_new_type_flows_to_cli_config_and_ordering(webinar):
    help_text = CliRunner().invoke(main, ["events", "--help"]).output
    assert "forum|webinar|agreement|launch" in help_text
    assert SubscriptionConfig(name="s", channels=["https://x.test/"]).types == [
        "forum",
        "webinar",
        "agreement",
        "launch",
    ]
    assert SubscriptionConfig(name="s", channels=["https://x.test/"], types=["webinar"])
    assert rank("forum") < rank("webinar") < rank("agreement")
    # No cue words yet: the classifier does not weigh it (its vocabulary comes next).
    assert "webinar" not in class_order()


def test_unknown_types_are_refused_where_users_name_them():
    with pytest.raises(ValidationError, match="unknown event type 'webinar'"):
        SubscriptionConfig(name="s", channels=["https://x.test/"], types=["webinar"])
    result = CliRunner().invoke(main, ["events", "--type", "webinar"])
    assert result.exit_code == 2
    assert "'webinar' is not one of 'forum', 'agreement', 'launch'" in result.output


def test_other_cannot_be_removed():
    with pytest.raises(ValueError, match="cannot be removed"):
        unregister(OTHER)
