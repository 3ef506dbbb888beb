"""SMTP over implicit TLS and STARTTLS, with AUTH, against a real aiosmtpd
server holding a throwaway certificate that the test makes trusted."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from alerts.channels import ChannelOptions, SendFailed
from alerts.message import sample_message
from alerts.smtp import SmtpChannel
from crawler.demo.receivers import free_port

LOCAL = ChannelOptions(allow_private=True)
USER, PASSWORD = "alice", "Tr1cky:p@ss/word"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (cert file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class Collect:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


@pytest.fixture
def trusted(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """Make the default trust store hold our certificate; the server's context."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def starttls_server(trusted: ssl.SSLContext) -> Iterator[tuple[Controller, Collect]]:
    handler = Collect()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=trusted,
        require_starttls=True,
        authenticator=authenticate,
        auth_require_tls=True,
    )
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def smtps_server(trusted: ssl.SSLContext) -> Iterator[tuple[Controller, Collect]]:
    handler = Collect()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        ssl_context=trusted,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield controller, handler
    controller.stop()


def url(scheme: str, port: int, query: str, password: str = PASSWORD) -> str:
    from urllib.parse import quote

    return f"{scheme}://{USER}:{quote(password, safe='')}@127.0.0.1:{port}?to=a@example.org{query}"


def test_starttls_with_auth_delivers(starttls_server: tuple[Controller, Collect]) -> None:
    controller, handler = starttls_server
    SmtpChannel(url("smtp", controller.port, "&starttls=1"), LOCAL).send(sample_message(""))
    [mail] = handler.messages
    assert mail.get_content_type() == "multipart/alternative"
    assert "博鳌亚洲论坛健康分论坛" in mail.get_body(("plain",)).get_content()


def test_plain_smtp_to_a_server_that_requires_starttls_is_refused(
    starttls_server: tuple[Controller, Collect],
) -> None:
    controller, handler = starttls_server
    with pytest.raises(SendFailed) as info:
        SmtpChannel(url("smtp", controller.port, ""), LOCAL).send(sample_message(""))
    assert PASSWORD not in str(info.value)
    assert handler.messages == []


def test_implicit_tls_delivers(smtps_server: tuple[Controller, Collect]) -> None:
    controller, handler = smtps_server
    SmtpChannel(url("smtps", controller.port, ""), LOCAL).send(sample_message(""))
    [mail] = handler.messages
    assert str(mail["Subject"]).startswith("[forum]")


def test_tls_to_an_untrusted_certificate_is_refused(
    smtps_server: tuple[Controller, Collect], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The channel verifies certificates: with our test CA out of the trust
    store the same server is refused, and nothing is sent."""
    empty = tmp_path / "empty.pem"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    controller, handler = smtps_server
    with pytest.raises(SendFailed, match="CERTIFICATE_VERIFY_FAILED") as info:
        SmtpChannel(url("smtps", controller.port, ""), LOCAL).send(sample_message(""))
    assert PASSWORD not in str(info.value)
    assert handler.messages == []
