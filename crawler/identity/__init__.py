"""Identity of pages and events: canonical URLs, content hashes, SimHash, same-event matching.

Pure: it imports nothing of healthwatch but the plain types.
"""
