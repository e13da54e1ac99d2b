"""Plain-data helpers for the rules tests: the shipped default criteria without a database."""

import json
from datetime import date
from pathlib import Path

import hsct_screen
from hsct_screen.rules import CriterionSpec
from tests.factories import answers as factory_answers

DEFAULT_SET_FILE = Path(hsct_screen.__file__).parent / "criteria" / "sets" / "default.json"

# A fixed evaluation date keeps every duration in the tables exact.
ON = date(2025, 6, 1)


def default_set() -> dict:
    return json.loads(DEFAULT_SET_FILE.read_text(encoding="utf-8"))


def spec_from_data(item: dict) -> CriterionSpec:
    return CriterionSpec(
        key=item["key"],
        required=item["required"],
        settings=item["settings"],
        title=item["title"],
        texts={"met": item["text_met"], "not_met": item["text_not_met"], "unknown": item["text_unknown"]},
        learn_more_url="/learn/" + item["learn_more"] if item.get("learn_more") else "",
    )


def default_specs() -> list[CriterionSpec]:
    """The enabled default criteria, in file order, as the database would hand them over."""
    return [spec_from_data(item) for item in default_set()["criteria"] if item["enabled"]]


def default_version() -> str:
    return default_set()["identifier"]


def answers(**overrides) -> dict:
    """Valid answers meeting every default criterion on ON; `key=...` drops a key."""
    return factory_answers(on=ON, **overrides)
