"""``python -m crawler.cli``: the same as the ``healthwatch`` console script."""

from crawler.cli.app import main

main()
