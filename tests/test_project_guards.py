"""Project-wide guards: no inline code or third-party assets in templates, no personal data in logs."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import answers
from tests.questionnaire import journey

ROOT = Path(settings.BASE_DIR)
TEMPLATE_FILES = sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("hsct_screen/*/templates/**/*.html")], key=str)

# A strict Content-Security-Policy is on: these would be blocked (or would phone home).
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "asset from another site": re.compile(r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)=[\"'](?:https?:)?//", re.I),
}


def test_there_are_templates_to_check():
    assert len(TEMPLATE_FILES) > 20


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_code_or_third_party_assets(path):
    text = path.read_text(encoding="utf-8")
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert not found, f"{path.relative_to(ROOT)}: {', '.join(found)}"


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_comments_are_closed_on_their_own_line(path):
    # Django's {# #} comment cannot span lines: an unclosed one is shown to the reader as text.
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for opening in re.finditer(r"\{#", line):
            assert "#}" in line[opening.end() :], (
                f"{path.relative_to(ROOT)}:{number}: use {{% comment %}} for long notes"
            )


@pytest.mark.django_db
def test_a_whole_screening_with_contact_details_logs_no_answers_or_personal_data(client, caplog):
    caplog.set_level("DEBUG")
    person = {"name": "Philippa Quinlan-Marsh", "email": "philippa.qm@example.org", "phone": "01632 960 777"}
    code = journey.finish(client, answers(age=47, diagnosis_year=2019, health_conditions=["pregnancy", "cancer"]))
    response = client.post(reverse("questionnaire:contact", args=[code]), {**person, "consent": "on"})
    assert response.status_code == 302
    client.get(reverse("questionnaire:result", args=[code]))

    logged = "\n".join(f"{record.getMessage()} {record.args!r}" for record in caplog.records)
    for secret in [*person.values(), "pregnancy", "cancer", "2019", "rrms", code]:
        assert secret not in logged, f"{secret!r} appeared in the logs"
