"""evaluate_with_comparisons is evaluate() with compare()'s comparisons, the answers read once."""

import json
from dataclasses import replace
from datetime import date

from hypothesis import given, settings

from hsct_screen.rules import ComparisonSet, compare, evaluate, evaluate_with_comparisons, evaluation_json
from tests.rules.helpers import ON, default_specs
from tests.rules.test_properties import answer_sets, any_criteria, criteria_lists


@settings(deadline=None, max_examples=150)
@given(given_answers=answer_sets(), criteria=any_criteria, other=criteria_lists())
def test_it_equals_evaluate_with_the_comparisons_compare_gives(given_answers, criteria, other):
    sets = [
        ComparisonSet("trial", "A trial", "trial", "", "recruiting", date(2026, 1, 2), other),
        ComparisonSet("guide", "A guideline", "guideline", "", "in_use", None, default_specs()),
    ]
    combined = evaluate_with_comparisons(given_answers, criteria, sets, on=ON, version="v")
    apart = replace(
        evaluate(given_answers, criteria, on=ON, version="v"), comparisons=compare(given_answers, sets, on=ON)
    )
    assert combined == apart


def test_with_no_listed_sets_there_are_no_comparisons():
    result = evaluate_with_comparisons(
        {"ms_type": "rrms"}, [s for s in default_specs() if s.key == "ms_type"], [], on=ON, version="v"
    )
    assert (result.comparisons, result.outcome) == ((), "possible_candidate")


@settings(deadline=None, max_examples=150)
@given(given_answers=answer_sets(), criteria=any_criteria, other=criteria_lists())
def test_evaluation_json_is_the_json_text_of_that_result(given_answers, criteria, other):
    sets = [
        ComparisonSet("trial", "Un “ensayo”", "trial", "Fuente", "recruiting", date(2026, 1, 2), other),
        ComparisonSet("guide", "A guideline", "guideline", "", "in_use", None, default_specs(), countries="UK"),
    ]
    result = evaluate_with_comparisons(given_answers, criteria, sets, on=ON, version="v-2")
    text = evaluation_json(given_answers, criteria, sets, on=ON, version="v-2")
    assert text == result.as_json() == json.dumps(result.as_dict(), ensure_ascii=False)
