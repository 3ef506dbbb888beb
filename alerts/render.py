"""Alert e-mails and texts from Jinja2 templates (autoescaped HTML plus plain text).

Templates live in ``alerts/templates``: ``*.html.j2`` are autoescaped (page
titles are untrusted text), ``*.txt`` are not (plain text has nothing to
escape).  The Message-ID derives from the idempotency key, so a re-sent
alert is recognisably the same mail.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

if TYPE_CHECKING:
    from alerts.message import AgendaMessage, AlertMessage, DigestMessage

_ENV = Environment(
    loader=PackageLoader("alerts", "templates"),
    autoescape=select_autoescape(["html", "j2"], default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def alert_text(message: AlertMessage) -> str:
    return _ENV.get_template("alert.txt").render(m=message)


def digest_text(digest: DigestMessage) -> str:
    return _ENV.get_template("digest.txt").render(d=digest)


def alert_email(message: AlertMessage, sender: str, recipients: list[str]) -> EmailMessage:
    """A multipart/alternative e-mail of one alert."""
    html = _ENV.get_template("alert.html.j2").render(m=message)
    return _mail(message.subject, message.key, (message.text, html), sender, recipients)


def digest_email(digest: DigestMessage, sender: str, recipients: list[str]) -> EmailMessage:
    """A multipart/alternative e-mail of one digest."""
    html = _ENV.get_template("digest.html.j2").render(d=digest)
    return _mail(digest.subject, digest.key, (digest.text, html), sender, recipients)


def agenda_text(agenda: AgendaMessage) -> str:
    return _ENV.get_template("agenda.txt").render(a=agenda)


def agenda_email(agenda: AgendaMessage, sender: str, recipients: list[str]) -> EmailMessage:
    """A multipart/alternative e-mail of one agenda."""
    html = _ENV.get_template("agenda.html.j2").render(a=agenda)
    return _mail(agenda.subject, agenda.key, (agenda.text, html), sender, recipients)


def _mail(
    subject: str, key: str, bodies: tuple[str, str], sender: str, recipients: list[str]
) -> EmailMessage:
    """Text and HTML alternatives; Message-ID from the idempotency key."""
    text, html = bodies
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = sender
    mail["To"] = ", ".join(recipients)
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = f"<{key}@healthwatch>"
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    return mail
