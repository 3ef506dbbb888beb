"""Text as every matcher reads it: one normal form, one definition of CJK.

Plain: imports nothing of healthwatch; the analysis, identity and alert
rules all normalise through ``crawler.text.normal``.
"""
