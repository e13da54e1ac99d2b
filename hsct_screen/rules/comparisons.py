"""The same answers against other guidelines and trials: plain sets in, one outcome per set out."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hsct_screen.rules.engine import evaluate
from hsct_screen.rules.result import CriterionSpec, Finding, Outcome


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


def compare(answers: Mapping[str, Any], sets: Sequence[ComparisonSet], *, on: date) -> tuple[Comparison, ...]:
    """Evaluate validated answers against each set, keeping the order the sets were given in."""
    comparisons = []
    for criteria_set in sets:
        result = evaluate(answers, criteria_set.criteria, on=on, version=criteria_set.key)
        comparisons.append(
            Comparison(
                key=criteria_set.key,
                title=criteria_set.title,
                kind=criteria_set.kind,
                outcome=result.outcome,
                source=criteria_set.source,
                status=criteria_set.status,
                status_checked_on=criteria_set.status_checked_on,
                criteria=result.criteria,
                source_url=criteria_set.source_url,
                registry_url=criteria_set.registry_url,
                countries=criteria_set.countries,
            )
        )
    return tuple(comparisons)
