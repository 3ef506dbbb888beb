"""Bundled demo sites: five small fake news sites, one built by JavaScript,
served by one local HTTP server.

``server`` serves them (``python -m crawler.demo.server``); ``content`` holds
their articles and ``demo_articles()``, the oracle tests compare against.
Nothing is imported here so that ``python -m crawler.demo.server`` runs cleanly.
"""
