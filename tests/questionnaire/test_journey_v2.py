"""Issue 8 on the question pages: question numbers, the session notice, None of these, before-birth, no_scan."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hsct_screen.questionnaire import drafts
from tests.factories import answers as valid_answers
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db


def test_each_page_says_question_n_of_m_counting_only_pages_that_apply():
    client = Client()
    token = journey.start(client)
    assert "Question 1 of 7" in client.get(journey.step_url(token, "ms-type")).content.decode()
    journey.answer_all(client, valid_answers(dmt_failures="one"), token=token)
    assert "Question 6 of 8" in client.get(journey.step_url(token, "high-efficacy")).content.decode()
    assert "Question 8 of 8" in client.get(journey.step_url(token, "health")).content.decode()


def test_question_pages_show_when_unfinished_answers_will_be_forgotten():
    client = Client()
    token = journey.start(client)
    page = client.get(journey.step_url(token, "ms-type")).content.decode()
    assert re.search(r"We keep your answers until \d\d:\d\d", page)
    assert "data-session-expires=" in page
    assert '<script src="/static/js/questionnaire.js" defer></script>' in page


def test_none_of_these_cannot_go_with_another_condition():
    client = Client()
    token = journey.answer_all(client, valid_answers())
    response = client.post(journey.step_url(token, "health"), {"health_conditions": ["none", "heart"]})
    assert response.status_code == 200
    assert "Select “None of these” or the conditions you have, not both." in response.content.decode()


def test_the_health_page_needs_a_tick_and_offers_none_of_these():
    client = Client()
    token = journey.answer_all(client, valid_answers())
    page = client.get(journey.step_url(token, "health")).content.decode()
    assert 'value="none"' in page
    assert "A stem cell transplant before" in page
    response = client.post(journey.step_url(token, "health"), {})
    assert "Select the conditions you have, or “None of these”." in response.content.decode()


def test_a_year_that_is_not_a_number_says_how_to_write_it():
    client = Client()
    token = journey.start(client)
    journey.answer_step(client, token, "ms-type", {"ms_type": "rrms"})
    response = client.post(journey.step_url(token, "diagnosis"), {"diagnosis_year": "abc"})
    assert "Enter the year as 4 numbers, like 2019." in response.content.decode()


def test_a_diagnosis_before_birth_is_shown_on_the_year_question_naming_both_answers():
    client = Client()
    token = journey.start(client)
    answers = valid_answers(diagnosis_year=1950, age=20)
    for slug in ("ms-type", "diagnosis", "walking", "activity", "medicines", "high-efficacy"):
        journey.answer_step(client, token, slug, answers)
    response = client.post(journey.step_url(token, "age"), {"age": "20"})
    assert response["Location"] == journey.step_url(token, "diagnosis")
    page = client.get(response["Location"]).content.decode()
    assert "You said you were diagnosed in 1950 and that you are 20" in page
    assert 'href="#id_diagnosis_year"' in page
    # The check page sends the person back there until one of the answers changes.
    journey.answer_step(client, token, "health", {"health_conditions": []})
    assert client.get(journey.check_url(token))["Location"] == journey.step_url(token, "diagnosis")
    year = str(valid_answers()["diagnosis_year"])
    response = client.post(journey.step_url(token, "diagnosis"), {"diagnosis_year": year})
    assert response.status_code == 302
    assert drafts.draft_get(client.session, token).answers["diagnosis_year"] == int(year)


def test_the_medicines_page_separates_none_from_not_taken():
    client = Client()
    token = journey.start(client)
    page = client.get(journey.step_url(token, "ms-type")).content.decode()
    assert page
    journey.answer_all(client, valid_answers(dmt_failures="none", high_efficacy_dmt_failed=...), token=token)
    page = client.get(journey.step_url(token, "medicines")).content.decode()
    assert "None: the medicines I took for 6 months or more worked" in page
    assert "I have not taken an MS medicine for 6 months or more" in page
    client.post(journey.step_url(token, "medicines"), {"dmt_failures": "not_taken"})
    assert drafts.draft_get(client.session, token).answers["dmt_failures"] == "none"


def test_the_mri_question_offers_no_scan():
    client = Client()
    token = journey.answer_all(client, valid_answers(relapses_12m="one", mri_activity_12m="no_scan"))
    assert drafts.draft_get(client.session, token).answers["mri_activity_12m"] == "no_scan"
    assert "I have not had an MRI scan in the last 12 months" in client.get(journey.check_url(token)).content.decode()


@pytest.mark.parametrize("name", ["questionnaire:start"])
def test_public_pages_have_a_meta_description(name):
    page = Client().get(reverse(name)).content.decode()
    assert re.search(r'<meta name="description" content="[^"]{40,}">', page)


@pytest.mark.parametrize(
    "path", ["/learn/", "/learn/what-is-hsct/", "/screening/no-such-token/ms-type/", "/r/" + "x" * 32 + "/"]
)
def test_other_public_pages_have_a_meta_description_too(path):
    page = Client().get(path).content.decode()
    assert re.search(r'<meta name="description" content="[^"]{30,}">', page)
