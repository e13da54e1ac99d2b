"""The shipped Bootstrap subset is up to date and holds every Bootstrap class our templates use."""

import re
from pathlib import Path

from tools import bootstrap_subset

CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
TEMPLATE_TAG = re.compile(r"{[%{#].*?[%}#]}", re.S)


def css_classes(css: str) -> set[str]:
    return set(bootstrap_subset.CLASS.findall(css))


def template_classes() -> set[str]:
    classes: set[str] = set()
    for path in sorted(Path(bootstrap_subset.ROOT, "templates").rglob("*.html")):
        for value in CLASS_ATTRIBUTE.findall(path.read_text(encoding="utf-8")):
            classes.update(TEMPLATE_TAG.sub(" ", value).split())
    return classes


def test_the_committed_subset_is_what_the_script_writes_now():
    committed = bootstrap_subset.TARGET.read_text(encoding="utf-8")
    assert committed == bootstrap_subset.build(), "run `make css` and commit static/css/bootstrap-subset.css"


def test_every_bootstrap_class_a_template_uses_is_in_the_shipped_subset():
    bootstrap = css_classes(bootstrap_subset.SOURCE.read_text(encoding="utf-8"))
    shipped = css_classes(bootstrap_subset.TARGET.read_text(encoding="utf-8"))
    used = template_classes()
    assert used, "no class attribute found: the scan is broken"
    assert sorted((used & bootstrap) - shipped) == []


def test_the_subset_drops_rules_for_classes_no_page_uses():
    css = "body{margin:0}.card{color:red}.unused-widget{color:blue}@media (min-width:1px){.unused-widget{x:y}}"
    assert bootstrap_subset.subset(css, {"card"}) == "body{margin:0}.card{color:red}"
