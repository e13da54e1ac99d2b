"""Every learn-more link from the criteria, and every internal link on the learn pages, leads somewhere real."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict

from hsct_screen.criteria.models import Criterion
from hsct_screen.learn.content import SLUGS, get_page
from tests.learn.helpers import PageParts

SETS_DIR = Path(__file__).resolve().parents[2] / "hsct_screen" / "criteria" / "sets"


def _target_exists(learn_more: str) -> bool:
    slug, _sep, anchor = learn_more.partition("#")
    page = get_page(slug)
    return page is not None and (not anchor or anchor in page.anchors)


@pytest.mark.django_db
def test_every_criterion_in_the_database_links_to_a_real_page_and_section(client):
    criteria = list(Criterion.objects.exclude(learn_more=""))
    assert criteria, "the seeded default set has learn-more links"

    broken = [c.learn_more for c in criteria if not _target_exists(c.learn_more)]
    assert broken == []
    for criterion in criteria:
        url = criterion.learn_more_url()
        path, _sep, anchor = url.partition("#")
        response = client.get(path)
        assert response.status_code == 200, url
        assert f'id="{anchor}"' in response.content.decode(), url


def _set_file_links():
    links = []
    for set_file in sorted(SETS_DIR.glob("*.json")):
        data = json.loads(set_file.read_text(encoding="utf-8"))
        links += [(set_file.name, c["key"], c["learn_more"]) for c in data["criteria"] if c.get("learn_more")]
    return links


def test_the_criteria_set_files_have_learn_more_links():
    assert any(name == "default.json" for name, _key, _link in _set_file_links())


@pytest.mark.parametrize(("set_file", "key", "learn_more"), _set_file_links())
def test_every_criteria_set_file_links_to_a_real_page_and_section(set_file, key, learn_more):
    assert _target_exists(learn_more), f"{set_file}: {key} links to missing {learn_more}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/learn/", *(f"/learn/{slug}/" for slug in SLUGS)])
def test_every_internal_link_on_a_learn_page_resolves(client, path):
    html = client.get(path).content.decode()
    own_ids = set(PageParts(html).ids)
    broken = []
    for href in sorted(set(PageParts(html).hrefs)):
        if href.startswith("#"):
            if href[1:] not in own_ids:
                broken.append(href)
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        # The language switch is a redirect back to a page: follow it.
        response = client.get(parts.path, QueryDict(parts.query), follow=True)
        if response.status_code != 200:
            broken.append(f"{href} ({response.status_code})")
        elif parts.fragment and parts.fragment not in PageParts(response.content.decode()).ids:
            broken.append(f"{href} (no such section)")
    assert broken == []
