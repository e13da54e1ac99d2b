"""Fill the other languages' texts of the shipped sets from their files in criteria/sets/.

Each file may carry `translations` for the set ({"es": {"name", "description", "countries"}}) and for
each criterion ({"es": {"title", "text_met", "text_not_met", "text_unknown", "settings"}}). They go to
the set with the file's identifier and to its criteria by kind. The published set, when it is an
admin's copy of a shipped set, gets the texts of each criterion whose English is still word for word
the shipped English. Translations an admin already wrote are never replaced; a file without
translations changes nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations

SETS_DIR = Path(__file__).resolve().parent.parent / "sets"
SET_TEXTS = ("name", "description", "countries")
CRITERION_TEXTS = ("title", "text_met", "text_not_met", "text_unknown")


def _languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _clean(translations, names):
    """Only the listed languages, and in each only known texts (and a criterion's translated settings)."""
    clean = {}
    if not isinstance(translations, dict):
        return clean
    for language in _languages():
        entry = translations.get(language)
        if not isinstance(entry, dict):
            continue
        own = {name: entry[name] for name in names if isinstance(entry.get(name), str) and entry[name].strip()}
        if "settings" in names and isinstance(entry.get("settings"), dict):
            own["settings"] = entry["settings"]
        if own:
            clean[language] = own
    return clean


def _fill(obj, translations):
    if translations and not obj.translations:
        obj.translations = translations
        obj.save(update_fields=["translations"])


def _same_english(criterion, item):
    return all(getattr(criterion, name) == item.get(name, "") for name in CRITERION_TEXTS) and (
        criterion.settings == item.get("settings")
    )


def load_translations(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    Criterion = apps.get_model("criteria", "Criterion")
    published = CriteriaSet.objects.filter(status="published").first()
    for path in sorted(SETS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        criteria_set = CriteriaSet.objects.filter(identifier=data["identifier"]).first()
        targets = [criteria_set] if criteria_set is not None else []
        if published is not None and published not in targets:
            targets.append(published)
        for target in targets:
            copied = target != criteria_set
            if not copied or target.name == data["name"]:
                _fill(target, _clean(data.get("translations"), SET_TEXTS))
            for item in data["criteria"]:
                criterion = Criterion.objects.filter(criteria_set=target, key=item["key"]).first()
                if criterion is None or (copied and not _same_english(criterion, item)):
                    continue
                _fill(criterion, _clean(item.get("translations"), (*CRITERION_TEXTS, "settings")))


class Migration(migrations.Migration):
    dependencies = [("criteria", "0007_translations")]
    operations = [migrations.RunPython(load_translations, migrations.RunPython.noop)]
