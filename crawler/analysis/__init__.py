"""Event analysis: one ``Article`` in, one ``Analysis`` out, every fact with its evidence.

Pure: it imports nothing of healthwatch but the plain types (``crawler.items``,
``crawler.event_types``); vocabularies are data in ``vocabulary/``.
"""

from crawler.analysis.events import analyse, analysis_to_json

__all__ = ["analyse", "analysis_to_json"]
