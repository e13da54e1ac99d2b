"""The questions and answer options in plain words, as patients see them (and staff read them back)."""

from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria.labels import translate
from hsct_screen.questionnaire import answers
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
NONE_OF_THESE_LABEL = _("None of these")

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
    a.MRI_ACTIVITY: {
        "yes": _("Yes"),
        "no": _("No"),
        a.NO_SCAN: _("I have not had an MRI scan in the last 12 months"),
        a.UNSURE: UNSURE_LABEL,
    },
    a.DMT_FAILURES: {
        "none": _("None: the medicines I took for 6 months or more worked"),
        "one": _("One"),
        "two_or_more": _("Two or more"),
        a.UNSURE: UNSURE_LABEL,
    },
    a.HIGH_EFFICACY_FAILED: {"yes": _("Yes"), "no": _("No"), a.UNSURE: UNSURE_LABEL},
    # Written once with each condition's name in the rules (rules.answers.CONDITION_LABELS).
    a.HEALTH_CONDITIONS: {value: translate(label.option) for value, label in a.CONDITION_LABELS.items()},
}

# Options only the web form offers, each standing for a contract value (see answers.NONE_OF_THESE, NOT_TAKEN).
WEB_ONLY_CHOICES = {
    a.DMT_FAILURES: {answers.NOT_TAKEN: _("I have not taken an MS medicine for 6 months or more")},
    a.HEALTH_CONDITIONS: {answers.NONE_OF_THESE: NONE_OF_THESE_LABEL},
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
    a.HEALTH_CONDITIONS: _("Tick all that apply, or tick “None of these”."),
}


def answer_text(key: str, value) -> str:
    """One answer as plain words."""
    if key == a.HEALTH_CONDITIONS:
        if not value:
            return str(NONE_OF_THESE_LABEL)
        return "; ".join(str(CHOICE_LABELS[key].get(item, item)) for item in value)
    if key in CHOICE_LABELS:
        return str(CHOICE_LABELS[key].get(value, value))
    return str(value)


def answer_rows(answers: dict) -> list[tuple[str, str, str]]:
    """(key, short name, plain answer) for each given answer, in questionnaire order."""
    return [(key, str(SHORT_NAMES[key]), answer_text(key, answers[key])) for key in a.ALL_KEYS if key in answers]
