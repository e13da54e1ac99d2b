"""The screening rules: answers and criteria (plain data) in, findings and outcome out.

This package must never import Django or anything else of the project; a test enforces it.
"""

from hsct_screen.rules.comparisons import Comparison, ComparisonSet, compare, evaluate_with_comparisons, evaluation_json
from hsct_screen.rules.engine import evaluate
from hsct_screen.rules.kinds import KINDS
from hsct_screen.rules.result import Advisory, CriterionSpec, Finding, Outcome, Result, Status

__all__ = [
    "KINDS",
    "Advisory",
    "Comparison",
    "ComparisonSet",
    "CriterionSpec",
    "Finding",
    "Outcome",
    "Result",
    "Status",
    "compare",
    "evaluate",
    "evaluate_with_comparisons",
    "evaluation_json",
]
