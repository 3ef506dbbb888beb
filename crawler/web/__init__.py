"""``healthwatch serve``: the web UI, calendar, feeds and REST API, read-only.

A layer beside the CLI: it reads storage (never writes: its engine is
read-only), the config, the event types and statuses; nothing imports it
but the ``serve`` command (and ``events --json``, for the one record shape).
"""
