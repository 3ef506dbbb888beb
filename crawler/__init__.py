"""healthwatch's Scrapy project: settings, items, pipelines, page analysis, config and CLI."""
