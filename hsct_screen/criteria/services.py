"""Evaluate answers with a stored criteria set: the one bridge from the database to the rules engine."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.criteria.selectors import published_criteria_set
from hsct_screen.rules import Result, evaluate


def evaluate_answers(
    answers: Mapping[str, Any], *, on: date | None = None, criteria_set: CriteriaSet | None = None
) -> tuple[Result, CriteriaSet]:
    """Evaluate validated answers with the given set, or the published one, on a date (default today)."""
    criteria_set = criteria_set or published_criteria_set()
    result = evaluate(answers, criteria_set.specs(), on=on or timezone.localdate(), version=criteria_set.identifier)
    return result, criteria_set
