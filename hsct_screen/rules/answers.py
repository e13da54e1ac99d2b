"""The answer keys and values of the screening contract, as plain constants."""

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
DMT_FAILURE_COUNTS = ("none", "one", "two_or_more", UNSURE)
CONDITIONS = ("heart", "lung", "kidney", "liver", "cancer", "infection", "pregnancy", "previous_hsct")

# The enumerated answers and their allowed values, in questionnaire order.
CHOICES = {
    MS_TYPE: MS_TYPES,
    WALKING: WALKING_LEVELS,
    RELAPSES: RELAPSE_COUNTS,
    MRI_ACTIVITY: YES_NO_UNSURE,
    DMT_FAILURES: DMT_FAILURE_COUNTS,
    HIGH_EFFICACY_FAILED: YES_NO_UNSURE,
}

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
    return tuple(value for value in CHOICES[key] if value != UNSURE)


def high_efficacy_applies(dmt_failures: str | None) -> bool:
    return dmt_failures in HIGH_EFFICACY_ASKED_WHEN


def applicable(answers: dict) -> dict:
    """The answers with a high-efficacy reply dropped where that question is not asked."""
    if HIGH_EFFICACY_FAILED in answers and not high_efficacy_applies(answers.get(DMT_FAILURES)):
        return {key: value for key, value in answers.items() if key != HIGH_EFFICACY_FAILED}
    return answers
