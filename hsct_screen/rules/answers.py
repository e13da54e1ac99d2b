"""The answer keys and values of the screening contract, as plain constants."""

from typing import NamedTuple

from hsct_screen.rules.i18n import gettext_noop

UNSURE = "unsure"

MS_TYPE = "ms_type"
DIAGNOSIS_YEAR = "diagnosis_year"
WALKING = "walking"
RELAPSES = "relapses_12m"
MRI_ACTIVITY = "mri_activity_12m"
DMT_FAILURES = "dmt_failures"
HIGH_EFFICACY_FAILED = "high_efficacy_dmt_failed"
AGE = "age"
HEALTH_CONDITIONS = "health_conditions"

MS_TYPES = ("rrms", "spms", "ppms", "cis", UNSURE)
WALKING_LEVELS = ("no_limit", "unaided_short", "one_aid", "two_aids", "wheelchair")
RELAPSE_COUNTS = ("none", "one", "two_or_more", UNSURE)
YES_NO_UNSURE = ("yes", "no", UNSURE)
NO_SCAN = "no_scan"
MRI_ANSWERS = ("yes", "no", NO_SCAN, UNSURE)
DMT_FAILURE_COUNTS = ("none", "one", "two_or_more", UNSURE)
CONDITIONS = ("heart", "lung", "kidney", "liver", "cancer", "infection", "pregnancy", "previous_hsct")


class ConditionLabel(NamedTuple):
    name: str  # inside a sentence ("You told us about {conditions}") and for editors
    option: str  # the box a person ticks in the questionnaire


# Each health condition's texts, written once (English, translated where shown; see rules.i18n).
CONDITION_LABELS = {
    "heart": ConditionLabel(gettext_noop("heart disease"), gettext_noop("Serious heart disease")),
    "lung": ConditionLabel(gettext_noop("lung disease"), gettext_noop("Serious lung disease")),
    "kidney": ConditionLabel(gettext_noop("kidney disease"), gettext_noop("Serious kidney disease")),
    "liver": ConditionLabel(gettext_noop("liver disease"), gettext_noop("Serious liver disease")),
    "cancer": ConditionLabel(gettext_noop("cancer"), gettext_noop("Cancer, now or in the past")),
    "infection": ConditionLabel(
        gettext_noop("an ongoing infection"),
        gettext_noop("An ongoing infection, such as HIV, hepatitis or tuberculosis"),
    ),
    "pregnancy": ConditionLabel(
        gettext_noop("pregnancy or plans for pregnancy"),
        gettext_noop("Pregnant, breastfeeding, or planning a pregnancy"),
    ),
    "previous_hsct": ConditionLabel(
        gettext_noop("a stem cell transplant before"), gettext_noop("A stem cell transplant before")
    ),
}

# The enumerated answers and their allowed values, in questionnaire order.
CHOICES = {
    MS_TYPE: MS_TYPES,
    WALKING: WALKING_LEVELS,
    RELAPSES: RELAPSE_COUNTS,
    MRI_ACTIVITY: MRI_ANSWERS,
    DMT_FAILURES: DMT_FAILURE_COUNTS,
    HIGH_EFFICACY_FAILED: YES_NO_UNSURE,
}

# Answers the rules read exactly like "unsure": the person cannot know, for a reason they can tell us.
READ_AS_UNSURE = {MRI_ACTIVITY: (NO_SCAN,)}

# The high-efficacy follow-up is asked only after at least one medicine failed.
HIGH_EFFICACY_ASKED_WHEN = ("one", "two_or_more")

MIN_DIAGNOSIS_YEAR = 1940
MIN_AGE = 1
MAX_AGE = 120

REQUIRED_KEYS = (MS_TYPE, DIAGNOSIS_YEAR, WALKING, RELAPSES, MRI_ACTIVITY, DMT_FAILURES, AGE)
OPTIONAL_KEYS = (HIGH_EFFICACY_FAILED, HEALTH_CONDITIONS)
ALL_KEYS = (*REQUIRED_KEYS[:6], HIGH_EFFICACY_FAILED, AGE, HEALTH_CONDITIONS)


def definite_values(key: str) -> tuple[str, ...]:
    """The values an 'unsure' (or unasked) answer to `key` could really be."""
    return tuple(value for value in CHOICES[key] if value != UNSURE and value not in READ_AS_UNSURE.get(key, ()))


def high_efficacy_applies(dmt_failures: str | None) -> bool:
    return dmt_failures in HIGH_EFFICACY_ASKED_WHEN


def without_unasked(answers: dict) -> dict:
    """The answers with a high-efficacy reply dropped where that question is not asked (what is stored)."""
    if HIGH_EFFICACY_FAILED in answers and not high_efficacy_applies(answers.get(DMT_FAILURES)):
        return {key: value for key, value in answers.items() if key != HIGH_EFFICACY_FAILED}
    return answers


def applicable(answers: dict) -> dict:
    """The answers as the rules read them: unasked replies dropped, and `no_scan` read as "unsure"."""
    answers = without_unasked(answers)
    if any(answers.get(key) in values for key, values in READ_AS_UNSURE.items()):
        answers = {key: UNSURE if value in READ_AS_UNSURE.get(key, ()) else value for key, value in answers.items()}
    return answers
