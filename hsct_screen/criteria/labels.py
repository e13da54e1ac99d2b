"""The translated labels of the rules' values and of each kind's declared settings, read from the rules.

The rules write each label once, in English, marked with `gettext_noop` (rules.i18n), which
`makemessages` extracts. This module is the one place the Django side turns them into translated
text; everything else (admin, import messages, questionnaire, staff) imports from here.
"""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext

from hsct_screen.rules import KINDS
from hsct_screen.rules import result as rules_result
from hsct_screen.rules.kinds import CONDITION_LABELS, VALUE_LABELS


def _translate(message: str) -> str:
    return gettext(message) if message else ""


# Lazy, so module-level uses (choices, form labels) follow the language of each request.
translate = lazy(_translate, str)

# Outcomes as Django choices: the model field's choices and every outcome label come from here.
Outcome = models.TextChoices(
    "Outcome",
    [(item.name, (item.value, translate(rules_result.OUTCOME_LABELS[item]))) for item in rules_result.Outcome],
)
Status = models.TextChoices(
    "Status", [(item.name, (item.value, translate(rules_result.STATUS_LABELS[item]))) for item in rules_result.Status]
)


def outcome_label(value: str | None, default: str = "") -> str:
    return Outcome(value).label if value in Outcome.values else default or (value or "")


def status_label(value: str | None) -> str:
    """The label of a criterion's status; anything unexpected reads as not sure (never as not met)."""
    return Status(value).label if value in Status.values else Status.UNKNOWN.label


def condition_label(value: str) -> str:
    return translate(CONDITION_LABELS[value]) if value in CONDITION_LABELS else value


def value_label(value: str) -> str:
    return translate(VALUE_LABELS[value]) if value in VALUE_LABELS else value


def setting_label(key: str, name: str) -> str:
    spec = KINDS[key].settings_schema.get(name) if key in KINDS else None
    return translate(spec["label"]) if spec else name.replace("_", " ")


def setting_help(key: str, name: str) -> str:
    spec = KINDS[key].settings_schema.get(name) if key in KINDS else None
    return translate(spec.get("help", "")) if spec else ""
