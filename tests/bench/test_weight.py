"""The first-visit weight finds what a browser would download and measures it compressed and not."""

import gzip
import re

import pytest
from django.test import Client

from bench import client, weight

PAGE = """<!doctype html><html><head>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/a.css">
<link rel="stylesheet" href="/static/print.css" media="print">
<script src="/static/late.js" defer></script>
<script src="/static/early.js"></script>
<link rel="stylesheet" href="https://cdn.example/x.css">
</head><body><img src="data:image/png;base64,AAAA"><img src="pic.png"><script src="/static/end.js"></script></body></html>"""


def test_the_page_lists_same_site_assets_and_which_of_them_block_rendering():
    assets = {asset.path: (asset.kind, asset.blocking) for asset in weight.html_assets(PAGE, "/learn/")}
    assert assets == {
        "/static/favicon.svg": ("icon", False),
        "/static/a.css": ("css", True),
        "/static/print.css": ("css", False),
        "/static/late.js": ("js", False),
        "/static/early.js": ("js", True),
        "/learn/pic.png": ("image", False),
        "/static/end.js": ("js", False),
    }


def test_stylesheets_bring_their_fonts_images_and_imports_but_not_data_uris():
    css = (
        "@import 'base.css'; .a{background:url(\"../img/a.png\")} "
        "@font-face{src:url(/static/f.woff2)} .b{background:url(data:image/svg+xml,%3Csvg%3E)}"
    )
    found = {(asset.path, asset.kind) for asset in weight.css_references(css, "/static/css/site.css")}
    assert found == {("/static/css/base.css", "css"), ("/static/img/a.png", "image"), ("/static/f.woff2", "font")}


def test_each_asset_is_counted_as_sent_and_as_uncompressed():
    css = b".x{color:red}" * 200
    files = {"/": PAGE.encode(), "/static/a.css": css}

    def fetch(method, path, headers, body):
        data = files.get(path, b"")
        if "gzip" in headers.get("Accept-Encoding", "") and path.endswith(".css"):
            return client.Response(200, {"content-encoding": "gzip"}, gzip.compress(data))
        return client.Response(200 if data else 404, {}, data)

    measured = weight.measure(fetch, "/")
    by_path = {item.asset.path: item for item in measured.items}
    assert by_path["/static/a.css"].raw_bytes == len(css)
    assert by_path["/static/a.css"].wire_bytes < len(css) / 10
    assert by_path["/static/a.css"].encoding == "gzip"
    assert measured.blocking_css_wire == by_path["/static/a.css"].wire_bytes
    assert by_path["/static/late.js"].status == 404  # still listed, so a broken link shows in the table


@pytest.mark.django_db
def test_the_start_page_weight_in_process_measures_every_static_file_the_page_names(settings):
    # Tests never collect static files; let WhiteNoise serve them from the app folders, as in development.
    settings.WHITENOISE_USE_FINDERS = True
    html = Client().get("/").content.decode()
    named = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))
    measured = weight.measure(client.client_fetch(Client()), "/")
    paths = {item.asset.path for item in measured.items}
    assert named and named <= paths
    assert all(item.status == 200 and item.raw_bytes > 0 for item in measured.items)
    stylesheets = [item.asset for item in measured.items if item.asset.kind == "css"]
    assert stylesheets
    for asset in stylesheets:
        tag = re.search(rf'<link[^>]*href="{re.escape(asset.path)}"[^>]*>', html).group(0)
        assert asset.blocking == ('media="print"' not in tag)
