"""The questions and answer options in plain words, as patients see them (and staff read them back)."""

from django.utils.translation import gettext_lazy as _

from hsct_screen.rules import answers as a

QUESTIONS = {
    a.MS_TYPE: _("What type of MS do you have?"),
    a.DIAGNOSIS_YEAR: _("In what year were you diagnosed with MS?"),
    a.WALKING: _("Which of these best describes your walking on most days?"),
    a.RELAPSES: _("How many relapses have you had in the last 12 months?"),
    a.MRI_ACTIVITY: _("Did an MRI scan in the last 12 months show new or active (enhancing) lesions?"),
    a.DMT_FAILURES: _("How many MS medicines did not work for you?"),
    a.HIGH_EFFICACY_FAILED: _("Was one of them a high-efficacy medicine?"),
    a.AGE: _("How old are you?"),
    a.HEALTH_CONDITIONS: _("Do you have any of these health conditions?"),
}

# Short names for summaries (check your answers, staff pages, CSV headers).
SHORT_NAMES = {
    a.MS_TYPE: _("Type of MS"),
    a.DIAGNOSIS_YEAR: _("Year of diagnosis"),
    a.WALKING: _("Walking"),
    a.RELAPSES: _("Relapses in the last 12 months"),
    a.MRI_ACTIVITY: _("New or active lesions on MRI in the last 12 months"),
    a.DMT_FAILURES: _("MS medicines that did not work"),
    a.HIGH_EFFICACY_FAILED: _("A high-efficacy medicine among them"),
    a.AGE: _("Age"),
    a.HEALTH_CONDITIONS: _("Other health conditions"),
}

UNSURE_LABEL = _("I'm not sure")

CHOICE_LABELS = {
    a.MS_TYPE: {
        "rrms": _("Relapsing-remitting MS (RRMS)"),
        "spms": _("Secondary progressive MS (SPMS)"),
        "ppms": _("Primary progressive MS (PPMS)"),
        "cis": _("Clinically isolated syndrome (CIS)"),
        a.UNSURE: UNSURE_LABEL,
    },
    a.WALKING: {
        "no_limit": _("I can walk 500 metres or more without help or a rest"),
        "unaided_short": _("I can walk 100 to 500 metres without help or a rest"),
        "one_aid": _("I need one stick, crutch or brace to walk about 100 metres"),
        "two_aids": _("I need two sticks, two crutches or a walker to walk about 20 metres"),
        "wheelchair": _("I can only take a few steps, and use a wheelchair most of the day"),
    },
    a.RELAPSES: {
        "none": _("None"),
        "one": _("One"),
        "two_or_more": _("Two or more"),
        a.UNSURE: UNSURE_LABEL,
    },
    a.MRI_ACTIVITY: {"yes": _("Yes"), "no": _("No"), a.UNSURE: UNSURE_LABEL},
    a.DMT_FAILURES: {
        "none": _("None, or I have not taken one for 6 months or more"),
        "one": _("One"),
        "two_or_more": _("Two or more"),
        a.UNSURE: UNSURE_LABEL,
    },
    a.HIGH_EFFICACY_FAILED: {"yes": _("Yes"), "no": _("No"), a.UNSURE: UNSURE_LABEL},
    a.HEALTH_CONDITIONS: {
        "heart": _("Serious heart disease"),
        "lung": _("Serious lung disease"),
        "kidney": _("Serious kidney disease"),
        "liver": _("Serious liver disease"),
        "cancer": _("Cancer, now or in the past"),
        "infection": _("An ongoing infection, such as HIV, hepatitis or tuberculosis"),
        "pregnancy": _("Pregnant, breastfeeding, or planning a pregnancy"),
        "previous_hsct": _("A stem cell transplant before"),
    },
}

HELP_TEXTS = {
    a.MS_TYPE: _(
        "Relapsing-remitting MS means you have attacks of new or worse symptoms (relapses), "
        "then times when they ease or go away. Your neurologist's letters usually name the type."
    ),
    a.DIAGNOSIS_YEAR: _("The year a neurologist told you that you have MS, for example 2019."),
    a.WALKING: _("Think of a normal day without a relapse. Doctors measure this with a score called EDSS."),
    a.RELAPSES: _(
        "A relapse is a new symptom, or an old one getting clearly worse, that lasts more than 24 hours "
        "without a fever or infection to explain it."
    ),
    a.MRI_ACTIVITY: _(
        "Lesions are areas of damage seen on a scan. “New” lesions were not on the last scan; "
        "“enhancing” (or active) lesions light up after a dye injection and show inflammation now."
    ),
    a.DMT_FAILURES: _(
        "Count MS medicines (disease-modifying treatments) that you took for at least 6 months "
        "but you still had relapses or new lesions."
    ),
    a.HIGH_EFFICACY_FAILED: _(
        "High-efficacy medicines are natalizumab (Tysabri), alemtuzumab (Lemtrada), ocrelizumab (Ocrevus), "
        "ofatumumab (Kesimpta), ublituximab (Briumvi), rituximab and cladribine (Mavenclad)."
    ),
    a.AGE: _("Your age in whole years."),
    a.HEALTH_CONDITIONS: _("Tick all that apply. Leave them all unticked if none apply."),
}


def answer_text(key: str, value) -> str:
    """One answer as plain words."""
    if key == a.HEALTH_CONDITIONS:
        if not value:
            return str(_("None of these"))
        return "; ".join(str(CHOICE_LABELS[key].get(item, item)) for item in value)
    if key in CHOICE_LABELS:
        return str(CHOICE_LABELS[key].get(value, value))
    return str(value)


def answer_rows(answers: dict) -> list[tuple[str, str, str]]:
    """(key, short name, plain answer) for each given answer, in questionnaire order."""
    return [(key, str(SHORT_NAMES[key]), answer_text(key, answers[key])) for key in a.ALL_KEYS if key in answers]
