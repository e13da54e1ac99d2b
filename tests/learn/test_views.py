"""The learn index and page views: one h1, sources, who checked them and the sign-off, navigation, 404s, queries."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from hsct_screen.learn import content
from hsct_screen.learn.content import SLUGS, ClinicalSignoff, get_page
from tests.learn.helpers import PageParts

pytestmark = pytest.mark.django_db


def test_index_lists_every_page_with_its_summary(client):
    response = client.get("/learn/")

    assert response.status_code == 200
    html = response.content.decode()
    assert PageParts(html).h1_count == 1
    for slug in SLUGS:
        page = get_page(slug)
        assert f'href="/learn/{slug}/"' in html
        assert str(page.title) in html or page.title.replace("'", "&#x27;") in html
        assert page.summary.replace("'", "&#x27;") in html


def test_learn_urls_keep_their_names():
    assert reverse("learn:index") == "/learn/"
    assert reverse("learn:page", args=["risks"]) == "/learn/risks/"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_renders_with_one_h1_sources_who_checked_them_and_the_sign_off_status(client, slug):
    page = get_page(slug)

    response = client.get(f"/learn/{slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    parts = PageParts(html)
    assert parts.h1_count == 1
    assert "Last reviewed" not in html
    assert (
        'Sources checked on <time datetime="2026-11-24">24 November 2026</time> '
        "by the project team, against published sources."
    ) in html
    assert "Not yet signed off by a clinician." in html
    assert ">Sources</h2>" in html
    for source in page.sources:
        assert source.replace("'", "&#x27;") in html
    assert "/learn/" in parts.hrefs and "/" in parts.hrefs


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_has_unique_ids_and_a_contents_list_of_its_sections(client, slug):
    page = get_page(slug)

    html = client.get(f"/learn/{slug}/").content.decode()

    parts = PageParts(html)
    assert len(parts.ids) == len(set(parts.ids)), "duplicate id on the page"
    for section_id, _title in page.sections:
        assert f"#{section_id}" in parts.hrefs


def test_pages_link_to_the_questions_for_your_doctor(client):
    html = client.get("/learn/risks/").content.decode()

    assert "/learn/questions-for-your-doctor/" in PageParts(html).hrefs


@pytest.mark.parametrize(
    "path",
    [
        "/learn/nope/",
        "/learn/..%2Fsettings/",
        "/learn/%2E%2E%2Fsettings/",
        "/learn/settings.py/",
        "/learn/privacy.md/",
        "/learn/PRIVACY/",
    ],
)
def test_an_unknown_slug_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/learn/", "/learn/risks/"])
def test_the_wrong_method_is_refused(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.parametrize("slug", SLUGS)
def test_a_page_needs_at_most_one_query_and_the_trials_page_one_more(client, django_assert_max_num_queries, slug):
    # The clinic's details; the trials page also reads the listed trial sets, in one query however many.
    with django_assert_max_num_queries(2 if slug == "where-and-trials" else 1):
        client.get(f"/learn/{slug}/")


def test_the_index_needs_no_queries(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/learn/")


def test_english_content_is_marked_as_english_when_spanish_is_chosen(client, content_dir):
    html = client.get("/learn/risks/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="es">' in html
    assert '<article class="learn-page" lang="en">' in html


def test_no_inline_styles_or_scripts_on_any_page(client):
    for path in ["/learn/", *(f"/learn/{slug}/" for slug in SLUGS)]:
        html = client.get(path).content.decode()
        assert "<script" not in html and "<style" not in html and "style=" not in html, path


def test_a_signed_off_page_names_the_clinician_and_the_date(client, monkeypatch):
    signed = content.Page(
        slug="risks",
        title="Risks",
        summary="Summary",
        html='<h2 id="a">A</h2>',
        sources=("A source",),
        sources_checked_on=datetime.date(2026, 11, 24),
        sources_checked_by="the project team, against published sources",
        clinical_signoff=ClinicalSignoff(signed_on=datetime.date(2026, 12, 1), signed_by="Dr Ann Lee, neurologist"),
        sections=(("a", "A"),),
    )
    monkeypatch.setattr(content, "get_page", lambda slug, language=None: signed)

    html = client.get("/learn/risks/").content.decode()

    assert (
        'Signed off by a clinician, Dr Ann Lee, neurologist, on <time datetime="2026-12-01">1 December 2026</time>.'
        in html
    )
    assert "Not yet signed off" not in html


@override_settings(SUBMISSION_RETENTION_DAYS=90, CONTACT_RETENTION_DAYS=30)
def test_the_privacy_page_states_the_retention_periods_in_force(client):
    html = client.get("/learn/privacy/").content.decode()

    assert "We keep your answers and your result for 90 days, then delete them." in html
    assert "deleted automatically 30 days" in html
    assert "{{" not in html


def test_the_privacy_page_states_the_default_retention_periods(client):
    html = client.get("/learn/privacy/").content.decode()

    assert "for 365 days" in html and "after 180 days" in html
