"""A result's JSON text, built from pieces encoded once, is byte for byte what json.dumps writes of as_dict()."""

import json
import pickle
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from hsct_screen.rules import Advisory, Comparison, ComparisonSet, Finding, Outcome, Result, Status, compare, evaluate
from tests.rules.helpers import ON, answers, default_specs
from tests.rules.test_properties import answer_sets

# Any text, with quotes, backslashes, control characters, accents, emoji and lone surrogates.
texts = st.one_of(st.text(), st.sampled_from(["", '"', "\\", "\n\t\x00", "ñé€", "😀", "\ud800", "</script>"]))

findings = st.builds(Finding, texts, st.sampled_from(list(Status)), st.booleans(), texts, texts, texts)
advisories = st.builds(Advisory, texts, texts, texts)
comparisons = st.builds(
    Comparison,
    key=texts,
    title=texts,
    kind=texts,
    outcome=st.sampled_from(list(Outcome)),
    source=texts,
    status=texts,
    status_checked_on=st.one_of(st.none(), st.dates()),
    criteria=st.lists(findings, max_size=4).map(tuple),
    source_url=texts,
    registry_url=texts,
    countries=texts,
)
results = st.builds(
    Result,
    outcome=st.sampled_from(list(Outcome)),
    criteria_version=texts,
    criteria=st.lists(findings, max_size=6).map(tuple),
    advisories=st.lists(advisories, max_size=3).map(tuple),
    comparisons=st.lists(comparisons, max_size=3).map(tuple),
)


def dumped(result: Result) -> str:
    """What the API sent before: JsonResponse's json.dumps of as_dict() with ensure_ascii=False."""
    return json.dumps(result.as_dict(), ensure_ascii=False)


@settings(deadline=None, max_examples=300)
@given(result=results)
def test_the_json_text_of_any_result_is_what_json_dumps_writes(result):
    assert result.as_json() == dumped(result)


@settings(deadline=None, max_examples=100)
@given(given_answers=answer_sets())
def test_the_json_text_of_evaluated_answers_with_comparisons_is_what_json_dumps_writes(given_answers):
    listed = [
        ComparisonSet("trial-1", "Trial “uno”", "trial", "Registro", "recruiting", date(2026, 1, 2), default_specs()),
        ComparisonSet("guide", "Guideline", "guideline", "", "in_use", None, default_specs(), countries="ES, UK"),
    ]
    result = evaluate(given_answers, default_specs(), on=ON, version="v-1")
    result = replace(result, comparisons=compare(given_answers, listed, on=ON))
    assert result.as_json() == dumped(result)


def test_an_empty_result_is_written_with_empty_lists():
    assert Result(Outcome.POSSIBLE_CANDIDATE, "v").as_json() == (
        '{"outcome": "possible_candidate", "criteria_version": "v", "criteria": [], "advisories": [], "comparisons": []}'
    )


def test_a_findings_text_is_encoded_once_and_reused():
    result = evaluate(answers(), default_specs(), on=ON, version="v")
    finding = result.criteria[0]
    assert finding.encoded is finding.encoded
    assert json.loads(finding.encoded) == finding.as_dict()


def test_a_comparison_set_pickled_for_the_shared_cache_leaves_its_json_behind():
    listed = ComparisonSet("guide", "Guideline", "guideline", "", "in_use", None, default_specs())
    assert listed.json_parts[0].startswith('{"key": "guide"')
    copy = pickle.loads(pickle.dumps(listed))  # noqa: S301 (our own object)
    assert copy == listed
    assert "json_parts" not in copy.__dict__
