"""Each kind's declaration is the one source: texts, shipped sets, form fields and the message catalogue follow it."""

import json
import shutil
import string
import subprocess

import pytest

from hsct_screen.criteria.forms import allowed_placeholders, criterion_form_class, validate_text
from hsct_screen.criteria.services import SETS_DIR
from hsct_screen.rules import KINDS, answers
from hsct_screen.rules import result as rules_result
from hsct_screen.rules.kinds import CONDITION_LABELS, VALUE_LABELS

SHIPPED = sorted(SETS_DIR.glob("*.json"))


@pytest.mark.parametrize("key", list(KINDS))
def test_a_text_may_use_exactly_the_placeholders_its_kind_declares(key):
    declared = set(KINDS[key].text_placeholders)
    assert set(allowed_placeholders(key)) == declared
    for name in declared:
        assert validate_text(key, f"Quote {{{name}}}.") is None
    others = {name for kind in KINDS.values() for name in kind.text_placeholders} - declared
    for name in others | {"accepted", "nope"}:
        assert validate_text(key, f"Quote {{{name}}}.") is not None


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_shipped_text_uses_only_its_kinds_declared_placeholders(path):
    for item in json.loads(path.read_text(encoding="utf-8"))["criteria"]:
        declared = set(KINDS[item["key"]].text_placeholders)
        for name in ("text_met", "text_not_met", "text_unknown"):
            used = {field for _lit, field, _spec, _conv in string.Formatter().parse(item[name]) if field is not None}
            assert used <= declared, f"{path.name} {item['key']}.{name} uses {used - declared}"


@pytest.mark.parametrize("key", list(KINDS))
def test_the_admin_form_takes_its_limits_and_labels_from_the_kind(key):
    form = criterion_form_class(key)()
    for name, spec in KINDS[key].settings_schema.items():
        if spec["type"] == "messages":
            continue
        field = form.fields[f"setting_{name}"]
        assert str(field.label) == spec["label"]
        if spec["type"] == "int":
            assert field.widget.attrs["max"] == spec["max"]
            assert field.widget.attrs["min"] == spec["min"]


def test_the_years_since_diagnosis_limit_has_one_value():
    # The form once refused above 60 while the kind allowed 80; both now read the kind's 60.
    from hsct_screen.criteria.forms import Errors, validate_settings

    limit = KINDS["disease_duration"].settings_schema["max_years"]["max"]
    errors = Errors()
    validate_settings("disease_duration", {"max_years": limit}, errors)
    assert not errors.errors
    validate_settings("disease_duration", {"max_years": limit + 1}, errors)
    assert f"Enter {limit} or fewer" in errors.errors["settings.max_years"][0]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (GNU gettext) is not installed")
def test_makemessages_would_extract_every_label_the_rules_declare(tmp_path):
    from django.core.management.commands.makemessages import Command

    # The same keywords makemessages passes to xgettext for Python files.
    keywords = [*Command.xgettext_options, "--no-wrap", "--keyword=gettext_noop", "--keyword=gettext_lazy"]
    rules_dir = SETS_DIR.parent.parent / "rules"
    out = tmp_path / "rules.pot"
    subprocess.run(  # noqa: S603 - a fixed command on our own files
        [  # noqa: S607 - xgettext from PATH, like makemessages
            "xgettext",
            "--language=Python",
            *keywords,
            "-o",
            str(out),
            *sorted(rules_dir.glob("*.py")),
        ],
        check=True,
        capture_output=True,
    )
    catalogue = out.read_text(encoding="utf-8")
    declared = [
        *(spec["label"] for kind in KINDS.values() for spec in kind.settings_schema.values()),
        *(text for kind in KINDS.values() for text in kind.text_placeholders.values()),
        *CONDITION_LABELS.values(),
        *(label.option for label in answers.CONDITION_LABELS.values()),
        *VALUE_LABELS.values(),
        *rules_result.OUTCOME_LABELS.values(),
        *rules_result.STATUS_LABELS.values(),
    ]
    missing = [text for text in declared if f'msgid "{text}"' not in catalogue]
    assert not missing
