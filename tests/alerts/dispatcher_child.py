"""A dispatcher in a process of its own: ``python dispatcher_child.py DB_URL [BATCH]``.

The failure tests kill it, or run two at once; it is exactly what the
daemon's dispatch job runs.
"""

from __future__ import annotations

import sys

from alert_helpers import OPTIONS

from alerts.dispatcher import dispatch_due
from storage.db import make_engine, session_factory

if __name__ == "__main__":
    engine = make_engine(sys.argv[1])
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    report = dispatch_due(session_factory(engine), OPTIONS, retry=5, batch=batch)
    print(len(report.sent), len(report.retrying), len(report.dead))
