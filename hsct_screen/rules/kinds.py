"""The kinds of criterion: each decides on definite answers and offers placeholders for its texts.

A kind never sees "I'm not sure": `CriterionKind.status` tries every value an unsure
answer could really be. If all of them meet the criterion it is met, if none do it is
not met, otherwise it is unknown. So an unsure answer can never exclude anyone by
itself: only the definite answers can.

Each kind is the one home of what is known about it, as Django's password validators are:
`settings_schema` declares its settings (type, limits, label, help; see rules.schema),
`text_placeholders` the names its texts may quote (with what each means), and `check()` the
rule that spans several settings. The admin form, the import command and the engine all read
these; nothing elsewhere tests a kind by its key. Labels are English, marked with
`gettext_noop` so that makemessages finds them; the Django side translates them when shown.

`decide` may answer None instead of True or False: "the answers cannot settle this, ask your
doctor" (for example a source that considers primary progressive MS only after a test the
questionnaire cannot ask about). Such a criterion is unknown, never not met.
"""

from collections.abc import Mapping
from datetime import date
from itertools import product
from typing import Any

from hsct_screen.rules import answers as a
from hsct_screen.rules.i18n import gettext_noop
from hsct_screen.rules.result import Status
from hsct_screen.rules.schema import Problem

# The name of each health condition, quoted in texts as {conditions} and shown to editors (see answers).
CONDITION_LABELS = {value: label.name for value, label in a.CONDITION_LABELS.items()}

# Short names editors read for the answer values settings choose from (patients see the questionnaire's own).
VALUE_LABELS = {
    "rrms": gettext_noop("rrms: relapsing-remitting MS"),
    "spms": gettext_noop("spms: secondary progressive MS"),
    "ppms": gettext_noop("ppms: primary progressive MS"),
    "cis": gettext_noop("cis: clinically isolated syndrome"),
    "no_limit": gettext_noop("no_limit: walks 500 m or more unaided (EDSS up to about 4.0)"),
    "unaided_short": gettext_noop("unaided_short: walks 100 to 500 m unaided (EDSS about 4.5 to 5.5)"),
    "one_aid": gettext_noop("one_aid: one stick or crutch for about 100 m (EDSS about 6.0)"),
    "two_aids": gettext_noop("two_aids: two sticks or a walker for about 20 m (EDSS about 6.5)"),
    "wheelchair": gettext_noop("wheelchair: a few steps, wheelchair most of the day (EDSS 7.0 or more)"),
    "none": gettext_noop("none"),
    "one": gettext_noop("one"),
    "two_or_more": gettext_noop("two or more"),
    **CONDITION_LABELS,
}


class CriterionKind:
    key: str = ""
    # Answers this kind reads that can be "unsure" (or may be left out) and must be resolved.
    uncertain_answers: tuple[str, ...] = ()
    # Every answer its status, placeholders and advisories read (as given or as `answers.applicable`
    # reads them): with the date and the spec, they decide the finding, so the engine remembers
    # findings by them. None: not declared, and then nothing is remembered. A test checks each kind.
    reads: tuple[str, ...] | None = None
    # name -> {"type": "choices"|"int"|"bool"|"messages", "label": ..., ...}; see rules.schema.
    settings_schema: Mapping[str, Mapping[str, Any]] = {}
    # The names its texts may quote, each with what it stands for; `placeholders()` gives exactly these.
    text_placeholders: Mapping[str, str] = {}

    def check(self, settings: Mapping[str, Any]) -> list[Problem]:
        """What is wrong across several (each valid) settings; the per-setting limits are in the schema."""
        return []

    def with_defaults(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The settings with each declared default filled in where one is left out."""
        return {**_defaults(self.settings_schema), **settings}

    def decide(self, answers: Mapping[str, Any], settings: Mapping[str, Any], on: date) -> bool | None:
        """Whether definite answers meet the criterion; None when only a doctor can tell."""
        raise NotImplementedError

    def placeholders(
        self, answers: Mapping[str, Any], settings: Mapping[str, Any], on: date, labels: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """The values of `text_placeholders` for these answers, such as {max_years}.

        `labels` names answer values in the texts' language (English names where left out).
        """
        return {name: settings[name] for name in self.text_placeholders}

    def advisory_messages(self, answers: Mapping[str, Any], settings: Mapping[str, Any], explanation: str) -> list[str]:
        """What to tell the person when this criterion is advisory and not met."""
        return [explanation]

    def status(self, answers: Mapping[str, Any], settings: Mapping[str, Any], on: date) -> Status:
        return self.status_of_applicable(a.applicable(answers), settings, on)

    def status_of_applicable(self, answers: Mapping[str, Any], settings: Mapping[str, Any], on: date) -> Status:
        """`status` for answers already read as the rules read them (`answers.applicable`), read once per evaluation."""
        open_keys = [key for key in self.uncertain_answers if answers.get(key, a.UNSURE) == a.UNSURE]
        settings = self.with_defaults(settings)
        if not open_keys:  # every answer it reads is definite: one world to try (the usual case)
            verdicts = {self.decide(answers, settings, on)}
        else:
            verdicts = {
                self.decide({**answers, **dict(zip(open_keys, world, strict=True))}, settings, on)
                for world in product(*(a.definite_values(key) for key in open_keys))
            }
        if verdicts == {True}:
            return Status.MET
        if verdicts == {False}:
            return Status.NOT_MET
        return Status.UNKNOWN


_DEFAULTS: dict[int, tuple[Mapping[str, Any], dict[str, Any]]] = {}


def _defaults(schema: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Each declared default of a settings schema, worked out once per schema (they are fixed class attributes)."""
    kept = _DEFAULTS.get(id(schema))
    if kept is None or kept[0] is not schema:
        kept = _DEFAULTS[id(schema)] = (
            schema,
            {name: spec["default"] for name, spec in schema.items() if "default" in spec},
        )
    return kept[1]


def _case_by_case(values: tuple[str, ...], label: str) -> dict[str, Any]:
    """The declared setting for answers a source decides case by case: they give "unknown", never "not met"."""
    return {
        "type": "choices",
        "values": values,
        "allow_empty": True,
        "default": [],
        "disjoint_from": "accepted",
        "label": label,
        "help": gettext_noop("Answers here give “ask your doctor”, never “not met”."),
    }


class ChoiceKind(CriterionKind):
    """A criterion on one answer: listed values meet it, case-by-case values are unknown, the rest do not."""

    answer: str = ""

    def decide(self, answers, settings, on):
        settings = self.with_defaults(settings)
        if answers[self.answer] in settings["accepted"]:
            return True
        if answers[self.answer] in settings["case_by_case"]:
            return None
        return False


class MsType(ChoiceKind):
    key = answer = a.MS_TYPE
    reads = (a.MS_TYPE,)
    uncertain_answers = (a.MS_TYPE,)
    settings_schema = {
        "accepted": {
            "type": "choices",
            "values": a.definite_values(a.MS_TYPE),
            "label": gettext_noop("MS types that count"),
        },
        # e.g. primary progressive MS only with oligoclonal bands in the spinal fluid, which we cannot ask.
        "case_by_case": _case_by_case(
            a.definite_values(a.MS_TYPE), gettext_noop("MS types to discuss with a doctor (considered case by case)")
        ),
    }


class DiseaseDuration(CriterionKind):
    key = "disease_duration"
    reads = (a.DIAGNOSIS_YEAR,)
    settings_schema = {
        "max_years": {
            "type": "int",
            "min": 0,
            # Nobody would wait longer than this after diagnosis; a bigger number is a typing slip.
            "max": 60,
            "too_high": gettext_noop(
                "%(value)s years is more than any treatment centre would use. Enter %(max)s or fewer."
            ),
            "label": gettext_noop("Most years since diagnosis"),
            "help": gettext_noop("Counted in whole calendar years from the year of diagnosis."),
        }
    }
    text_placeholders = {
        "max_years": gettext_noop("the most years since diagnosis set above"),
        "years": gettext_noop("the person's years since diagnosis"),
        "diagnosis_year": gettext_noop("the year the person was diagnosed"),
    }

    def decide(self, answers, settings, on):
        return on.year - answers[a.DIAGNOSIS_YEAR] <= settings["max_years"]

    def placeholders(self, answers, settings, on, labels=None):
        return {
            "max_years": settings["max_years"],
            "years": on.year - answers[a.DIAGNOSIS_YEAR],
            "diagnosis_year": answers[a.DIAGNOSIS_YEAR],
        }


class Walking(ChoiceKind):
    key = answer = a.WALKING
    reads = (a.WALKING,)
    settings_schema = {
        "accepted": {"type": "choices", "values": a.WALKING_LEVELS, "label": gettext_noop("Walking levels that count")},
        # e.g. a higher disability score accepted when it comes from a recent relapse.
        "case_by_case": _case_by_case(
            a.WALKING_LEVELS, gettext_noop("Walking levels to discuss with a doctor (considered case by case)")
        ),
    }


class InflammatoryActivity(CriterionKind):
    key = "inflammatory_activity"
    reads = (a.RELAPSES, a.MRI_ACTIVITY)
    uncertain_answers = (a.RELAPSES, a.MRI_ACTIVITY)
    settings_schema = {
        "relapses_alone": {
            "type": "choices",
            "values": a.definite_values(a.RELAPSES),
            "allow_empty": True,
            "label": gettext_noop("Relapse counts that show activity on their own"),
        },
        "relapses_with_mri": {
            "type": "choices",
            "values": a.definite_values(a.RELAPSES),
            "allow_empty": True,
            "label": gettext_noop("Relapse counts that show activity together with new MRI lesions"),
        },
        "mri_alone": {"type": "bool", "label": gettext_noop("New or active MRI lesions count even without a relapse")},
        # The source counts activity over more than the 12 months we ask about (say 36), so too
        # little activity in 12 months cannot rule anyone out: it gives "unknown" instead.
        "longer_window": {
            "type": "bool",
            "default": False,
            "label": gettext_noop(
                "The source counts activity over more than 12 months: too little activity gives “ask your doctor”"
            ),
        },
    }

    def check(self, settings):
        if settings["relapses_alone"] or settings["relapses_with_mri"] or settings["mri_alone"]:
            return []
        return [
            Problem(
                "",
                gettext_noop(
                    "Choose at least one way to show recent activity (relapses alone, relapses with new MRI lesions, "
                    "or MRI lesions alone); otherwise nobody could meet this criterion."
                ),
            )
        ]

    def decide(self, answers, settings, on):
        settings = self.with_defaults(settings)
        relapses, mri = answers[a.RELAPSES], answers[a.MRI_ACTIVITY]
        if relapses in settings["relapses_alone"]:
            return True
        if mri == "yes" and (settings["mri_alone"] or relapses in settings["relapses_with_mri"]):
            return True
        return None if settings["longer_window"] else False


class TreatmentFailure(CriterionKind):
    key = "treatment_failure"
    reads = (a.DMT_FAILURES, a.HIGH_EFFICACY_FAILED)
    uncertain_answers = (a.DMT_FAILURES, a.HIGH_EFFICACY_FAILED)
    settings_schema = {
        "accepted": {
            "type": "choices",
            "values": a.HIGH_EFFICACY_ASKED_WHEN,
            "label": gettext_noop("Numbers of failed MS medicines that count"),
        },
        "require_high_efficacy": {"type": "bool", "label": gettext_noop("A high-efficacy medicine must have failed")},
    }

    def decide(self, answers, settings, on):
        if answers[a.DMT_FAILURES] not in settings["accepted"]:
            return False
        return not settings["require_high_efficacy"] or answers[a.HIGH_EFFICACY_FAILED] == "yes"


class Age(CriterionKind):
    key = a.AGE
    reads = (a.AGE,)
    settings_schema = {
        "min_age": {"type": "int", "min": a.MIN_AGE, "max": a.MAX_AGE, "label": gettext_noop("Youngest age")},
        "max_age": {"type": "int", "min": a.MIN_AGE, "max": a.MAX_AGE, "label": gettext_noop("Oldest age")},
    }
    text_placeholders = {
        "min_age": gettext_noop("the youngest age set above"),
        "max_age": gettext_noop("the oldest age set above"),
        "age": gettext_noop("the person's age"),
    }

    def check(self, settings):
        if settings["min_age"] <= settings["max_age"]:
            return []
        return [
            Problem(
                "max_age",
                gettext_noop("The oldest age (%(max)s) must not be below the youngest age (%(min)s)."),
                {"max": settings["max_age"], "min": settings["min_age"]},
            )
        ]

    def decide(self, answers, settings, on):
        return settings["min_age"] <= answers[a.AGE] <= settings["max_age"]

    def placeholders(self, answers, settings, on, labels=None):
        return {"min_age": settings["min_age"], "max_age": settings["max_age"], "age": answers[a.AGE]}


class HealthConditions(CriterionKind):
    key = a.HEALTH_CONDITIONS
    reads = (a.HEALTH_CONDITIONS,)
    # Each flagged condition maps to the advice shown when the person has it.
    settings_schema = {
        "conditions": {
            "type": "messages",
            "values": a.CONDITIONS,
            "label": gettext_noop("Advice for each health condition"),
            "help": gettext_noop("Leave empty to stop flagging this condition."),
        }
    }
    text_placeholders = {"conditions": gettext_noop("the names of the flagged conditions the person ticked")}

    def _flagged(self, answers, settings):
        return [c for c in answers.get(a.HEALTH_CONDITIONS, ()) if c in settings["conditions"]]

    def decide(self, answers, settings, on):
        return not self._flagged(answers, settings)

    def placeholders(self, answers, settings, on, labels=None):
        names = [(labels or {}).get(c) or CONDITION_LABELS.get(c, c) for c in self._flagged(answers, settings)]
        return {"conditions": ", ".join(names)}

    def advisory_messages(self, answers, settings, explanation):
        return [settings["conditions"][c] for c in self._flagged(answers, settings)]


KINDS: dict[str, CriterionKind] = {
    kind.key: kind
    for kind in (
        MsType(),
        DiseaseDuration(),
        Walking(),
        InflammatoryActivity(),
        TreatmentFailure(),
        Age(),
        HealthConditions(),
    )
}
