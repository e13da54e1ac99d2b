"""The bench gets a patient's session and a valid answer the way a browser would, CSRF token included."""

import pytest
from django.test import Client

from bench import client

pytestmark = pytest.mark.django_db

QUESTION = """<form method="get" action="/search/"><input name="q"></form>
<form method="post" action="/screening/t/ms-type/" novalidate>
<input type="hidden" name="csrfmiddlewaretoken" value="tok">
<input type="radio" name="ms_type" value="rrms"><input type="radio" name="ms_type" value="spms">
<input type="text" name="note"><input type="checkbox" name="box" value="x">
</form>"""


def test_the_answer_form_takes_hidden_fields_and_the_first_choice_of_each_group():
    form = client.find_form(QUESTION)
    assert form.action == "/screening/t/ms-type/"
    assert form.fields == (("csrfmiddlewaretoken", "tok"), ("ms_type", "rrms"))
    assert form.body() == b"csrfmiddlewaretoken=tok&ms_type=rrms"


def test_a_page_without_a_post_form_is_an_error():
    with pytest.raises(ValueError, match="no POST form"):
        client.find_form('<form method="get" action="/"></form>')


def test_a_session_from_the_start_page_opens_the_first_question_and_saving_its_answer_moves_on():
    fetch = client.client_fetch(Client(enforce_csrf_checks=True))
    session = client.start_questionnaire(fetch)
    assert session.question_path.startswith("/screening/")
    assert {"sessionid", "csrftoken"} <= set(session.cookies)

    page = fetch("GET", session.question_path, {"Cookie": session.cookie}, None)
    assert page.status == 200

    path, headers, body = client.answer_request(session)
    for _again in range(2):  # wrk sends the same answer over and over; each must be saved
        saved = fetch("POST", path, headers, body)
        assert saved.status == 302
        assert saved.location.startswith("/screening/") and saved.location != session.question_path


def test_a_wrong_status_stops_the_bench_with_what_it_got():
    fetch = client.client_fetch(Client())
    with pytest.raises(client.JourneyError, match="expected HTTP 200, got 404"):
        client.expect(fetch("GET", "/no-such-page/", {}, None), 200, "GET /no-such-page/")


def test_without_the_csrf_token_saving_is_refused():
    fetch = client.client_fetch(Client(enforce_csrf_checks=True))
    session = client.start_questionnaire(fetch)
    path, headers, _body = client.answer_request(session)
    assert fetch("POST", path, headers, b"ms_type=rrms").status == 403
