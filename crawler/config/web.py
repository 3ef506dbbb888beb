"""The web part of the settings (``healthwatch serve``): where it listens, who may read."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from crawler.config.values import parse_address


class WebSettings(BaseModel):
    """Where the web UI, API and feeds listen, and the token that protects them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Where `healthwatch serve` listens (HOST:PORT; `--http` overrides).  Any
    # address but loopback needs `web_token`.
    web_http: str = "127.0.0.1:8000"
    # Bearer token for the UI, API and feeds (HEALTHWATCH_WEB_TOKEN); unset =
    # open to whoever reaches `web_http` (loopback only).
    web_token: SecretStr | None = None
    # Events per page of the UI and API lists, unless `limit` says otherwise.
    web_page_size: int = Field(default=50, ge=1, le=200)

    @field_validator("web_http")
    @classmethod
    def _check_web_http(cls, value: str) -> str:
        parse_address(value)
        return value

    @field_validator("web_token")
    @classmethod
    def _check_web_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < 16:
            raise ValueError("web_token must be at least 16 characters")
        return value
