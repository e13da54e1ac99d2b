"""The content loader: whitelist, front matter, Markdown rendering and sanitising, anchors, placeholders, language fallback."""

import datetime

import pytest
from django.test import override_settings

from hsct_screen.learn import content
from hsct_screen.learn.content import (
    SLUGS,
    ClinicalSignoff,
    ContentError,
    all_pages,
    get_page,
    parse_front_matter,
    render_markdown,
)

CANDIDATE_SECTIONS = {
    "ms-type",
    "time-since-diagnosis",
    "walking",
    "recent-activity",
    "medicines-tried",
    "age",
    "other-health-conditions",
}


FRONT = (
    "---\ntitle: T\nsummary: S\nsources_checked_on: 2026-11-24\n"
    "sources_checked_by: the project team, against published sources\nclinical_signoff:\nsources:\n{sources}\n---\n"
)


@pytest.fixture
def fresh_cache():
    content._load.cache_clear()
    yield
    content._load.cache_clear()


def test_all_pages_come_in_whitelist_order():
    assert [page.slug for page in all_pages()] == list(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_has_title_summary_sources_checked_date_and_checker_and_sources(slug):
    page = get_page(slug)

    assert page.title and page.summary
    assert isinstance(page.sources_checked_on, datetime.date)
    assert page.sources_checked_by == "the project team, against published sources"
    assert page.sources and all(len(source) > 20 for source in page.sources)
    assert page.sections, "every page has at least one h2 section for its contents list"


@pytest.mark.parametrize("slug", SLUGS)
def test_no_page_says_eligible(slug):
    page = get_page(slug)

    assert "eligib" not in f"{page.title} {page.summary} {page.html}".lower()


@pytest.mark.parametrize("slug", SLUGS)
def test_page_bodies_have_no_h1_and_link_only_to_our_own_pages(slug):
    page = get_page(slug)

    assert "<h1" not in page.html
    assert all(href.startswith(("/", "#")) for href in _hrefs(page.html))


def test_candidate_page_has_one_section_per_default_criterion_and_a_guidelines_table():
    page = get_page("who-may-be-a-candidate")

    assert CANDIDATE_SECTIONS | {"guidelines"} <= page.anchors
    assert "does <strong>not</strong> mean you will be offered HSCT" in page.html
    for guideline in (
        "EBMT (Europe, 2020)",
        "National MS Society (US, 2021)",
        "ECTRIMS and EBMT (Europe, 2025)",
        "London MS-AHSCT group (UK, 2016 working criteria)",
    ):
        assert guideline in page.html


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "nope",
        "../settings",
        "..%2Fsettings",
        "privacy/../../settings",
        "PRIVACY",
        "privacy.md",
        "/etc/passwd",
        "es/privacy",
    ],
)
def test_a_slug_outside_the_whitelist_gives_none(slug):
    assert get_page(slug) is None


def test_a_slug_outside_the_whitelist_never_touches_the_disk(monkeypatch, fresh_cache):
    opened = []
    monkeypatch.setattr(content.Path, "read_text", lambda self, **kw: opened.append(self) or "")

    get_page("../../hsct_screen/settings")

    assert opened == []


def test_sanitiser_strips_scripts_styles_event_handlers_and_javascript_links():
    html = render_markdown(
        '## Hi {#hi}\n\n<script>alert("x")</script>\n\n<style>p{color:red}</style>\n\n'
        '<p onclick="steal()" style="color:red" class="x">Kept text</p>\n\n'
        "[bad](javascript:alert(1)) <img src=x onerror=alert(1)> <iframe src=/></iframe>\n\n# Not a second h1\n"
    )

    assert "<script" not in html and "alert" not in html
    assert "<style" not in html and "color" not in html
    assert "onclick" not in html and "onerror" not in html and "class=" not in html
    assert "javascript:" not in html and "<img" not in html and "<iframe" not in html
    assert "<h1" not in html and "Not a second h1" in html
    assert "<p>Kept text</p>" in html
    assert '<h2 id="hi">Hi</h2>' in html


def test_sanitiser_keeps_the_allowed_tags_and_attributes():
    html = render_markdown(
        '## Walking {#walking}\n\nSome *em* and **strong** and <abbr title="multiple sclerosis">MS</abbr>.\n\n'
        "- one\n- two\n\n1. first\n\n> quote\n\n[in](/learn/risks/#fatigue)\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    )

    for fragment in (
        '<h2 id="walking">',
        "<em>em</em>",
        "<strong>strong</strong>",
        '<abbr title="multiple sclerosis">MS</abbr>',
        "<ul>",
        "<ol>",
        "<blockquote>",
        '<a href="/learn/risks/#fatigue">in</a>',
        '<th scope="col">A</th>',
        "<td>1</td>",
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Walking (table: scroll sideways to see all of it)"><table>',
    ):
        assert fragment in html


def test_anchors_are_the_ids_left_after_sanitising(fresh_cache, tmp_path, monkeypatch):
    (tmp_path / "privacy.md").write_text(
        FRONT.format(sources="    - A source citation")
        + '## Kept {#kept}\n\n<span id="dropped">span ids are stripped</span>\n\n### Auto heading\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)

    page = get_page("privacy", "en")

    assert page.anchors == {"kept", "auto-heading"}
    assert page.sections == (("kept", "Kept"),)
    assert page.sources == ("A source citation",)


def test_front_matter_without_required_keys_is_an_error():
    with pytest.raises(ContentError, match="sources_checked_on"):
        parse_front_matter(
            "---\ntitle: T\nsummary: S\nsources_checked_by: me\nclinical_signoff:\nsources:\n    - X\n---\nb\n"
        )


def test_the_old_last_reviewed_key_is_refused_so_no_page_implies_a_clinical_review():
    text = FRONT.format(sources="    - X").replace("clinical_signoff:", "clinical_signoff:\nlast_reviewed: 2026-11-23")

    with pytest.raises(ContentError, match="last_reviewed"):
        parse_front_matter(text)


def test_front_matter_is_read_by_the_meta_extension_into_strings_a_date_and_a_source_list():
    meta, body = parse_front_matter(FRONT.format(sources="    - First: with a colon\n    - Second") + "## Body\n")

    assert meta["title"] == "T" and meta["summary"] == "S"
    assert meta["sources_checked_on"] == datetime.date(2026, 11, 24)
    assert meta["sources_checked_by"] == "the project team, against published sources"
    assert meta["clinical_signoff"] is None
    assert meta["sources"] == ["First: with a colon", "Second"]
    assert body.strip() == "## Body"


def test_a_clinical_signoff_is_a_date_then_the_clinicians_name_and_role():
    text = FRONT.format(sources="    - X").replace(
        "clinical_signoff:", "clinical_signoff: 2026-12-01, Dr Ann Lee, consultant neurologist"
    )

    meta, _body = parse_front_matter(text)

    assert meta["clinical_signoff"] == ClinicalSignoff(
        signed_on=datetime.date(2026, 12, 1), signed_by="Dr Ann Lee, consultant neurologist"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("clinical_signoff: Dr Ann Lee", "clinical_signoff"),
        ("clinical_signoff: 2026-13-01, Dr Ann Lee", "clinical_signoff"),
        ("sources_checked_on: yesterday", "sources_checked_on"),
    ],
)
def test_bad_dates_and_sign_offs_are_errors_naming_the_key(line, message):
    key = line.partition(":")[0]
    text = "\n".join(line if row.startswith(f"{key}:") else row for row in FRONT.format(sources="    - X").split("\n"))

    with pytest.raises(ContentError, match=message):
        parse_front_matter(text)


def test_front_matter_that_stops_before_its_closing_fence_is_an_error():
    text = FRONT.format(sources="    - X\n  - not indented enough")

    with pytest.raises(ContentError, match="must end with a --- line"):
        parse_front_matter(text)


def test_a_key_given_twice_is_an_error():
    with pytest.raises(ContentError, match="title"):
        parse_front_matter(FRONT.format(sources="    - X").replace("summary: S", "summary: S\ntitle: Again"))


def test_placeholders_are_filled_from_the_settings_when_the_page_is_shown(fresh_cache, tmp_path, monkeypatch):
    (tmp_path / "privacy.md").write_text(
        FRONT.format(sources="    - X") + "## Keep {#keep}\n\nWe keep it {{ submission_retention_days }} days.\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)
    page = get_page("privacy", "en")

    with override_settings(SUBMISSION_RETENTION_DAYS=30):
        assert "We keep it 30 days." in page.body()
    with override_settings(SUBMISSION_RETENTION_DAYS=400):
        assert "We keep it 400 days." in page.body()
    assert "{{" in page.html, "the cached page keeps the placeholder, so a changed setting shows at once"


def test_an_unknown_placeholder_is_an_error_at_load_time(fresh_cache, tmp_path, monkeypatch):
    (tmp_path / "privacy.md").write_text(
        FRONT.format(sources="    - X") + "Secret {{ secret_key }}.\n", encoding="utf-8"
    )
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)

    with pytest.raises(ContentError, match="secret_key"):
        get_page("privacy", "en")


def test_a_file_without_front_matter_is_an_error():
    with pytest.raises(ContentError):
        parse_front_matter("## Just a body\n")


def test_sources_must_be_a_list():
    with pytest.raises(ContentError, match="sources"):
        parse_front_matter(FRONT.format(sources="").replace("sources:\n", "sources: one line"))


def test_a_missing_translation_falls_back_to_english(content_dir):
    page = get_page("risks", "es")

    assert page.language == "en"
    assert page.title == get_page("risks", "en").title


def test_a_translation_is_used_when_it_exists(fresh_cache, tmp_path, monkeypatch):
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "risks.md").write_text(
        FRONT.format(sources="    - Fuente").replace("title: T", "title: Riesgos") + "## Infecciones {#infections}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)

    page = get_page("risks", "es")

    assert (page.title, page.language) == ("Riesgos", "es")
    assert "infections" in page.anchors


def test_an_unknown_language_uses_english(fresh_cache):
    assert get_page("risks", "xx").language == "en"


def _hrefs(html):
    from tests.learn.helpers import PageParts

    return PageParts(html).hrefs


def test_each_table_box_is_named_after_its_heading_and_names_never_repeat():
    table = "| A | B |\n|---|---|\n| 1 | 2 |\n"

    html = render_markdown(f'## Risks "now" {{#r}}\n\n{table}\n{table}\n## Age {{#age}}\n\n{table}')

    assert 'aria-label="Risks &quot;now&quot; (table: scroll sideways to see all of it)"' in html
    assert 'aria-label="Risks &quot;now&quot; (table 2: scroll sideways to see all of it)"' in html
    assert 'aria-label="Age (table: scroll sideways to see all of it)"' in html
    assert html.count('<div class="table-scroll"') == html.count("</table></div>") == 3
