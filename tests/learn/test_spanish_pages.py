"""Every learn page has a Spanish version with the same skeleton as the English: heading ids (criteria link to
them), [[...]] blocks and {{ ... }} placeholders, number of sources and internal links. Spanish titles and
summaries on the index; dates in Spanish words."""

import re

import pytest

from hsct_screen.learn import content
from hsct_screen.learn.content import SLUGS, get_page
from tests.learn.conftest import COMMITTED_CONTENT_DIR
from tests.learn.helpers import PageParts

SPANISH = "es"
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[a-z_]+)\s*\}\}")


def _spanish(slug: str) -> content.Page:
    page = get_page(slug, SPANISH)
    assert page.language == SPANISH, f"hsct_screen/learn/content/{SPANISH}/{slug}.md is missing"
    return page


def _internal_links(page: content.Page) -> set[str]:
    return {href for href in PageParts(page.html).hrefs if href.startswith(("/", "#"))}


def _placeholders(page: content.Page) -> set[str]:
    return {match["name"] for match in PLACEHOLDER.finditer(page.html)}


def differences(english: content.Page, spanish: content.Page) -> dict[str, tuple]:
    """What a translation changed that it must keep: {what: (English, Spanish)} for each difference."""
    checks = {
        "heading ids": (english.anchors, spanish.anchors),
        "blocks": (english.blocks, spanish.blocks),
        "placeholders": (_placeholders(english), _placeholders(spanish)),
        "number of sources": (len(english.sources), len(spanish.sources)),
        "internal links": (_internal_links(english), _internal_links(spanish)),
    }
    return {what: pair for what, pair in checks.items() if pair[0] != pair[1]}


# The committed pages (fail until every Spanish page is written) ---------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_pages():
    content._load.cache_clear()
    yield
    content._load.cache_clear()


@pytest.mark.parametrize("slug", SLUGS)
def test_every_english_learn_page_has_a_spanish_version(slug):
    assert (COMMITTED_CONTENT_DIR / SPANISH / f"{slug}.md").is_file(), f"content/{SPANISH}/{slug}.md is missing"


def test_every_spanish_file_is_a_known_page():
    folder = COMMITTED_CONTENT_DIR / SPANISH
    files = sorted(path.stem for path in folder.glob("*.md")) if folder.is_dir() else []

    assert set(files) <= set(SLUGS), f"not in content.SLUGS (never shown): {sorted(set(files) - set(SLUGS))}"


@pytest.mark.parametrize("slug", SLUGS)
def test_a_spanish_page_has_the_heading_ids_of_its_english_page(slug):
    english, spanish = get_page(slug, "en"), _spanish(slug)

    assert spanish.anchors == english.anchors, (
        f"missing {sorted(english.anchors - spanish.anchors)}, extra {sorted(spanish.anchors - english.anchors)}"
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_a_spanish_page_has_the_blocks_and_placeholders_of_its_english_page(slug):
    english, spanish = get_page(slug, "en"), _spanish(slug)

    assert spanish.blocks == english.blocks
    assert _placeholders(spanish) == _placeholders(english)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_spanish_page_lists_as_many_sources_as_its_english_page(slug):
    assert len(_spanish(slug).sources) == len(get_page(slug, "en").sources)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_spanish_page_links_to_the_same_pages_and_sections_as_its_english_page(slug):
    english, spanish = _internal_links(get_page(slug, "en")), _internal_links(_spanish(slug))

    assert spanish == english, f"missing {sorted(english - spanish)}, extra {sorted(spanish - english)}"


# The checks themselves, on pages of the test's own ---------------------------------------------------------


def _write_spanish(folder, slug, *, title, summary, body_changes=()):
    text = (COMMITTED_CONTENT_DIR / f"{slug}.md").read_text(encoding="utf-8")
    english = get_page(slug, "en")
    text = text.replace(f"title: {english.title}", f"title: {title}", 1)
    text = text.replace(f"summary: {english.summary}", f"summary: {summary}", 1)
    for old, new in body_changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / SPANISH / f"{slug}.md").write_text(text, encoding="utf-8")


def test_a_faithful_copy_has_no_differences(content_dir):
    _write_spanish(content_dir, "where-and-trials", title="Dónde y ensayos", summary="Resumen.")

    assert differences(get_page("where-and-trials", "en"), _spanish("where-and-trials")) == {}


def test_the_checks_find_a_lost_heading_id_block_link_and_source(content_dir):
    english_text = (COMMITTED_CONTENT_DIR / "where-and-trials.md").read_text(encoding="utf-8")
    first_id = re.search(r"\{#(?P<id>[a-z0-9-]+)\}", english_text)["id"]
    first_link = re.search(r"\]\((?P<href>/[^)]*)\)", english_text)["href"]
    first_source = re.search(r"^    - .*$", english_text, re.MULTILINE)[0]
    _write_spanish(
        content_dir,
        "where-and-trials",
        title="Dónde y ensayos",
        summary="Resumen.",
        body_changes=[
            (f"{{#{first_id}}}", "{#otro-id}"),
            ("[[trial-table]]", ""),
            (f"]({first_link})", "](/learn/)"),
            (first_source + "\n", ""),
        ],
    )

    found = differences(get_page("where-and-trials", "en"), _spanish("where-and-trials"))

    assert {"heading ids", "blocks", "number of sources", "internal links"} <= found.keys()


@pytest.mark.django_db
def test_the_index_lists_spanish_titles_and_summaries_and_marks_pages_still_in_english(client, content_dir):
    _write_spanish(content_dir, "risks", title="Riesgos y efectos secundarios", summary="Los riesgos principales.")

    html = client.get("/learn/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<h2 class="learn-index__title"><a href="/learn/risks/">Riesgos y efectos secundarios</a></h2>' in html
    assert "<p>Los riesgos principales.</p>" in html
    assert f'lang="en"><a href="/learn/what-is-ms/">{get_page("what-is-ms", "en").title}</a>' in html


@pytest.mark.django_db
def test_a_spanish_page_gives_its_dates_in_spanish_words(client, content_dir):
    _write_spanish(content_dir, "risks", title="Riesgos y efectos secundarios", summary="Los riesgos principales.")
    checked_on = get_page("risks", "es").sources_checked_on

    spanish = client.get("/learn/risks/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get("/learn/risks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre"]
    months += ["noviembre", "diciembre"]
    spanish_date = f"{checked_on.day} de {months[checked_on.month - 1]} de {checked_on.year}"
    assert f'<time datetime="{checked_on.isoformat()}">{spanish_date}</time>' in spanish
    assert f'<time datetime="{checked_on.isoformat()}">{checked_on.day} {checked_on:%B %Y}</time>' in english
