"""The ``healthwatch`` command line: click commands and console output.

Nothing imports it; it imports everything lazily, so ``healthwatch --help``
loads neither Scrapy nor the database models.
"""
