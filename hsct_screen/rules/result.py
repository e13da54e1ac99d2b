"""Plain data shapes that go in and out of the rules engine."""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from hsct_screen.rules.i18n import gettext_noop

# JSON text exactly as json.dumps(value, ensure_ascii=False) writes it (what the API sends). Without
# indentation that text of a list or an object is its members' texts joined with ", " (and ": "
# between a key and its value), so pieces encoded once can be joined later; tests check the bytes.
encode_json = json.JSONEncoder(ensure_ascii=False).encode


def json_members(pairs: Mapping[str, Any]) -> str:
    """The members of a JSON object as json.dumps writes them, without the braces."""
    return ", ".join(f"{encode_json(key)}: {encode_json(value)}" for key, value in pairs.items())


def json_list(encoded: list[str]) -> str:
    """A JSON array of members already encoded."""
    return "[" + ", ".join(encoded) + "]"


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    POSSIBLE_CANDIDATE = "possible_candidate"
    UNLIKELY_CANDIDATE = "unlikely_candidate"
    MORE_INFORMATION_NEEDED = "more_information_needed"


# The one label of each value, in English; Django code translates them (criteria.labels).
STATUS_LABELS = {
    Status.MET: gettext_noop("Met"),
    Status.NOT_MET: gettext_noop("Not met"),
    Status.UNKNOWN: gettext_noop("Not sure yet"),
}
OUTCOME_LABELS = {
    Outcome.POSSIBLE_CANDIDATE: gettext_noop("Possible candidate"),
    Outcome.UNLIKELY_CANDIDATE: gettext_noop("Unlikely candidate"),
    Outcome.MORE_INFORMATION_NEEDED: gettext_noop("More information needed"),
}


def outcome_json(outcome: Outcome) -> str:
    """An outcome as JSON text; there are three, each encoded once."""
    return _OUTCOME_JSON.get(outcome) or encode_json(str(outcome))


_OUTCOME_JSON = {outcome: encode_json(str(outcome)) for outcome in Outcome}


class FindingsMemo(dict):
    """A criterion's remembered findings, {(date, answer tokens...): (finding, advisories)}, for `day` only."""

    day = None


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion as configured: which kind, its settings and its patient-facing texts.

    `texts` holds "met", "not_met" and "unknown" explanations; they may use the
    placeholders the kind offers, such as {max_years}.
    """

    key: str
    required: bool
    settings: Mapping[str, Any]
    title: str
    texts: Mapping[str, str]
    learn_more_url: str = ""
    # The names of answer values in the texts' language, for placeholders such as {conditions};
    # a value left out reads with its English name.
    labels: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def findings_memo(self) -> "FindingsMemo":
        """The engine's remembered findings for this criterion (see rules.engine); it lives and dies with the spec."""
        return FindingsMemo()

    def __getstate__(self):
        # Specs are pickled into the shared cache: the memo is this process's own, never sent along.
        return {name: value for name, value in self.__dict__.items() if name != "findings_memo"}


@dataclass(frozen=True)
class Finding:
    key: str
    status: Status
    required: bool
    title: str
    explanation: str
    learn_more_url: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "status": str(self.status),
            "required": self.required,
            "title": self.title,
            "explanation": self.explanation,
            "learn_more_url": self.learn_more_url,
        }

    @cached_property
    def encoded(self) -> str:
        """`as_dict()` as JSON text, worked out once: the engine shares a finding between many results."""
        return encode_json(self.as_dict())


@dataclass(frozen=True)
class Advisory:
    key: str
    message: str
    learn_more_url: str

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "message": self.message, "learn_more_url": self.learn_more_url}

    @cached_property
    def encoded(self) -> str:
        """`as_dict()` as JSON text, worked out once (see Finding.encoded)."""
        return encode_json(self.as_dict())


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    criteria_version: str
    criteria: tuple[Finding, ...] = field(default_factory=tuple)
    advisories: tuple[Advisory, ...] = field(default_factory=tuple)
    # Other listed sets' outcomes for the same answers (rules.comparisons.Comparison); never decide `outcome`.
    comparisons: tuple[Any, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": str(self.outcome),
            "criteria_version": self.criteria_version,
            "criteria": [finding.as_dict() for finding in self.criteria],
            "advisories": [advisory.as_dict() for advisory in self.advisories],
            "comparisons": [comparison.as_dict() for comparison in self.comparisons],
        }

    def as_json(self) -> str:
        """`as_dict()` as the same JSON text json.dumps(..., ensure_ascii=False) writes, from pieces encoded once."""
        return result_json(
            self.outcome,
            self.criteria_version,
            [finding.encoded for finding in self.criteria],
            [advisory.encoded for advisory in self.advisories],
            [comparison.as_json() for comparison in self.comparisons],
        )


def result_json(
    outcome: Outcome, criteria_version: str, criteria: list[str], advisories: list[str], comparisons: list[str]
) -> str:
    """The JSON text of a Result with these fields, its lists' members already encoded (see Result.as_json)."""
    return (
        f'{{"outcome": {outcome_json(outcome)}, "criteria_version": {encode_json(criteria_version)}, '
        f'"criteria": {json_list(criteria)}, "advisories": {json_list(advisories)}, '
        f'"comparisons": {json_list(comparisons)}}}'
    )
