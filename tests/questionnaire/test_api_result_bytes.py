"""POST /api/v1/evaluate sends exactly the bytes and headers JsonResponse would write for the result."""

import json

import pytest
from django.http import JsonResponse
from django.utils import timezone

from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.questionnaire.answers import validate_answers
from tests.factories import answers

pytestmark = pytest.mark.django_db

URL = "/api/v1/evaluate"

PEOPLE = [
    {},
    {"ms_type": "unsure", "mri_activity_12m": "no_scan", "relapses_12m": "one"},
    {"walking": "wheelchair", "age": 70, "health_conditions": ["heart", "previous_hsct", "pregnancy"]},
    {"dmt_failures": "unsure", "high_efficacy_dmt_failed": "yes", "age": 17.0},
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("overrides", PEOPLE)
def test_the_response_is_byte_for_byte_what_json_response_writes_of_the_result(client, language, overrides):
    given = answers(**overrides)
    # Twice: the second answer comes from remembered findings and pre-encoded pieces.
    for _ in range(2):
        response = client.post(
            URL, data=json.dumps(given), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )
        clean = validate_answers(given, today=timezone.localdate())
        result, _set = evaluate_answers(clean, on=timezone.localdate(), language=language)
        expected = JsonResponse(result.as_dict(), json_dumps_params={"ensure_ascii": False})
        assert response.status_code == 200
        assert response.content == expected.content
        assert response["Content-Type"] == expected["Content-Type"]
        assert response["Content-Language"] == language
        assert response["Cache-Control"].startswith("no-store")


def test_another_language_gets_its_own_findings_after_the_first_was_remembered(client):
    given = json.dumps(answers(health_conditions=["lung"]))
    english = client.post(URL, data=given, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()
    spanish = client.post(URL, data=given, content_type="application/json", HTTP_ACCEPT_LANGUAGE="es").json()
    again = client.post(URL, data=given, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert again == english
    assert [finding["key"] for finding in spanish["criteria"]] == [finding["key"] for finding in english["criteria"]]
    assert [finding["title"] for finding in spanish["criteria"]] != [
        finding["title"] for finding in english["criteria"]
    ]
