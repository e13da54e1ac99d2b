"""The questionnaire's pages as data: an ordered list of steps, each knowing when it applies.

The functions here are pure: given a step and the answers so far they say where to go
next, where Back leads and which page still needs an answer. Views only follow them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hsct_screen.questionnaire import forms, labels
from hsct_screen.rules import answers as a


def _always(answers: dict[str, Any]) -> bool:
    return True


def _high_efficacy_asked(answers: dict[str, Any]) -> bool:
    return a.high_efficacy_applies(answers.get(a.DMT_FAILURES))


@dataclass(frozen=True)
class Step:
    slug: str
    keys: tuple[str, ...]
    form_class: type[forms.StepForm]
    title: Promise | str
    condition: Callable[[dict[str, Any]], bool] = _always

    def applies(self, answers: dict[str, Any]) -> bool:
        """Whether this page is asked, given the answers so far."""
        return self.condition(answers)

    def is_answered(self, answers: dict[str, Any]) -> bool:
        return all(key in answers for key in self.keys)

    def initial(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The stored answers for this page, to pre-fill its form."""
        return {key: answers[key] for key in self.keys if key in answers}


STEPS: tuple[Step, ...] = (
    Step("ms-type", (a.MS_TYPE,), forms.MsTypeForm, labels.QUESTIONS[a.MS_TYPE]),
    Step("diagnosis", (a.DIAGNOSIS_YEAR,), forms.DiagnosisForm, labels.QUESTIONS[a.DIAGNOSIS_YEAR]),
    Step("walking", (a.WALKING,), forms.WalkingForm, labels.QUESTIONS[a.WALKING]),
    Step("activity", (a.RELAPSES, a.MRI_ACTIVITY), forms.ActivityForm, _("Your MS in the last 12 months")),
    Step("medicines", (a.DMT_FAILURES,), forms.MedicinesForm, labels.QUESTIONS[a.DMT_FAILURES]),
    Step(
        "high-efficacy",
        (a.HIGH_EFFICACY_FAILED,),
        forms.HighEfficacyForm,
        labels.QUESTIONS[a.HIGH_EFFICACY_FAILED],
        condition=_high_efficacy_asked,
    ),
    Step("age", (a.AGE,), forms.AgeForm, labels.QUESTIONS[a.AGE]),
    Step("health", (a.HEALTH_CONDITIONS,), forms.HealthForm, labels.QUESTIONS[a.HEALTH_CONDITIONS]),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
STEP_FOR_KEY = {key: step for step in STEPS for key in step.keys}
FIRST_STEP = STEPS[0]


def get_step(slug: str) -> Step | None:
    return STEPS_BY_SLUG.get(slug)


def applicable_steps(answers: dict[str, Any]) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def next_step(slug: str, answers: dict[str, Any]) -> Step | None:
    """The next page that applies after `slug`; None means the check-your-answers page."""
    index = STEPS.index(STEPS_BY_SLUG[slug])
    return next((step for step in STEPS[index + 1 :] if step.applies(answers)), None)


def previous_step(slug: str, answers: dict[str, Any]) -> Step | None:
    """The page Back leads to from `slug`; None means the start page."""
    index = STEPS.index(STEPS_BY_SLUG[slug])
    return next((step for step in reversed(STEPS[:index]) if step.applies(answers)), None)


def last_step(answers: dict[str, Any]) -> Step:
    """The last page that applies: where Back leads from the check-your-answers page."""
    return applicable_steps(answers)[-1]


def first_unanswered(answers: dict[str, Any]) -> Step | None:
    """The first page that applies and still lacks an answer; None when every page is answered."""
    return next((step for step in STEPS if step.applies(answers) and not step.is_answered(answers)), None)


def is_reachable(step: Step, answers: dict[str, Any]) -> bool:
    """A page may be shown once every page before it that applies has been answered."""
    missing = first_unanswered(answers)
    return missing is None or STEPS.index(missing) >= STEPS.index(step)


def with_step_answers(answers: dict[str, Any], step: Step, cleaned: dict[str, Any]) -> dict[str, Any]:
    """The answers after saving one page; a reply to a question that no longer applies is dropped."""
    merged = {**answers, **{key: cleaned[key] for key in step.keys}}
    return a.without_unasked(merged)


def after_save(step: Step, answers: dict[str, Any], *, changing: bool) -> Step | None:
    """Where to go after saving `step`; None means the check-your-answers page.

    When changing an answer from the check page, go straight back there unless the change
    made a new question apply (such as the high-efficacy question), which is asked first.
    """
    if changing:
        return first_unanswered(answers)
    return next_step(step.slug, answers)


def position(step: Step, answers: dict[str, Any]) -> dict[str, int]:
    """ "Question N of M": M counts only the pages that apply given the answers so far."""
    applying = applicable_steps(answers)
    number = applying.index(step) + 1 if step in applying else len(applying)
    return {"question_number": number, "question_total": len(applying)}
