"""Text that is not real text (a lone surrogate such as "\\ud800", bytes that are not UTF-8) is refused by the
shared validator: a 400 naming the field from the API and exit status 2 from `manage.py screen`, never a 500."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hsct_screen.questionnaire.answers import InvalidAnswers, validate_answers
from tests.factories import answers

EVALUATE = reverse("api:evaluate")
SURROGATE = "\ud800"


def body_with(**fields) -> bytes:
    # json.dumps writes the surrogate as the escape \ud800, exactly what an attacker's client sends.
    return json.dumps({**answers(), **fields}).encode("ascii")


@pytest.mark.parametrize(
    ("field", "value"),
    [("ms_type", SURROGATE), ("walking", "rrms" + SURROGATE), ("health_conditions", ["heart", SURROGATE])],
)
def test_the_validator_names_the_field_holding_a_lone_surrogate(today, field, value):
    with pytest.raises(InvalidAnswers) as raised:
        validate_answers({**answers(), field: value}, today=today)

    assert list(raised.value.errors) == [field]
    assert "not valid text" in raised.value.errors[field][0]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["ms_type", "relapses_12m", "health_conditions"])
def test_the_api_answers_400_naming_the_field(field):
    value = [SURROGATE] if field == "health_conditions" else SURROGATE
    response = Client().post(EVALUATE, body_with(**{field: value}), content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


@pytest.mark.django_db
def test_an_unknown_key_with_a_lone_surrogate_is_named_with_an_escape():
    response = Client().post(EVALUATE, body_with(**{"x" + SURROGATE: 1}), content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["x\\ud800"]


@pytest.mark.django_db
def test_bytes_that_are_not_utf8_are_a_400_about_the_body():
    response = Client().post(EVALUATE, b'{"ms_type": "\xff\xfe"}', content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["__all__"]


def run_screen(stdin: bytes) -> subprocess.CompletedProcess:
    # A real process: the old failure was the UTF-8 encoder of real standard output, which StringIO does not have.
    return subprocess.run(
        [sys.executable, "manage.py", "screen", "-", "--date", "2025-06-01"],
        cwd=settings.BASE_DIR,
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_screen_exits_2_naming_the_field_for_a_lone_surrogate():
    finished = run_screen(body_with(ms_type=SURROGATE))

    assert finished.returncode == 2, finished.stderr.decode()[-2000:]
    assert list(json.loads(finished.stdout)["errors"]) == ["ms_type"]


def test_screen_exits_2_for_input_that_is_not_utf8():
    finished = run_screen(b'{"ms_type": "\xff"}')

    assert finished.returncode == 2, finished.stderr.decode()[-2000:]
    assert json.loads(finished.stdout)["errors"]
