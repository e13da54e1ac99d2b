"""Evaluate answers against a list of criteria and return the contract's result."""

import functools
import string
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from hsct_screen.rules import answers as a
from hsct_screen.rules.kinds import KINDS
from hsct_screen.rules.result import Advisory, CriterionSpec, Finding, Outcome, Result, Status


def _as_written(field: str, conversion: str | None, spec: str) -> str:
    return "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"


@functools.lru_cache(maxsize=4096)
def _parsed(template: str) -> tuple[tuple[str, str | None, str | None, str | None], ...] | None:
    """A text's literal parts and placeholders, parsed once per text (criteria texts change only on publish)."""
    try:
        return tuple(string.Formatter().parse(template))
    except ValueError:
        return None


def render_text(template: str, values: Mapping[str, Any]) -> str:
    """Fill plain {placeholders}; anything else an editor wrote is shown as written, never a crash.

    Only bare names are filled: attribute access, indexing and format specs in an
    admin-edited text could crash the page or exhaust memory (a width of 10**12).
    """
    parts = _parsed(template)
    if parts is None:  # unbalanced braces
        return template
    out = []
    for literal, field, spec, conversion in parts:
        out.append(literal)
        if field is None:
            continue
        if field.isidentifier() and field in values and not spec and not conversion:
            out.append(str(values[field]))
        else:
            out.append(_as_written(field, conversion, spec))
    return "".join(out)


def outcome_for(findings: Iterable[Finding]) -> Outcome:
    """The contract's rule: any required not met, else any required unknown, else possible."""
    required = [finding.status for finding in findings if finding.required]
    if Status.NOT_MET in required:
        return Outcome.UNLIKELY_CANDIDATE
    if Status.UNKNOWN in required:
        return Outcome.MORE_INFORMATION_NEEDED
    return Outcome.POSSIBLE_CANDIDATE


def evaluate(answers: Mapping[str, Any], criteria: Sequence[CriterionSpec], *, on: date, version: str) -> Result:
    """Apply each criterion, in order, to answers that have already been validated."""
    findings: list[Finding] = []
    advisories: list[Advisory] = []
    applicable = a.applicable(answers)  # the same for every criterion: worked out once
    for spec in criteria:
        kind = KINDS.get(spec.key)
        if kind is None:
            raise ValueError(f"no criterion kind called {spec.key!r}")
        status = kind.status_of_applicable(applicable, spec.settings, on)
        values = kind.placeholders(answers, spec.settings, on, spec.labels)
        explanation = render_text(spec.texts.get(str(status), ""), values)
        findings.append(Finding(spec.key, status, spec.required, spec.title, explanation, spec.learn_more_url))
        if not spec.required and status != Status.MET:
            # An empty text tells the person nothing, so it is left out rather than shown blank.
            advisories.extend(
                Advisory(spec.key, message, spec.learn_more_url)
                for message in kind.advisory_messages(answers, spec.settings, explanation)
                if message
            )
    return Result(outcome_for(findings), version, tuple(findings), tuple(advisories))
