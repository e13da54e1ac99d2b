"""Load the shipped guideline and trial sets for comparison, and the corrected default set.

Each file in criteria/sets/ becomes a read-only (retired) set listed for comparison, unless a
set with its identifier already exists. The corrected default (contract-default-2) replaces the
first default (contract-default-1) as the published set only if that one is still in use, so an
admin's own published set is never displaced. Older sets stay as they are, unlisted: submissions
point at them and keep their stored results.
"""

import json
from datetime import date
from pathlib import Path

from django.db import migrations
from django.utils import timezone

SETS_DIR = Path(__file__).resolve().parent.parent / "sets"
CRITERION_FIELDS = (
    "required",
    "enabled",
    "settings",
    "title",
    "text_met",
    "text_not_met",
    "text_unknown",
    "learn_more",
)
METADATA_FIELDS = (
    "kind",
    "recruitment_status",
    "source_citation",
    "source_url",
    "registry_url",
    "countries",
    "listed",
    "comparison_order",
)
SHIPPED_NOTE = "Shipped for comparison: shown beside each person's result, never used to decide it."


def _metadata(data):
    values = {name: data[name] for name in METADATA_FIELDS if name in data}
    if data.get("status_checked_on"):
        values["status_checked_on"] = date.fromisoformat(data["status_checked_on"])
    return values


def _description(data):
    sources = data.get("sources", [])
    if not sources:
        return data.get("description", "")
    return data.get("description", "") + "\n\nSources:\n" + "\n".join(f"- {s}" for s in sources)


def load_sets(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    Criterion = apps.get_model("criteria", "Criterion")
    for path in sorted(SETS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        existing = CriteriaSet.objects.filter(identifier=data["identifier"]).first()
        if existing is not None:
            # Seeded a moment ago by 0002 from the same file: it only lacks the comparison details.
            CriteriaSet.objects.filter(pk=existing.pk).update(**_metadata(data))
            continue
        criteria_set = CriteriaSet.objects.create(
            identifier=data["identifier"],
            name=data["name"],
            description=_description(data),
            status="retired",
            change_note=SHIPPED_NOTE,
            **_metadata(data),
        )
        for position, item in enumerate(data["criteria"], start=1):
            Criterion.objects.create(
                criteria_set=criteria_set, key=item["key"], position=position, **{f: item[f] for f in CRITERION_FIELDS}
            )
    old_default = CriteriaSet.objects.filter(identifier="contract-default-1", status="published").first()
    if old_default is not None:
        new_default = CriteriaSet.objects.get(identifier="contract-default-2")
        old_default.status = "retired"
        old_default.save(update_fields=["status"])
        new_default.status = "published"
        new_default.published_at = timezone.now()
        new_default.change_note = (
            "Corrected default criteria: the same thresholds, with texts and sources reviewed (clinical review of "
            "24 Nov 2026)."
        )
        new_default.save(update_fields=["status", "published_at", "change_note"])


class Migration(migrations.Migration):
    dependencies = [("criteria", "0005_comparison_details")]
    operations = [migrations.RunPython(load_sets, migrations.RunPython.noop)]
