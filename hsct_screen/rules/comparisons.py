"""The same answers against other guidelines and trials: plain sets in, one outcome per set out."""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from hsct_screen.rules.engine import Reading, encoded_findings_of, findings_of, outcome_for
from hsct_screen.rules.result import (
    CriterionSpec,
    Finding,
    Outcome,
    Result,
    json_list,
    json_members,
    outcome_json,
    result_json,
)


@dataclass(frozen=True)
class ComparisonSet:
    """A listed criteria set as plain data: what it is, where it comes from, and its criteria."""

    key: str
    title: str
    kind: str
    source: str
    status: str
    status_checked_on: date | None
    criteria: Sequence[CriterionSpec]
    source_url: str = ""
    registry_url: str = ""
    countries: str = ""

    @cached_property
    def json_parts(self) -> tuple[str, str]:
        """The JSON text of its comparisons' fields that come from the set, around the outcome (see _set_json)."""
        return _own_fields_json(self)

    def __getstate__(self):
        # Sets are pickled into the shared cache: what this process worked out from them stays here.
        return {name: value for name, value in self.__dict__.items() if name != "json_parts"}


@dataclass(frozen=True)
class Comparison:
    key: str
    title: str
    kind: str
    outcome: Outcome
    source: str
    status: str
    status_checked_on: date | None
    criteria: tuple[Finding, ...] = field(default_factory=tuple)
    source_url: str = ""
    registry_url: str = ""
    countries: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "outcome": str(self.outcome),
            "source": self.source,
            "source_url": self.source_url,
            "registry_url": self.registry_url,
            "countries": self.countries,
            "status": self.status,
            "status_checked_on": self.status_checked_on.isoformat() if self.status_checked_on else None,
            "criteria": [finding.as_dict() for finding in self.criteria],
        }

    def as_json(self) -> str:
        """`as_dict()` as JSON text (see Result.as_json); the set's own fields are encoded once per set."""
        parts = _own_fields_json(self)
        return _comparison_json(parts, self.outcome, [finding.encoded for finding in self.criteria])


def _comparison_json(parts: tuple[str, str], outcome: Outcome, criteria: list[str]) -> str:
    """The JSON text of a Comparison: its set's fields (`_set_json`), its outcome and its findings' JSON texts."""
    before, after = parts
    return f'{before}, "outcome": {outcome_json(outcome)}, {after}, "criteria": {json_list(criteria)}}}'


def _own_fields_json(item) -> tuple[str, str]:
    """_set_json of a comparison set's or a comparison's fields that come from the set."""
    return _set_json(
        item.key,
        item.title,
        item.kind,
        item.source,
        item.source_url,
        item.registry_url,
        item.countries,
        item.status,
        item.status_checked_on,
    )


@functools.lru_cache(maxsize=256)
def _set_json(key, title, kind, source, source_url, registry_url, countries, status, status_checked_on):
    """The JSON text of a comparison's fields that come from its set, around its outcome (as in `as_dict`).

    The same for everyone compared with that set (and only ever a few sets), so it is kept per process.
    """
    before = "{" + json_members({"key": key, "title": title, "kind": kind})
    after = json_members(
        {
            "source": source,
            "source_url": source_url,
            "registry_url": registry_url,
            "countries": countries,
            "status": status,
            "status_checked_on": status_checked_on.isoformat() if status_checked_on else None,
        }
    )
    return before, after


def compare(answers: Mapping[str, Any], sets: Sequence[ComparisonSet], *, on: date) -> tuple[Comparison, ...]:
    """Evaluate validated answers against each set, keeping the order the sets were given in."""
    return _compare(Reading(answers, on), sets)


def evaluate_with_comparisons(
    answers: Mapping[str, Any],
    criteria: Sequence[CriterionSpec],
    sets: Sequence[ComparisonSet],
    *,
    on: date,
    version: str,
) -> Result:
    """`evaluate` with `compare`'s comparisons in its result, the answers prepared once for every set."""
    reading = Reading(answers, on)
    findings, advisories = findings_of(reading, criteria)
    return Result(outcome_for(findings), version, tuple(findings), tuple(advisories), _compare(reading, sets))


def evaluation_json(
    answers: Mapping[str, Any],
    criteria: Sequence[CriterionSpec],
    sets: Sequence[ComparisonSet],
    *,
    on: date,
    version: str,
) -> str:
    """`evaluate_with_comparisons(...).as_json()`, without making the Result and Comparison objects in between.

    What the API sends: each finding's JSON was encoded once, when the engine first worked it out, so
    the text is joined from remembered pieces. A property test compares it with as_json().
    """
    reading = Reading(answers, on)
    findings, advisories, outcome = encoded_findings_of(reading, criteria)
    comparisons = []
    for criteria_set in sets:
        compared, _advisories, compared_outcome = encoded_findings_of(reading, criteria_set.criteria)
        comparisons.append(_comparison_json(criteria_set.json_parts, compared_outcome, compared))
    return result_json(outcome, version, findings, [advisory.encoded for advisory in advisories], comparisons)


def _compare(reading: Reading, sets: Sequence[ComparisonSet]) -> tuple[Comparison, ...]:
    comparisons = []
    for criteria_set in sets:
        findings, _advisories = findings_of(reading, criteria_set.criteria)  # a comparison shows no advisories
        comparisons.append(
            Comparison(
                key=criteria_set.key,
                title=criteria_set.title,
                kind=criteria_set.kind,
                outcome=outcome_for(findings),
                source=criteria_set.source,
                status=criteria_set.status,
                status_checked_on=criteria_set.status_checked_on,
                criteria=tuple(findings),
                source_url=criteria_set.source_url,
                registry_url=criteria_set.registry_url,
                countries=criteria_set.countries,
            )
        )
    return tuple(comparisons)
