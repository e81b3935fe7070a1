"""The Scrapy project: the generic `outlet` spider over the outlet registry (corpus.registry), the encoding
guard and the pipelines that hand each fetched article page to the cleaners, curation and the store.

    scrapy crawl outlet -a name=rt_arabic                 # from the repository root
    corpus crawl rt_arabic --db corpus.db                 # from anywhere (crawler.runner.run_crawl)
"""
