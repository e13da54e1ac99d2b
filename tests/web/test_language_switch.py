"""The language switch tag writes exactly what the template it replaced wrote, and follows LANGUAGES and the path."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils import translation

# The template the tag replaced, kept here as the reference for its output.
AS_A_TEMPLATE = Template(
    "{% load i18n %}{% get_current_language as current_language %}{% get_available_languages as available_languages %}"
    "{% get_language_info_list for available_languages as languages %}\n"
    '<ul class="language-switch">{% for language in languages %}{% if language.code != current_language %}\n'
    "  <li><a href=\"{% url 'web:language' language.code %}?next={{ request.get_full_path|default:'/'|urlencode }}\""
    ' lang="{{ language.code }}" hreflang="{{ language.code }}">{{ language.name_local|capfirst }}</a></li>'
    "{% endif %}{% endfor %}\n</ul>\n"
)
AS_A_TAG = Template("{% load language_switch %}{% language_switch %}")

PATHS = ["/", "/q/abc123/ms-type/", "/q/abc/ms-type/?change=1", '/learn/?a=<b>&c="d"', "/r/ü ñ/"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("path", PATHS)
def test_the_tag_writes_what_the_template_wrote(language, path):
    request = RequestFactory().get(path)
    with translation.override(language):
        expected = AS_A_TEMPLATE.render(Context({"request": request}))
        assert AS_A_TAG.render(Context({"request": request})) == expected


def test_without_a_request_the_links_point_back_to_the_home_page():
    with translation.override("en"):
        assert AS_A_TAG.render(Context({})) == AS_A_TEMPLATE.render(Context({}))
        assert "?next=/" in AS_A_TAG.render(Context({}))


def test_the_links_follow_a_change_of_languages():
    request = RequestFactory().get("/")
    with translation.override("en"):
        assert "Español" in AS_A_TAG.render(Context({"request": request}))
        with override_settings(LANGUAGES=[("en", "English"), ("fr", "French")]):
            html = AS_A_TAG.render(Context({"request": request}))
        assert "Français" in html and "Español" not in html
        assert "Español" in AS_A_TAG.render(Context({"request": request}))


def test_the_current_language_never_links_to_itself():
    request = RequestFactory().get("/")
    with translation.override("es"):
        html = AS_A_TAG.render(Context({"request": request}))
    assert 'hreflang="es"' not in html and 'hreflang="en"' in html
