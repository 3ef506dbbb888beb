"""Fixtures the end-to-end tests share with the browser tests."""

from tests.render.conftest import chromium

__all__ = ["chromium"]
