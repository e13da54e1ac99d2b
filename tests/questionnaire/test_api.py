"""POST /api/v1/evaluate: answers in, result out, nothing stored, never a 500."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.questionnaire.models import ContactRequest, Submission
from hsct_screen.questionnaire.openapi import MAX_BODY_BYTES
from tests.factories import CriteriaSetFactory, CriterionFactory, SubmissionFactory, answers

pytestmark = pytest.mark.django_db

URL = "/api/v1/evaluate"


@pytest.fixture
def api():
    # A real browser-like client: if the view needed a CSRF token, these posts would fail with 403.
    return Client(enforce_csrf_checks=True)


def post_json(api, data, **extra):
    return api.post(URL, data=json.dumps(data), content_type="application/json", **extra)


def post_raw(api, body: bytes, content_type="application/json"):
    return api.generic("POST", URL, data=body, content_type=content_type)


def assert_json(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response.json()


def test_the_url_has_its_name():
    assert reverse("api:evaluate") == URL


@pytest.mark.parametrize(
    ("overrides", "outcome"),
    [
        ({}, "possible_candidate"),
        ({"walking": "wheelchair"}, "unlikely_candidate"),
        ({"ms_type": "unsure"}, "more_information_needed"),
    ],
)
def test_valid_answers_give_the_result_for_each_outcome(api, overrides, outcome):
    data = assert_json(post_json(api, answers(**overrides)), 200)
    assert data["outcome"] == outcome
    assert data["criteria_version"] == "contract-default-1"
    assert [item["key"] for item in data["criteria"]] == [
        "ms_type",
        "disease_duration",
        "walking",
        "inflammatory_activity",
        "treatment_failure",
        "age",
        "health_conditions",
    ]
    assert set(data) == {"outcome", "criteria_version", "criteria", "advisories"}


def test_advisories_are_listed_and_leave_the_outcome_alone(api):
    data = assert_json(post_json(api, answers(age=60, health_conditions=["heart", "lung"])), 200)
    assert data["outcome"] == "possible_candidate"
    assert [item["key"] for item in data["advisories"]] == ["age", "health_conditions", "health_conditions"]
    assert all(item["learn_more_url"].startswith("/learn/") for item in data["advisories"])


def test_optional_answers_may_be_left_out(api):
    data = assert_json(post_json(api, answers(high_efficacy_dmt_failed=..., health_conditions=...)), 200)
    assert data["outcome"] == "possible_candidate"


def test_the_result_uses_todays_year_for_the_diagnosis_limit(api):
    this_year = timezone.localdate().year
    assert assert_json(post_json(api, answers(diagnosis_year=this_year)), 200)["outcome"] == "possible_candidate"
    errors = assert_json(post_json(api, answers(diagnosis_year=this_year + 1)), 400)["errors"]
    assert list(errors) == ["diagnosis_year"]


def test_a_high_efficacy_answer_sent_with_no_failed_medicine_is_accepted_and_ignored(api):
    data = assert_json(post_json(api, answers(dmt_failures="none", high_efficacy_dmt_failed="yes")), 200)
    assert data["outcome"] == "unlikely_candidate"


BAD_ANSWERS = [
    ("ms_type", ...),
    ("diagnosis_year", ...),
    ("walking", ...),
    ("relapses_12m", ...),
    ("mri_activity_12m", ...),
    ("dmt_failures", ...),
    ("age", ...),
    ("ms_type", "rrms-ish"),
    ("ms_type", None),
    ("ms_type", 3),
    ("walking", True),
    ("relapses_12m", ["one"]),
    ("mri_activity_12m", "maybe"),
    ("dmt_failures", {"n": 1}),
    ("high_efficacy_dmt_failed", "perhaps"),
    ("diagnosis_year", "2019"),
    ("diagnosis_year", True),
    ("diagnosis_year", None),
    ("diagnosis_year", 1939),
    ("diagnosis_year", 3000),
    ("age", 0),
    ("age", 121),
    ("age", 34.5),
    ("age", False),
    ("age", "34"),
    ("age", 10**30),
    ("health_conditions", "heart"),
    ("health_conditions", None),
    ("health_conditions", ["heart", "heart"]),
    ("health_conditions", ["gout"]),
    ("health_conditions", [7]),
]


@pytest.mark.parametrize(("key", "value"), BAD_ANSWERS, ids=[f"{key}={value!r}"[:50] for key, value in BAD_ANSWERS])
def test_an_invalid_answer_is_a_400_naming_the_field(api, key, value):
    errors = assert_json(post_json(api, answers(**{key: value})), 400)["errors"]
    assert list(errors) == [key]
    assert all(isinstance(message, str) and message for message in errors[key])


def test_an_unknown_key_is_a_400_naming_it(api):
    errors = assert_json(post_json(api, answers(colour="blue")), 400)["errors"]
    assert list(errors) == ["colour"]


def test_every_problem_is_named_in_one_answer(api):
    errors = assert_json(post_json(api, {"age": 0, "x": 1}), 400)["errors"]
    assert set(errors) == {
        "ms_type",
        "diagnosis_year",
        "walking",
        "relapses_12m",
        "mri_activity_12m",
        "dmt_failures",
    } | {
        "age",
        "x",
    }


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"null",
        b"[]",
        b'[{"ms_type": "rrms"}]',
        b'"answers"',
        b"42",
        b"true",
        b"{",
        b"{'ms_type': 'rrms'}",
        b'{"ms_type": "rrms",}',
        b"\xff\xfe\x00{",
        b'{"ms_type": "r\xe9ms"}',
        b"NaN",
        b"[" * 10_000 + b"]" * 10_000,
        b'{"age": ' + b"9" * 5000 + b"}",
    ],
    ids=lambda body: repr(body[:20]),
)
def test_a_body_that_is_not_a_json_object_is_a_400(api, body):
    errors = assert_json(post_raw(api, body), 400)["errors"]
    assert list(errors) == ["__all__"]


def test_bad_json_says_so(api):
    (message,) = assert_json(post_raw(api, b"{nope"), 400)["errors"]["__all__"]
    assert "JSON" in message


def test_an_oversized_body_is_a_400_not_a_500(api):
    body = json.dumps({**answers(), "padding": "x" * (MAX_BODY_BYTES + 1)}).encode()
    (message,) = assert_json(post_raw(api, body), 400)["errors"]["__all__"]
    assert str(MAX_BODY_BYTES) in message


def test_a_body_over_djangos_own_limit_is_a_400_not_a_500(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100  # lower than our own limit, so Django's check fires first
    body = json.dumps({**answers(), "padding": "x" * 200}).encode()
    assert len(body) < MAX_BODY_BYTES
    errors = assert_json(post_raw(api, body), 400)["errors"]
    assert list(errors) == ["__all__"]


def test_a_huge_body_is_refused(api):
    body = b'{"a": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    assert list(assert_json(post_raw(api, body), 400)["errors"]) == ["__all__"]


def test_a_form_encoded_body_is_a_400(api):
    response = api.post(URL, data={"ms_type": "rrms"})
    assert list(assert_json(response, 400)["errors"]) == ["__all__"]


def test_the_content_type_header_does_not_matter_for_a_valid_json_body(api):
    response = post_raw(api, json.dumps(answers()).encode(), content_type="text/plain")
    assert assert_json(response, 200)["outcome"] == "possible_candidate"


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete", "options", "head"])
def test_other_methods_are_a_405_with_an_allow_header(api, method):
    response = getattr(api, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["Content-Type"] == "application/json"
    if method != "head":
        assert list(response.json()["errors"]) == ["__all__"]


def test_no_login_is_needed_and_no_cookie_is_set(api):
    response = post_json(api, answers())
    assert response.status_code == 200
    assert not response.cookies


def test_nothing_is_stored(api):
    before = (Submission.objects.count(), ContactRequest.objects.count(), CriteriaSet.objects.count())
    with CaptureQueriesContext(connection) as queries:
        assert post_json(api, answers()).status_code == 200
        assert post_json(api, answers(age=0)).status_code == 400
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert (Submission.objects.count(), ContactRequest.objects.count(), CriteriaSet.objects.count()) == before


def test_invalid_answers_touch_no_table(api, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert post_json(api, answers(age=0)).status_code == 400


def test_the_number_of_queries_does_not_grow_with_stored_data(api):
    with CaptureQueriesContext(connection) as first:
        assert post_json(api, answers()).status_code == 200
    for _ in range(3):
        draft = CriteriaSetFactory()
        CriterionFactory(criteria_set=draft)
    SubmissionFactory.create_batch(5)
    with CaptureQueriesContext(connection) as second:
        assert post_json(api, answers(health_conditions=["heart", "lung", "cancer"])).status_code == 200
    assert len(first) == len(second) <= 2


def test_no_published_criteria_set_is_a_503_in_json(api):
    CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).update(status=CriteriaSet.Status.RETIRED)
    errors = assert_json(post_json(api, answers()), 503)["errors"]
    assert list(errors) == ["__all__"]


def test_invalid_answers_are_a_400_even_with_no_published_set(api):
    CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).update(status=CriteriaSet.Status.RETIRED)
    assert list(assert_json(post_json(api, answers(age=0)), 400)["errors"]) == ["age"]


def test_the_result_comes_from_the_published_set(api):
    CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).update(status=CriteriaSet.Status.RETIRED)
    strict = CriteriaSetFactory(identifier="walking-only", status=CriteriaSet.Status.PUBLISHED)
    CriterionFactory(criteria_set=strict, key="walking", settings={"accepted": ["no_limit"]})
    data = assert_json(post_json(api, answers(walking="unaided_short")), 200)
    assert data["criteria_version"] == "walking-only"
    assert data["outcome"] == "unlikely_candidate"
    assert [item["key"] for item in data["criteria"]] == ["walking"]


def test_disabled_criteria_play_no_part(api):
    published = CriteriaSet.objects.get(status=CriteriaSet.Status.PUBLISHED)
    published.criteria.filter(key="walking").update(enabled=False)
    data = assert_json(post_json(api, answers(walking="wheelchair")), 200)
    assert data["outcome"] == "possible_candidate"
    assert "walking" not in [item["key"] for item in data["criteria"]]


def test_answers_are_not_logged(api, caplog):
    caplog.set_level("DEBUG")
    post_json(api, answers(age=77, health_conditions=["pregnancy"]))
    post_json(api, answers(age=0, diagnosis_year="secret-1999"))
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "pregnancy" not in logged
    assert "secret-1999" not in logged
