"""Criteria texts in the reader's language: the API, the screen command and every view of a stored result."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.questionnaire import services
from hsct_screen.questionnaire.models import Submission
from tests.factories import answers, published_set, stand_in_translations

pytestmark = pytest.mark.django_db

SPANISH = "(es)"  # the stand-in translations end with the language code


@pytest.fixture
def translated():
    """The published set and every listed set, each text with its stand-in Spanish."""
    for criteria_set in CriteriaSet.objects.filter(listed=True) | CriteriaSet.objects.filter(pk=published_set().pk):
        stand_in_translations(criteria_set, replace=True)
    return published_set()


def evaluate(language=None, **given):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = Client().post(
        "/api/v1/evaluate", data=json.dumps(answers(**given)), content_type="application/json", **headers
    )
    assert response.status_code == 200, response.content[:300]
    return response


def test_the_api_answers_in_spanish_when_asked_keeping_keys_and_codes_english(translated):
    english = evaluate(health_conditions=["heart"]).json()
    response = evaluate("es", health_conditions=["heart"])
    spanish = response.json()
    assert response["Content-Language"] == "es"
    assert list(spanish) == list(english)
    assert [(item["key"], item["status"]) for item in spanish["criteria"]] == [
        (item["key"], item["status"]) for item in english["criteria"]
    ]
    assert spanish["outcome"] == english["outcome"]
    assert all(item["title"].endswith(SPANISH) for item in spanish["criteria"])
    assert all(not item["title"].endswith(SPANISH) for item in english["criteria"])
    assert spanish["advisories"][0]["message"].endswith(SPANISH)
    assert all(comparison["title"].endswith(SPANISH) for comparison in spanish["comparisons"])


def test_the_api_in_spanish_names_flagged_conditions_in_spanish(translated, settings):
    conditions = translated.criteria.get(key="health_conditions")
    conditions.translations["es"]["text_not_met"] = "Nos dijo: {conditions}."
    conditions.save()
    spanish = evaluate("es", health_conditions=["heart"]).json()
    [finding] = [item for item in spanish["criteria"] if item["key"] == "health_conditions"]
    # "heart disease" as the message catalogue gives it in Spanish (English until the catalogue is translated).
    with translation.override("es"):
        expected = translation.gettext("heart disease")
    assert finding["explanation"] == f"Nos dijo: {expected}."


def test_a_stored_result_keeps_the_english_contract_shape_and_the_spanish_words_beside_it(translated):
    submission = services.submission_create(answers=answers(), today=timezone.localdate())
    stored = Submission.objects.get(pk=submission.pk).result
    assert set(stored) == {"outcome", "criteria_version", "criteria", "advisories", "comparisons", "translations"}
    assert not stored["criteria"][0]["title"].endswith(SPANISH)
    assert stored["translations"]["es"]["criteria"][0]["title"].endswith(SPANISH)


def private_page(submission, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.get(reverse("questionnaire:private_result", args=[submission.link_token]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_private_link_shows_the_stored_result_in_the_readers_language(translated):
    submission = services.submission_create(answers=answers(), today=timezone.localdate())
    ms_type = translated.criteria.get(key="ms_type")
    english, spanish = private_page(submission, "en"), private_page(submission, "es")
    assert ms_type.title in english and f"{ms_type.title} {SPANISH}" not in english
    assert f"{ms_type.title} {SPANISH}" in spanish


def test_a_result_stored_before_translations_reads_as_stored_in_spanish(translated):
    submission = services.submission_create(answers=answers(), today=timezone.localdate())
    Submission.objects.filter(pk=submission.pk).update(
        result={key: value for key, value in submission.result.items() if key != "translations"}
    )
    page = private_page(submission, "es")
    assert translated.criteria.get(key="ms_type").title in page
    assert SPANISH not in page


def test_a_later_change_to_the_spanish_texts_does_not_change_a_stored_result(translated):
    submission = services.submission_create(answers=answers(), today=timezone.localdate())
    ms_type = translated.criteria.get(key="ms_type")
    ms_type.translations["es"]["title"] = "Otro título"
    ms_type.save()
    page = private_page(submission, "es")
    assert f"{ms_type.title} {SPANISH}" in page and "Otro título" not in page


def test_staff_read_the_stored_result_in_their_language(translated, client, django_user_model):
    submission = services.submission_create(answers=answers(), today=timezone.localdate())
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Clinic staff"))
    client.force_login(user)
    ms_type = translated.criteria.get(key="ms_type")
    url = reverse("staff:detail", args=[submission.reference_code])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert ms_type.title in english and f"{ms_type.title} {SPANISH}" not in english
    assert f"{ms_type.title} {SPANISH}" in spanish


def screen(*args):
    out = io.StringIO()
    call_command("screen", *args, stdout=out, stdin=io.StringIO(json.dumps(answers())))
    return json.loads(out.getvalue())


def test_screen_gives_english_by_default_and_spanish_with_language_es(translated):
    english, spanish = screen("-"), screen("-", "--language", "es")
    assert not english["criteria"][0]["title"].endswith(SPANISH)
    assert spanish["criteria"][0]["title"].endswith(SPANISH)
    assert [item["key"] for item in spanish["criteria"]] == [item["key"] for item in english["criteria"]]


def test_screen_refuses_a_language_the_site_does_not_offer():
    with pytest.raises(CommandError):
        call_command("screen", "-", "--language", "fr", stdin=io.StringIO("{}"))
