"""First-visit weight: everything a page makes a new visitor's browser download, compressed and not.

Assets are found as a browser finds them: stylesheets, scripts, icons, images and preloads in the HTML,
then `url(...)` and `@import` inside each stylesheet. Each is fetched twice, once with
`Accept-Encoding: gzip, deflate, br` (the bytes on the wire as the server sends them) and once without
(the uncompressed size). Render-blocking CSS is every stylesheet without a print-only media query.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from bench.client import Fetch, decode_body

ACCEPT_COMPRESSED = {"Accept-Encoding": "gzip, deflate, br"}
ACCEPT_IDENTITY = {"Accept-Encoding": "identity"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
NON_BLOCKING_MEDIA = {"print"}


@dataclass(frozen=True)
class Asset:
    path: str
    kind: str  # html, css, js, icon, image, font, other
    blocking: bool = False


@dataclass(frozen=True)
class Measured:
    asset: Asset
    status: int
    encoding: str  # Content-Encoding of the compressed fetch ("identity" when none)
    wire_bytes: int  # body bytes with compression allowed
    raw_bytes: int  # body bytes uncompressed


@dataclass(frozen=True)
class Weight:
    page: str
    items: tuple[Measured, ...]

    @property
    def wire_total(self) -> int:
        return sum(item.wire_bytes for item in self.items)

    @property
    def raw_total(self) -> int:
        return sum(item.raw_bytes for item in self.items)

    @property
    def blocking_css_wire(self) -> int:
        return sum(item.wire_bytes for item in self.items if item.asset.kind == "css" and item.asset.blocking)

    @property
    def blocking_css_raw(self) -> int:
        return sum(item.raw_bytes for item in self.items if item.asset.kind == "css" and item.asset.blocking)


class _AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, bool]] = []  # (url, kind, blocking)
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "link" and attrs.get("href"):
            rel = set(attrs.get("rel", "").lower().split())
            media = attrs.get("media", "all").strip().lower()
            if "stylesheet" in rel:
                self.found.append((attrs["href"], "css", media not in NON_BLOCKING_MEDIA))
            elif rel & {"icon", "apple-touch-icon", "shortcut"}:
                self.found.append((attrs["href"], "icon", False))
            elif rel & {"preload", "modulepreload", "manifest"}:
                self.found.append((attrs["href"], attrs.get("as") or "other", False))
        elif tag == "script" and attrs.get("src"):
            # A classic script in <head> without defer or async holds up the first paint.
            blocking = self.in_head and not ({"defer", "async"} & set(attrs)) and attrs.get("type") != "module"
            self.found.append((attrs["src"], "js", blocking))
        elif tag == "img" and attrs.get("src"):
            self.found.append((attrs["src"], "image", False))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def _same_origin_path(base: str, url: str) -> str | None:
    """The path of a same-site URL; None for data:, other hosts and fragments."""
    if url.startswith(("data:", "#", "mailto:", "javascript:")):
        return None
    joined = urlsplit(urljoin(base, url))
    if joined.scheme not in ("", "http", "https") or (urlsplit(url).netloc and joined.netloc != urlsplit(base).netloc):
        return None
    return joined.path + (f"?{joined.query}" if joined.query else "")


def html_assets(html: str, page: str) -> list[Asset]:
    parser = _AssetParser()
    parser.feed(html)
    assets, seen = [], set()
    for url, kind, blocking in parser.found:
        path = _same_origin_path(f"http://site{page}", url)
        if path and path not in seen:
            seen.add(path)
            assets.append(Asset(path, kind, blocking))
    return assets


def css_references(css: str, css_path: str) -> list[Asset]:
    assets = []
    for match in CSS_URL.finditer(css):
        url = match.group(2) or match.group(4)
        path = _same_origin_path(f"http://site{css_path}", url.strip())
        if path:
            kind = "css" if match.group(4) else ("font" if re.search(r"\.(woff2?|ttf|otf)$", path) else "image")
            assets.append(Asset(path.split("#")[0], kind))
    return assets


def _measure(fetch: Fetch, asset: Asset, headers: dict[str, str]) -> tuple[Measured, bytes]:
    compressed = fetch("GET", asset.path, {**headers, **ACCEPT_COMPRESSED}, None)
    plain = fetch("GET", asset.path, {**headers, **ACCEPT_IDENTITY}, None)
    encoding = compressed.headers.get("content-encoding", "identity") or "identity"
    body = decode_body(plain.body, plain.headers.get("content-encoding", ""))
    measured = Measured(asset, compressed.status, encoding, len(compressed.body), len(body))
    return measured, body


def measure(fetch: Fetch, page: str = "/", headers: dict[str, str] | None = None) -> Weight:
    """Everything `page` loads on a first visit (no cookies, empty cache)."""
    headers = dict(headers or {})
    first, html = _measure(fetch, Asset(page, "html"), headers)
    items = [first]
    queue = html_assets(html.decode("utf-8", "replace"), page)
    seen = {page, *(asset.path for asset in queue)}
    while queue:
        asset = queue.pop(0)
        measured, body = _measure(fetch, asset, headers)
        items.append(measured)
        if asset.kind == "css" and measured.status == 200:
            for found in css_references(body.decode("utf-8", "replace"), asset.path):
                if found.path not in seen:
                    seen.add(found.path)
                    # An @import inside blocking CSS blocks too.
                    queue.append(Asset(found.path, found.kind, asset.blocking and found.kind == "css"))
    return Weight(page=page, items=tuple(items))
