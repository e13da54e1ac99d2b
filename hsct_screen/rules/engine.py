"""Evaluate answers against a list of criteria and return the contract's result."""

import contextlib
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


# How many findings each criterion remembers (see `_finding`). It keeps one day's findings only, and a
# day's answers give fewer per criterion (the most varied is the health conditions ticked, at most 256
# combinations), so this bound is only a guard.
MEMO_SIZE = 1024

_ABSENT = object()


def _hashable(value: Any) -> Any:
    """An answer value as a memo key part that tells apart what would read differently.

    38, 38.0 and True are equal in Python but would fill a text differently, so numbers carry their
    type; lists (the health conditions) become tuples. A value that cannot be hashed (nothing valid)
    makes the lookup raise TypeError, and then the finding is simply worked out.
    """
    cls = value.__class__
    if cls is str:
        return value
    if cls is list or cls is tuple:
        return (cls, tuple(map(_hashable, value)))
    return (cls, value)


class Reading:
    """Validated answers prepared once for any number of criteria sets on one date."""

    __slots__ = ("answers", "applicable", "keys", "on", "tokens")

    def __init__(self, answers: Mapping[str, Any], on: date):
        self.answers = answers
        self.applicable = a.applicable(answers)  # the same for every criterion: worked out once
        self.on = on
        # Per answer: what the rules see of it, as given and as read (`no_scan` is read as "unsure",
        # an unasked reply is dropped). A criterion's memo key is the tokens of the answers it reads.
        applicable = self.applicable
        self.tokens = {
            # Most answers are plain text read as given: the text itself is their token (quick to hash; it can
            # never equal the pair of the other answers, which is a tuple).
            key: value
            if value.__class__ is str and applicable.get(key) is value
            else (_hashable(value), _hashable(applicable.get(key, _ABSENT)))
            for key, value in answers.items()
        }
        # Each kind's memo key (see `_finding`), made once for its criteria in every set.
        tokens = self.tokens
        self.keys = {
            kind_key: (on, *map(tokens.get, kind.reads)) for kind_key, kind in KINDS.items() if kind.reads is not None
        }


# What a finding does to the outcome (see `outcome_for`): the worst of a set's findings decides it.
_SEVERITY_OUTCOMES = (Outcome.POSSIBLE_CANDIDATE, Outcome.MORE_INFORMATION_NEEDED, Outcome.UNLIKELY_CANDIDATE)


def _severity(finding: Finding) -> int:
    """0: no say in the outcome; 1: a required criterion not sure yet; 2: a required criterion not met."""
    if not finding.required:
        return 0
    return 2 if finding.status == Status.NOT_MET else 1 if finding.status == Status.UNKNOWN else 0


Worked = tuple[Finding, tuple[Advisory, ...], str, int]


def _work_out(reading: Reading, spec: CriterionSpec, kind) -> Worked:
    """One criterion's finding and advisories for the answers, from scratch, with the finding's JSON text
    and its severity (so that putting together a result need not look into the finding again)."""
    answers, on = reading.answers, reading.on
    status = kind.status_of_applicable(reading.applicable, spec.settings, on)
    values = kind.placeholders(answers, spec.settings, on, spec.labels)
    explanation = render_text(spec.texts.get(str(status), ""), values)
    finding = Finding(spec.key, status, spec.required, spec.title, explanation, spec.learn_more_url)
    if spec.required or status == Status.MET:
        return finding, (), finding.encoded, _severity(finding)
    # An empty text tells the person nothing, so it is left out rather than shown blank.
    advisories = tuple(
        Advisory(spec.key, message, spec.learn_more_url)
        for message in kind.advisory_messages(answers, spec.settings, explanation)
        if message
    )
    return finding, advisories, finding.encoded, _severity(finding)


def _finding(reading: Reading, spec: CriterionSpec) -> Worked:
    """A criterion's finding and advisories, remembered for everyone who gives the same answers to it.

    A finding is a pure function of the criterion (settings, texts, labels: the spec, which never
    changes once made), the evaluation date and the few answers its kind `reads`; so the memo lives
    on the spec object and is keyed by the date and those answers only. Many different people share
    an entry (everyone who walks with one stick, say): nobody's whole answer set is ever a key. Specs
    are rebuilt for each published criteria version and each language, so a publish, or another
    language, never reads an old entry. Findings are frozen, so sharing them is safe.
    """
    kind = KINDS.get(spec.key)
    if kind is None:
        raise ValueError(f"no criterion kind called {spec.key!r}")
    reads = kind.reads
    if reads is None:  # a kind that does not say what it reads is never memoised
        return _work_out(reading, spec, kind)
    memo = spec.findings_memo
    key = (reading.on, *map(reading.tokens.get, reads))
    try:
        kept = memo.get(key)
    except TypeError:  # an unhashable answer value: nothing to remember it by
        return _work_out(reading, spec, kind)
    if kept is None:
        kept = _work_out(reading, spec, kind)
        if memo.day != reading.on:
            # A new day: the findings of the one before are never asked for again, so they go. (Keys carry
            # their date, so two threads on either side of midnight can only empty it, never mix days.)
            memo.clear()
            memo.day = reading.on
        if len(memo) >= MEMO_SIZE:
            # Drop the oldest entry; another thread may have changed the memo meanwhile, which is harmless.
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del memo[next(iter(memo))]
        memo[key] = kept
    return kept


def findings_of(reading: Reading, criteria: Sequence[CriterionSpec]) -> tuple[list[Finding], list[Advisory]]:
    """Each criterion's finding, in order, and the advisories they give."""
    findings: list[Finding] = []
    advisories: list[Advisory] = []
    keys = reading.keys
    for spec in criteria:
        # The usual case first, without a call: a finding remembered for these answers (see `_finding`).
        # Anything else (not yet remembered, an unknown kind, a kind that does not declare what it
        # reads, an unhashable answer) raises here, and `_finding` deals with it.
        try:
            finding, advised, _text, _level = spec.findings_memo[keys[spec.key]]
        except (KeyError, TypeError):
            finding, advised, _text, _level = _finding(reading, spec)
        findings.append(finding)
        if advised:
            advisories.extend(advised)
    return findings, advisories


def encoded_findings_of(
    reading: Reading, criteria: Sequence[CriterionSpec]
) -> tuple[list[str], list[Advisory], Outcome]:
    """`findings_of` for writing JSON: each finding's JSON text, the advisories, and the outcome they give."""
    texts: list[str] = []
    advisories: list[Advisory] = []
    worst = 0
    keys = reading.keys
    for spec in criteria:
        try:  # as in `findings_of`
            _, advised, text, severity = spec.findings_memo[keys[spec.key]]
        except (KeyError, TypeError):
            _, advised, text, severity = _finding(reading, spec)
        texts.append(text)
        if severity > worst:
            worst = severity
        if advised:
            advisories.extend(advised)
    return texts, advisories, _SEVERITY_OUTCOMES[worst]


def evaluate_reading(reading: Reading, criteria: Sequence[CriterionSpec], version: str) -> Result:
    """`evaluate` for answers already prepared (rules.comparisons prepares them once for every set)."""
    findings, advisories = findings_of(reading, criteria)
    return Result(outcome_for(findings), version, tuple(findings), tuple(advisories))


def evaluate(answers: Mapping[str, Any], criteria: Sequence[CriterionSpec], *, on: date, version: str) -> Result:
    """Apply each criterion, in order, to answers that have already been validated."""
    return evaluate_reading(Reading(answers, on), criteria, version)
