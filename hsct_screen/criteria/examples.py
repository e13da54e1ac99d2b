"""Made-up example patients, as plain data, that the preview runs through a draft before it is published.

Years of diagnosis are given as years before the evaluation date, so the examples never age.
Together they reach every outcome under the default criteria and sit on the edges that
admins are most likely to move (10 years, one aid, one relapse with MRI, age 45 and 55).
"""

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

EXAMPLES: tuple[dict[str, Any], ...] = (
    {
        "name": _("A: typical candidate, RRMS for 4 years, two relapses, one medicine failed"),
        "years_since_diagnosis": 4,
        "answers": {
            "ms_type": "rrms",
            "walking": "no_limit",
            "relapses_12m": "two_or_more",
            "mri_activity_12m": "yes",
            "dmt_failures": "one",
            "high_efficacy_dmt_failed": "no",
            "age": 32,
            "health_conditions": [],
        },
    },
    {
        "name": _("B: high-efficacy medicine failed, walks with one stick, age 44"),
        "years_since_diagnosis": 7,
        "answers": {
            "ms_type": "rrms",
            "walking": "one_aid",
            "relapses_12m": "one",
            "mri_activity_12m": "yes",
            "dmt_failures": "two_or_more",
            "high_efficacy_dmt_failed": "yes",
            "age": 44,
            "health_conditions": [],
        },
    },
    {
        "name": _("C: exactly 10 years since diagnosis, walks 100 to 500 m, age 47"),
        "years_since_diagnosis": 10,
        "answers": {
            "ms_type": "rrms",
            "walking": "unaided_short",
            "relapses_12m": "two_or_more",
            "mri_activity_12m": "no",
            "dmt_failures": "one",
            "high_efficacy_dmt_failed": "yes",
            "age": 47,
            "health_conditions": [],
        },
    },
    {
        "name": _("D: 12 years since diagnosis, otherwise a typical candidate"),
        "years_since_diagnosis": 12,
        "answers": {
            "ms_type": "rrms",
            "walking": "no_limit",
            "relapses_12m": "two_or_more",
            "mri_activity_12m": "yes",
            "dmt_failures": "two_or_more",
            "high_efficacy_dmt_failed": "yes",
            "age": 38,
            "health_conditions": [],
        },
    },
    {
        "name": _("E: needs two sticks, active RRMS"),
        "years_since_diagnosis": 6,
        "answers": {
            "ms_type": "rrms",
            "walking": "two_aids",
            "relapses_12m": "two_or_more",
            "mri_activity_12m": "yes",
            "dmt_failures": "one",
            "high_efficacy_dmt_failed": "yes",
            "age": 41,
            "health_conditions": [],
        },
    },
    {
        "name": _("F: secondary progressive MS with relapses and new lesions"),
        "years_since_diagnosis": 9,
        "answers": {
            "ms_type": "spms",
            "walking": "one_aid",
            "relapses_12m": "one",
            "mri_activity_12m": "yes",
            "dmt_failures": "two_or_more",
            "high_efficacy_dmt_failed": "yes",
            "age": 50,
            "health_conditions": [],
        },
    },
    {
        "name": _("G: new MRI lesions but no relapse"),
        "years_since_diagnosis": 3,
        "answers": {
            "ms_type": "rrms",
            "walking": "no_limit",
            "relapses_12m": "none",
            "mri_activity_12m": "yes",
            "dmt_failures": "one",
            "high_efficacy_dmt_failed": "no",
            "age": 29,
            "health_conditions": [],
        },
    },
    {
        "name": _("H: one medicine failed, not a high-efficacy one"),
        "years_since_diagnosis": 5,
        "answers": {
            "ms_type": "rrms",
            "walking": "no_limit",
            "relapses_12m": "two_or_more",
            "mri_activity_12m": "yes",
            "dmt_failures": "one",
            "high_efficacy_dmt_failed": "no",
            "age": 36,
            "health_conditions": [],
        },
    },
    {
        "name": _("I: not sure of MS type or recent relapses"),
        "years_since_diagnosis": 2,
        "answers": {
            "ms_type": "unsure",
            "walking": "no_limit",
            "relapses_12m": "unsure",
            "mri_activity_12m": "unsure",
            "dmt_failures": "one",
            "high_efficacy_dmt_failed": "unsure",
            "age": 27,
            "health_conditions": [],
        },
    },
    {
        "name": _("J: active RRMS, age 58, heart disease"),
        "years_since_diagnosis": 8,
        "answers": {
            "ms_type": "rrms",
            "walking": "unaided_short",
            "relapses_12m": "two_or_more",
            "mri_activity_12m": "yes",
            "dmt_failures": "two_or_more",
            "high_efficacy_dmt_failed": "yes",
            "age": 58,
            "health_conditions": ["heart"],
        },
    },
    {
        "name": _("K: primary progressive MS, no relapses"),
        "years_since_diagnosis": 5,
        "answers": {
            "ms_type": "ppms",
            "walking": "two_aids",
            "relapses_12m": "none",
            "mri_activity_12m": "no",
            "dmt_failures": "none",
            "age": 52,
            "health_conditions": [],
        },
    },
    {
        "name": _("L: newly diagnosed, no medicine tried yet"),
        "years_since_diagnosis": 1,
        "answers": {
            "ms_type": "rrms",
            "walking": "no_limit",
            "relapses_12m": "two_or_more",
            "mri_activity_12m": "yes",
            "dmt_failures": "none",
            "age": 24,
            "health_conditions": ["pregnancy"],
        },
    },
)


def example_answers(example: dict[str, Any], on: date) -> dict[str, Any]:
    """The example's answers as the contract has them, diagnosed the given number of years before `on`."""
    return {**example["answers"], "diagnosis_year": on.year - example["years_since_diagnosis"]}
