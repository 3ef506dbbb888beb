"""Typed settings: one TOML file plus ``HEALTHWATCH_*`` environment variables."""
