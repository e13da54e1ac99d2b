"""The kinds of criterion: each decides on definite answers and offers placeholders for its texts.

A kind never sees "I'm not sure": `CriterionKind.status` tries every value an unsure
answer could really be. If all of them meet the criterion it is met, if none do it is
not met, otherwise it is unknown. So an unsure answer can never exclude anyone by
itself: only the definite answers can.

`SETTINGS` describes each kind's settings as plain data, so that the admin forms and the
import command can validate them without a second copy of the rules.
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

    def decide(self, answers: Mapping[str, Any], settings: Mapping[str, Any], on: date) -> bool:
        """Whether definite answers meet the criterion."""
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


class MsType(CriterionKind):
    key = a.MS_TYPE
    uncertain_answers = (a.MS_TYPE,)
    settings_schema = {"accepted": {"type": "choices", "values": a.definite_values(a.MS_TYPE)}}

    def decide(self, answers, settings, on):
        return answers[a.MS_TYPE] in settings["accepted"]


class DiseaseDuration(CriterionKind):
    key = "disease_duration"
    settings_schema = {"max_years": {"type": "int", "min": 0, "max": 80}}

    def decide(self, answers, settings, on):
        return on.year - answers[a.DIAGNOSIS_YEAR] <= settings["max_years"]

    def placeholders(self, answers, settings, on):
        return {**settings, "years": on.year - answers[a.DIAGNOSIS_YEAR], "diagnosis_year": answers[a.DIAGNOSIS_YEAR]}


class Walking(CriterionKind):
    key = a.WALKING
    settings_schema = {"accepted": {"type": "choices", "values": a.WALKING_LEVELS}}

    def decide(self, answers, settings, on):
        return answers[a.WALKING] in settings["accepted"]


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
    }

    def decide(self, answers, settings, on):
        relapses, mri = answers[a.RELAPSES], answers[a.MRI_ACTIVITY]
        if relapses in settings["relapses_alone"]:
            return True
        return mri == "yes" and (settings["mri_alone"] or relapses in settings["relapses_with_mri"])


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
