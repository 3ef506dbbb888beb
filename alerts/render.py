"""Alert e-mails from Jinja2 templates (autoescaped HTML plus plain text)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

if TYPE_CHECKING:
    from alerts.message import AlertMessage

_ENV = Environment(
    loader=PackageLoader("alerts", "templates"),
    autoescape=select_autoescape(["html", "j2"], default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def subject(message: AlertMessage) -> str:
    """``[forum] 2024-04-20 to 2024-04-21 - Boao Forum ...``: type, date, title.

    Whitespace runs become one space: a line break in a scraped title would
    make EmailMessage refuse the header (ValueError, not SendFailed).
    """
    return " ".join(f"[{message.type}] {message.when()} - {message.title}".split())[:200]


def render_email(message: AlertMessage, sender: str, recipients: list[str]) -> EmailMessage:
    """A multipart/alternative e-mail whose Message-ID derives from the
    idempotency key, so a re-sent alert is recognisably the same mail."""
    mail = EmailMessage()
    mail["Subject"] = subject(message)
    mail["From"] = sender
    mail["To"] = ", ".join(recipients)
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = f"<{message.key}@healthwatch>"
    mail.set_content(_ENV.get_template("alert.txt").render(m=message))
    mail.add_alternative(_ENV.get_template("alert.html.j2").render(m=message), subtype="html")
    return mail
