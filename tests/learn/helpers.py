"""Small HTML helpers for the learn tests: collect ids, h1s and link targets from a rendered page."""

from html.parser import HTMLParser


class PageParts(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.h1_count = 0
        self.hrefs: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "h1":
            self.h1_count += 1
        if tag == "a" and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"])
