"""The kinds of criterion: each decides on definite answers and offers placeholders for its texts.

A kind never sees "I'm not sure": `CriterionKind.status` tries every value an unsure
answer could really be. If all of them meet the criterion it is met, if none do it is
not met, otherwise it is unknown. So an unsure answer can never exclude anyone by
itself: only the definite answers can.

`settings_schema` describes each kind's settings as plain data, so that the admin forms and the
import command can validate them without a second copy of the rules. A setting with a
"default" may be left out (files written before it existed still load).

`decide` may answer None instead of True or False: "the answers cannot settle this, ask your
doctor" (for example a source that considers primary progressive MS only after a test the
questionnaire cannot ask about). Such a criterion is unknown, never not met.
"""

from collections.abc import Mapping
from datetime import date
from itertools import product
from typing import Any

from hsct_screen.rules import answers as a
from hsct_screen.rules.result import Status

CONDITION_LABELS = {
    "heart": "heart disease",
    "lung": "lung disease",
    "kidney": "kidney disease",
    "liver": "liver disease",
    "cancer": "cancer",
    "infection": "an ongoing infection",
    "pregnancy": "pregnancy or plans for pregnancy",
    "previous_hsct": "a stem cell transplant before",
}


class CriterionKind:
    key: str = ""
    # Answers this kind reads that can be "unsure" (or may be left out) and must be resolved.
    uncertain_answers: tuple[str, ...] = ()
    # name -> {"type": "choices"|"int"|"bool"|"messages", ...}; see module docstring.
    settings_schema: Mapping[str, Mapping[str, Any]] = {}

    def decide(self, answers: Mapping[str, Any], settings: Mapping[str, Any], on: date) -> bool | None:
        """Whether definite answers meet the criterion; None when only a doctor can tell."""
        raise NotImplementedError

    def placeholders(self, answers: Mapping[str, Any], settings: Mapping[str, Any], on: date) -> dict[str, Any]:
        """Values the criterion's texts may quote, such as {max_years}."""
        return dict(settings)

    def advisory_messages(self, answers: Mapping[str, Any], settings: Mapping[str, Any], explanation: str) -> list[str]:
        """What to tell the person when this criterion is advisory and not met."""
        return [explanation]

    def status(self, answers: Mapping[str, Any], settings: Mapping[str, Any], on: date) -> Status:
        answers = a.applicable(answers)
        open_keys = [key for key in self.uncertain_answers if answers.get(key, a.UNSURE) == a.UNSURE]
        verdicts = {
            self.decide({**answers, **dict(zip(open_keys, world, strict=True))}, settings, on)
            for world in product(*(a.definite_values(key) for key in open_keys))
        }
        if verdicts == {True}:
            return Status.MET
        if verdicts == {False}:
            return Status.NOT_MET
        return Status.UNKNOWN


def _case_by_case(values: tuple[str, ...]) -> dict[str, Any]:
    """The declared setting for answers a source decides case by case: they give "unknown", never "not met"."""
    return {"type": "choices", "values": values, "allow_empty": True, "default": [], "disjoint_from": "accepted"}


class ChoiceKind(CriterionKind):
    """A criterion on one answer: listed values meet it, case-by-case values are unknown, the rest do not."""

    answer: str = ""

    def decide(self, answers, settings, on):
        if answers[self.answer] in settings["accepted"]:
            return True
        if answers[self.answer] in settings.get("case_by_case", ()):
            return None
        return False


class MsType(ChoiceKind):
    key = answer = a.MS_TYPE
    uncertain_answers = (a.MS_TYPE,)
    settings_schema = {
        "accepted": {"type": "choices", "values": a.definite_values(a.MS_TYPE)},
        # e.g. primary progressive MS only with oligoclonal bands in the spinal fluid, which we cannot ask.
        "case_by_case": _case_by_case(a.definite_values(a.MS_TYPE)),
    }


class DiseaseDuration(CriterionKind):
    key = "disease_duration"
    settings_schema = {"max_years": {"type": "int", "min": 0, "max": 80}}

    def decide(self, answers, settings, on):
        return on.year - answers[a.DIAGNOSIS_YEAR] <= settings["max_years"]

    def placeholders(self, answers, settings, on):
        return {**settings, "years": on.year - answers[a.DIAGNOSIS_YEAR], "diagnosis_year": answers[a.DIAGNOSIS_YEAR]}


class Walking(ChoiceKind):
    key = answer = a.WALKING
    settings_schema = {
        "accepted": {"type": "choices", "values": a.WALKING_LEVELS},
        # e.g. a higher disability score accepted when it comes from a recent relapse.
        "case_by_case": _case_by_case(a.WALKING_LEVELS),
    }


class InflammatoryActivity(CriterionKind):
    key = "inflammatory_activity"
    uncertain_answers = (a.RELAPSES, a.MRI_ACTIVITY)
    settings_schema = {
        # Relapse counts that show activity on their own.
        "relapses_alone": {"type": "choices", "values": a.definite_values(a.RELAPSES), "allow_empty": True},
        # Relapse counts that show activity together with new or enhancing MRI lesions.
        "relapses_with_mri": {"type": "choices", "values": a.definite_values(a.RELAPSES), "allow_empty": True},
        # Whether new or enhancing MRI lesions show activity even without a relapse.
        "mri_alone": {"type": "bool"},
        # The source counts activity over more than the 12 months we ask about (say 36), so too
        # little activity in 12 months cannot rule anyone out: it gives "unknown" instead.
        "longer_window": {"type": "bool", "default": False},
    }

    def decide(self, answers, settings, on):
        relapses, mri = answers[a.RELAPSES], answers[a.MRI_ACTIVITY]
        if relapses in settings["relapses_alone"]:
            return True
        if mri == "yes" and (settings["mri_alone"] or relapses in settings["relapses_with_mri"]):
            return True
        return None if settings.get("longer_window", False) else False


class TreatmentFailure(CriterionKind):
    key = "treatment_failure"
    uncertain_answers = (a.DMT_FAILURES, a.HIGH_EFFICACY_FAILED)
    settings_schema = {
        "accepted": {"type": "choices", "values": a.HIGH_EFFICACY_ASKED_WHEN},
        "require_high_efficacy": {"type": "bool"},
    }

    def decide(self, answers, settings, on):
        if answers[a.DMT_FAILURES] not in settings["accepted"]:
            return False
        return not settings["require_high_efficacy"] or answers[a.HIGH_EFFICACY_FAILED] == "yes"


class Age(CriterionKind):
    key = a.AGE
    settings_schema = {
        "min_age": {"type": "int", "min": a.MIN_AGE, "max": a.MAX_AGE},
        "max_age": {"type": "int", "min": a.MIN_AGE, "max": a.MAX_AGE},
    }

    def decide(self, answers, settings, on):
        return settings["min_age"] <= answers[a.AGE] <= settings["max_age"]

    def placeholders(self, answers, settings, on):
        return {**settings, "age": answers[a.AGE]}


class HealthConditions(CriterionKind):
    key = a.HEALTH_CONDITIONS
    # Each flagged condition maps to the advice shown when the person has it.
    settings_schema = {"conditions": {"type": "messages", "values": a.CONDITIONS}}

    def _flagged(self, answers, settings):
        return [c for c in answers.get(a.HEALTH_CONDITIONS, ()) if c in settings["conditions"]]

    def decide(self, answers, settings, on):
        return not self._flagged(answers, settings)

    def placeholders(self, answers, settings, on):
        names = [CONDITION_LABELS.get(c, c) for c in self._flagged(answers, settings)]
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
