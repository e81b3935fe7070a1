"""One generic spider for every outlet: crawler.spiders.outlet.OutletSpider (`scrapy crawl outlet -a name=...`)."""
