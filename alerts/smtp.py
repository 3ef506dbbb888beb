"""E-mail alerts over SMTP (STARTTLS or TLS), to checked addresses."""

from __future__ import annotations

import smtplib
import ssl
from typing import ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

from alerts.channel import ChannelOptions, Outgoing, SendFailed, guard


class SmtpChannel:
    """E-mail through an SMTP server.

    URL: ``smtp://[user:password@]host[:port]?to=a@x.org,b@y.org[&from=...][&starttls=1]``
    or ``smtps://`` for implicit TLS (port 465).  Plain ``smtp://`` without
    starttls suits a local relay only.
    """

    schemes: ClassVar[tuple[str, ...]] = ("smtp", "smtps")

    def __init__(self, url: str, options: ChannelOptions) -> None:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        self.tls = parts.scheme == "smtps"
        self.starttls = query.get("starttls", ["0"])[0] in ("1", "true", "yes")
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = query.get("from", [options.sender])[0]
        self.recipients = [
            a.strip() for v in query.get("to", []) for a in v.split(",") if a.strip()
        ]
        self.allow_private = options.allow_private
        self.timeout = options.timeout

    def send(self, message: Outgoing) -> None:
        if not self.recipients:
            raise SendFailed("smtp channel has no ?to= recipients", retryable=False)
        guard(self.host, self.port, self.allow_private)
        mail = message.email(self.sender, self.recipients)
        try:
            with self.connect() as smtp:
                if self.user and self.password:
                    smtp.login(self.user, self.password)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendFailed(
                f"smtp {self.host}: recipients refused {list(exc.recipients)}", retryable=False
            ) from None
        except smtplib.SMTPResponseException as exc:
            text = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            raise SendFailed(
                f"smtp {self.host}: {exc.smtp_code} {text}", retryable=exc.smtp_code < 500
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise SendFailed(f"smtp {self.host}:{self.port}: {exc}", retryable=True) from None

    def connect(self) -> smtplib.SMTP:
        if self.tls:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.starttls:
            smtp.starttls(context=ssl.create_default_context())
        return smtp
