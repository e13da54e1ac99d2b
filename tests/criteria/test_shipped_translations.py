"""Every text patients read from a shipped set has its translation in every other language of the site.

A missing translation would put English on a page in another language, so these fail until the set
files carry them (translations of each set's name, description and countries, and of each criterion's
title, explanations and health-condition advice).
"""

import json

import pytest

from hsct_screen.criteria import translations as texts
from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.criteria.services import SETS_DIR

SET_FILES = sorted(path.name for path in SETS_DIR.glob("*.json"))


def missing_in_file(data: dict) -> list[str]:
    missing = []
    for language in texts.other_languages():
        entry = (data.get("translations") or {}).get(language) or {}
        missing += [f"{language}: set {name}" for name in texts.SET_TEXTS if data.get(name) and not entry.get(name)]
        for item in data["criteria"]:
            own = (item.get("translations") or {}).get(language) or {}
            missing += [
                f"{language}: {item['key']}.{name}"
                for name in texts.CRITERION_TEXTS
                if item.get(name) and not (own.get(name) or "").strip()
            ]
            translated_settings = own.get(texts.SETTINGS_KEY) or {}
            for name in texts.message_settings(item["key"]):
                for value, message in (item["settings"].get(name) or {}).items():
                    if message.strip() and not ((translated_settings.get(name) or {}).get(value) or "").strip():
                        missing.append(f"{language}: {item['key']}.settings.{name}.{value}")
    return missing


@pytest.mark.parametrize("name", SET_FILES)
def test_each_shipped_set_file_has_every_patient_text_in_every_language(name):
    data = json.loads((SETS_DIR / name).read_text(encoding="utf-8"))
    if not (data.get("listed") or name == "default.json"):
        pytest.skip("neither published nor listed: patients never read it")
    assert missing_in_file(data) == []


@pytest.mark.django_db
def test_the_published_and_listed_sets_in_the_database_can_be_read_in_every_language():
    shown = CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED) | CriteriaSet.objects.filter(listed=True)
    problems = {
        criteria_set.identifier: texts.publish_problems(criteria_set, list(criteria_set.criteria.all()))
        for criteria_set in shown.prefetch_related("criteria")
    }
    assert {identifier: found for identifier, found in problems.items() if found} == {}
