"""The language switch on every page, written out in Python.

A link to each other language, named in its own language; it works without JavaScript and points back to this
page, so it is never part of a cached fragment. As a template (`{% get_language_info_list %}`, a loop, `{% url %}`
and filters) it was about a tenth of a question page's rendering; here the links' fixed parts are worked out once
per current language, script prefix and URLconf, and only the page's own path is added for each request.
"""

import functools

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import urlencode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

register = template.Library()

_LINK = '\n  <li><a href="{}?next={}" lang="{}" hreflang="{}">{}</a></li>'


@functools.lru_cache(maxsize=64)
def _other_languages(current: str, script_prefix: str, urlconf: str | None) -> tuple[tuple[str, str, str], ...]:
    """(switch URL, code, name in its own language) of every language but the current one, in LANGUAGES order."""
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        if info["code"] != current:
            links.append((reverse("web:language", args=[info["code"]]), info["code"], capfirst(info["name_local"])))
    return tuple(links)


@receiver(setting_changed)
def _forget_languages(*, setting, **_kwargs):
    if setting in ("LANGUAGES", "ROOT_URLCONF"):
        _other_languages.cache_clear()


@register.simple_tag(takes_context=True)
def language_switch(context):
    request = context.get("request")
    here = urlencode((request.get_full_path() if request is not None else "") or "/")
    links = _other_languages(get_language(), get_script_prefix(), get_urlconf())
    items = format_html_join("", _LINK, ((url, here, code, code, name) for url, code, name in links))
    return format_html('\n<ul class="language-switch">{}\n</ul>\n', items)
