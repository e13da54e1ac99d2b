"""Seed the contract's default criteria as the published set (only on an empty table)."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "sets" / "default.json"
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


def seed_default(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    Criterion = apps.get_model("criteria", "Criterion")
    if CriteriaSet.objects.exists():
        return
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    description = data["description"] + "\n\nSources:\n" + "\n".join(f"- {s}" for s in data.get("sources", []))
    criteria_set = CriteriaSet.objects.create(
        identifier=data["identifier"],
        name=data["name"],
        description=description,
        status="published",
        published_at=timezone.now(),
        change_note="Shipped defaults.",
    )
    for position, item in enumerate(data["criteria"], start=1):
        Criterion.objects.create(
            criteria_set=criteria_set, key=item["key"], position=position, **{f: item[f] for f in CRITERION_FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial")]
    operations = [migrations.RunPython(seed_default, migrations.RunPython.noop)]
