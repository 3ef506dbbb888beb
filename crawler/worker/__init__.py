"""The crawl child process: loads the spiders of a batch and runs them in one reactor."""
