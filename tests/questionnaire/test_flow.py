"""The web questionnaire end to end: start, each page, Back and Change, errors, check your answers and submit."""

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.questionnaire import drafts
from hsct_screen.questionnaire.models import Outcome, Submission
from tests.factories import answers as valid_answers
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def main_of(response) -> str:
    text = html(response)
    return text[text.index("<main") : text.index("</main>")]


def back_link(response) -> str:
    return re.search(r'<a href="([^"]+)" class="back-link', html(response)).group(1)


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", html(response), re.S).group(1).strip()


def checked_values(response, name: str) -> list[str]:
    return re.findall(rf'<input type="(?:radio|checkbox)" name="{name}" value="([^"]+)"[^>]*checked', html(response))


# Start page


def test_start_page_explains_the_service_and_offers_a_start_button_that_posts():
    response = Client().get(reverse("questionnaire:start"))
    assert response.status_code == 200
    page = main_of(response)
    assert page.count("<h1") == 1
    assert "about 5 minutes" in page
    assert "not medical advice" in page
    assert "do not need an account" in page
    assert 'href="/learn/privacy/"' in page
    assert 'href="/learn/what-is-hsct/"' in page
    assert re.search(r'<form method="post" action="/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', page)
    assert "Start now" in page


def test_start_now_creates_a_fresh_draft_and_opens_the_first_question():
    client = Client()
    response = client.post(reverse("questionnaire:start"))
    assert response.status_code == 302
    match = resolve(response["Location"])
    assert match.url_name == "step"
    assert match.kwargs["step_slug"] == "ms-type"
    assert len(match.kwargs["token"]) >= 20
    assert drafts.draft_get(client.session, match.kwargs["token"]).answers == {}


def test_start_now_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("questionnaire:start")).status_code == 403


def test_start_page_refuses_other_methods():
    assert Client().put(reverse("questionnaire:start")).status_code == 405


# Happy paths


@pytest.mark.parametrize(
    ("overrides", "outcome", "heading"),
    [
        ({}, Outcome.POSSIBLE_CANDIDATE, "HSCT could be worth talking about with your neurologist"),
        (
            {"walking": "wheelchair"},
            Outcome.UNLIKELY_CANDIDATE,
            "Your answers do not fit the usual reasons specialists consider HSCT at the moment",
        ),
        ({"ms_type": "unsure"}, Outcome.MORE_INFORMATION_NEEDED, "We need a few more answers to say more"),
    ],
)
def test_answering_every_page_and_submitting_leads_to_the_result(overrides, outcome, heading):
    client = Client()
    answers = valid_answers(**overrides)
    token = journey.answer_all(client, answers)
    check = client.get(journey.check_url(token))
    assert check.status_code == 200
    response = journey.submit(client, token)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert response["Location"] == reverse("questionnaire:result", args=[submission.reference_code])
    assert submission.outcome == outcome
    assert submission.answers == answers
    result = client.get(response["Location"])
    assert result.status_code == 200
    assert re.search(rf"<h1>{re.escape(heading)}</h1>", html(result))


def test_every_step_get_shows_the_stored_answers_prefilled():
    client = Client()
    answers = valid_answers(health_conditions=["heart", "lung"])
    token = journey.answer_all(client, answers)
    assert checked_values(client.get(journey.step_url(token, "ms-type")), "ms_type") == ["rrms"]
    assert 'value="' + str(answers["diagnosis_year"]) + '"' in html(client.get(journey.step_url(token, "diagnosis")))
    activity = client.get(journey.step_url(token, "activity"))
    assert checked_values(activity, "relapses_12m") == ["two_or_more"]
    assert checked_values(activity, "mri_activity_12m") == ["yes"]
    assert checked_values(client.get(journey.step_url(token, "high-efficacy")), "high_efficacy_dmt_failed") == ["no"]
    assert 'value="34"' in html(client.get(journey.step_url(token, "age")))
    assert checked_values(client.get(journey.step_url(token, "health")), "health_conditions") == ["heart", "lung"]


def test_no_conditions_ticked_is_stored_as_none():
    client = Client()
    token = journey.answer_all(client, valid_answers(health_conditions=[]))
    assert drafts.draft_get(client.session, token).answers["health_conditions"] == []
    assert "None of these" in html(client.get(journey.check_url(token)))


def test_each_post_redirects_so_a_refresh_never_posts_again():
    client = Client()
    token = journey.start(client)
    response = journey.answer_step(client, token, "ms-type", {"ms_type": "rrms"})
    assert response.status_code == 302
    assert response["Location"] == journey.step_url(token, "diagnosis")


# Check your answers and Change links


def test_check_page_lists_every_answer_with_a_change_link():
    client = Client()
    token = journey.answer_all(client, valid_answers())
    page = main_of(client.get(journey.check_url(token)))
    for slug in ("ms-type", "diagnosis", "walking", "activity", "medicines", "high-efficacy", "age", "health"):
        assert f'href="{journey.step_url(token, slug, change=True)}"' in page
    assert page.count(">Change<") == 9
    assert "Relapsing-remitting MS (RRMS)" in page
    assert "Submit and see result" in page


@pytest.mark.parametrize(
    ("slug", "change"),
    [("ms-type", {"ms_type": "spms"}), ("diagnosis", {"diagnosis_year": "2001"}), ("age", {"age": "60"})],
)
def test_a_change_link_returns_to_the_check_page(slug, change):
    client = Client()
    token = journey.answer_all(client, valid_answers())
    page = client.get(journey.step_url(token, slug, change=True))
    assert back_link(page) == journey.check_url(token)
    assert f'action="{journey.step_url(token, slug, change=True)}"' in html(page)
    response = client.post(journey.step_url(token, slug, change=True), change)
    assert response["Location"] == journey.check_url(token)
    stored = drafts.draft_get(client.session, token).answers
    key, value = next(iter(change.items()))
    assert str(stored[key]) == value


def test_changing_medicines_to_one_asks_high_efficacy_first_then_returns_to_check():
    client = Client()
    token = journey.answer_all(client, valid_answers(dmt_failures="none", high_efficacy_dmt_failed=...))
    assert "A high-efficacy medicine among them" not in html(client.get(journey.check_url(token)))
    response = client.post(journey.step_url(token, "medicines", change=True), {"dmt_failures": "one"})
    assert response["Location"] == journey.step_url(token, "high-efficacy", change=True)
    # The check page is not reachable until the new question is answered.
    assert client.get(journey.check_url(token))["Location"] == journey.step_url(token, "high-efficacy")
    response = client.post(journey.step_url(token, "high-efficacy", change=True), {"high_efficacy_dmt_failed": "yes"})
    assert response["Location"] == journey.check_url(token)
    assert drafts.draft_get(client.session, token).answers["high_efficacy_dmt_failed"] == "yes"


def test_changing_medicines_to_none_removes_the_high_efficacy_answer_and_page():
    client = Client()
    token = journey.answer_all(client, valid_answers(dmt_failures="one", high_efficacy_dmt_failed="yes"))
    response = client.post(journey.step_url(token, "medicines", change=True), {"dmt_failures": "none"})
    assert response["Location"] == journey.check_url(token)
    assert "high_efficacy_dmt_failed" not in drafts.draft_get(client.session, token).answers
    assert "A high-efficacy medicine among them" not in html(client.get(journey.check_url(token)))
    # Visiting the page that no longer applies moves on instead of asking it.
    assert client.get(journey.step_url(token, "high-efficacy"))["Location"] == journey.step_url(token, "age")


@pytest.mark.parametrize("dmt", ["one", "two_or_more"])
def test_high_efficacy_page_appears_in_the_normal_flow_after_a_failed_medicine(dmt):
    client = Client()
    token = journey.answer_all(client, valid_answers(dmt_failures=dmt))
    response = client.post(journey.step_url(token, "medicines"), {"dmt_failures": dmt})
    assert response["Location"] == journey.step_url(token, "high-efficacy")


@pytest.mark.parametrize("dmt", ["none", "unsure"])
def test_high_efficacy_page_is_skipped_in_the_normal_flow(dmt):
    client = Client()
    token = journey.answer_all(client, valid_answers(dmt_failures=dmt, high_efficacy_dmt_failed=...))
    response = client.post(journey.step_url(token, "medicines"), {"dmt_failures": dmt})
    assert response["Location"] == journey.step_url(token, "age")


# Back links


def test_back_link_targets_follow_the_pages_that_apply():
    client = Client()
    token = journey.answer_all(client, valid_answers(dmt_failures="one"))
    assert back_link(client.get(journey.step_url(token, "ms-type"))) == reverse("questionnaire:start")
    assert back_link(client.get(journey.step_url(token, "diagnosis"))) == journey.step_url(token, "ms-type")
    assert back_link(client.get(journey.step_url(token, "age"))) == journey.step_url(token, "high-efficacy")
    assert back_link(client.get(journey.step_url(token, "high-efficacy"))) == journey.step_url(token, "medicines")
    assert back_link(client.get(journey.check_url(token))) == journey.step_url(token, "health")
    client.post(journey.step_url(token, "medicines"), {"dmt_failures": "none"})
    assert back_link(client.get(journey.step_url(token, "age"))) == journey.step_url(token, "medicines")


def test_going_back_and_forward_keeps_every_answer():
    client = Client()
    answers = valid_answers()
    token = journey.answer_all(client, answers)
    client.get(journey.step_url(token, "walking"))
    client.get(journey.step_url(token, "ms-type"))
    client.post(journey.step_url(token, "ms-type"), {"ms_type": "rrms"})
    assert drafts.draft_get(client.session, token).answers == answers


def test_a_later_page_redirects_to_the_first_unanswered_one():
    client = Client()
    token = journey.start(client)
    journey.answer_step(client, token, "ms-type", {"ms_type": "rrms"})
    assert client.get(journey.step_url(token, "age"))["Location"] == journey.step_url(token, "diagnosis")
    assert client.post(journey.step_url(token, "age"), {"age": "40"})["Location"] == journey.step_url(
        token, "diagnosis"
    )
    assert client.get(journey.check_url(token))["Location"] == journey.step_url(token, "diagnosis")
    assert "age" not in drafts.draft_get(client.session, token).answers


def test_an_unknown_step_is_not_found():
    client = Client()
    token = journey.start(client)
    assert client.get(journey.step_url(token, "no-such-page")).status_code == 404


# Errors


STEP_ERRORS = [
    # slug, posted data, field with the error, text in the message
    ("ms-type", {}, "ms_type", "Select the type of MS"),
    ("diagnosis", {"diagnosis_year": ""}, "diagnosis_year", "Enter the year"),
    ("walking", {}, "walking", "Select the option"),
    ("activity", {"relapses_12m": "one"}, "mri_activity_12m", "Select whether an MRI"),
    ("activity", {"mri_activity_12m": "no"}, "relapses_12m", "Select how many relapses"),
    ("medicines", {}, "dmt_failures", "Select how many MS medicines"),
    ("high-efficacy", {}, "high_efficacy_dmt_failed", "Select whether one of these"),
    ("age", {"age": ""}, "age", "Enter your age"),
    ("health", {"health_conditions": ["heart", "nonsense"]}, "health_conditions", "is not a condition we ask about"),
]


@pytest.mark.parametrize(("slug", "data", "field", "message"), STEP_ERRORS)
def test_an_error_on_any_page_shows_a_summary_linked_to_the_field_and_keeps_the_answers(slug, data, field, message):
    client = Client()
    answers = valid_answers()
    token = journey.answer_all(client, answers)
    response = client.post(journey.step_url(token, slug), data)
    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    page = main_of(response)
    summary = re.search(r'<div class="error-summary" role="alert" tabindex="-1".*?</div>', page, re.S).group(0)
    assert "There is a problem" in summary
    target = f"id_{field}" if field in ("diagnosis_year", "age") else f"id_{field}_0"
    assert re.search(rf'<a href="#{target}">[^<]*{re.escape(message)}', summary)
    assert f'id="{target}"' in page
    assert f'id="id_{field}_error"' in page
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', page)
    # What was typed or ticked on this page is still there ...
    for key, value in data.items():
        if key != field and value:
            assert checked_values(response, key) == [value]
    if slug == "health":
        assert checked_values(response, "health_conditions") == ["heart"]
    # ... and nothing stored was lost or changed.
    assert drafts.draft_get(client.session, token).answers == answers


@pytest.mark.parametrize(
    ("slug", "data"),
    [
        ("ms-type", {"ms_type": "benign"}),
        ("walking", {"walking": "<script>alert(1)</script>"}),
        ("diagnosis", {"diagnosis_year": "2999"}),
        ("diagnosis", {"diagnosis_year": "1939"}),
        ("diagnosis", {"diagnosis_year": "20.5"}),
        ("diagnosis", {"diagnosis_year": "１９９９"}),
        ("age", {"age": "0"}),
        ("age", {"age": "121"}),
        ("age", {"age": "abc"}),
        ("age", {"age": "-5"}),
        ("age", {"age": "9" * 400}),
        ("health", {"health_conditions": ["heart", "heart"]}),
        ("health", {"health_conditions": ["HEART"]}),
    ],
)
def test_bad_values_are_refused_with_a_message_and_never_crash(slug, data):
    client = Client()
    answers = valid_answers()
    token = journey.answer_all(client, answers)
    response = client.post(journey.step_url(token, slug), data)
    assert response.status_code == 200
    assert "There is a problem" in html(response)
    assert "<script>alert(1)</script>" not in html(response)
    assert drafts.draft_get(client.session, token).answers == answers


def test_the_future_year_message_names_the_latest_allowed_year(today):
    client = Client()
    token = journey.answer_all(client, valid_answers())
    response = client.post(journey.step_url(token, "diagnosis"), {"diagnosis_year": str(today.year + 1)})
    assert f"enter {today.year} or earlier" in html(response)
    assert f'value="{today.year + 1}"' in html(response)


def test_a_page_without_errors_has_no_error_summary_or_error_title():
    client = Client()
    token = journey.start(client)
    response = client.get(journey.step_url(token, "ms-type"))
    assert "error-summary" not in main_of(response)
    assert not title(response).startswith("Error")


# Submitting


def test_refresh_or_double_submit_makes_one_submission():
    client = Client()
    token = journey.answer_all(client, valid_answers())
    first = journey.submit(client, token)
    second = journey.submit(client, token)
    assert Submission.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_finished_drafts_pages_lead_to_its_result():
    client = Client()
    token = journey.answer_all(client, valid_answers())
    result_url = journey.submit(client, token)["Location"]
    for url in (journey.step_url(token, "ms-type"), journey.step_url(token, "age"), journey.check_url(token)):
        assert client.get(url)["Location"] == result_url
    assert client.post(journey.step_url(token, "age"), {"age": "50"})["Location"] == result_url
    assert Submission.objects.count() == 1


def test_answers_are_checked_again_on_submit_and_a_bad_stored_answer_is_asked_again():
    client = Client()
    token = journey.answer_all(client, valid_answers())
    session = client.session
    session[drafts.SESSION_KEY]["drafts"][token]["answers"]["age"] = 999
    session.save()
    response = journey.submit(client, token)
    assert response["Location"] == journey.step_url(token, "age")
    assert Submission.objects.count() == 0
    assert "age" not in drafts.draft_get(client.session, token).answers


def test_without_published_criteria_submitting_shows_a_friendly_page_and_stores_nothing():
    client = Client()
    token = journey.answer_all(client, valid_answers())
    CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).update(status=CriteriaSet.Status.RETIRED)
    response = journey.submit(client, token)
    assert response.status_code == 503
    assert "not available right now" in html(response)
    assert journey.check_url(token) in html(response)
    assert Submission.objects.count() == 0
    assert drafts.draft_get(client.session, token).answers == valid_answers()


# Who sees what


def test_two_drafts_in_one_session_stay_separate():
    client = Client()
    first = journey.start(client)
    second = journey.start(client)
    assert first != second
    journey.answer_step(client, first, "ms-type", {"ms_type": "rrms"})
    journey.answer_step(client, second, "ms-type", {"ms_type": "ppms"})
    assert checked_values(client.get(journey.step_url(first, "ms-type")), "ms_type") == ["rrms"]
    assert checked_values(client.get(journey.step_url(second, "ms-type")), "ms_type") == ["ppms"]
    journey.answer_all(client, valid_answers(), token=first)
    journey.submit(client, first)
    # Finishing one leaves the other where it was.
    assert client.get(journey.step_url(second, "diagnosis")).status_code == 200
    assert drafts.draft_get(client.session, second).answers == {"ms_type": "ppms"}


def session_ended(response) -> bool:
    return response.status_code == 200 and "<h1>Your session has ended</h1>" in response.content.decode()


def test_another_session_cannot_see_or_change_a_draft():
    # Spec change (issue 8): a draft not in this session shows the session-ended page instead of a 404.
    owner, outsider = Client(), Client()
    token = journey.answer_all(owner, valid_answers())
    assert session_ended(outsider.get(journey.step_url(token, "ms-type")))
    assert session_ended(outsider.post(journey.step_url(token, "ms-type"), {"ms_type": "ppms"}))
    assert session_ended(outsider.get(journey.check_url(token)))
    assert session_ended(outsider.post(journey.check_url(token)))
    assert Submission.objects.count() == 0
    assert drafts.draft_get(owner.session, token).answers["ms_type"] == "rrms"


def test_another_session_gets_not_found_for_a_result():
    owner, outsider = Client(), Client()
    code = journey.finish(owner, valid_answers())
    assert owner.get(reverse("questionnaire:result", args=[code])).status_code == 200
    assert outsider.get(reverse("questionnaire:result", args=[code])).status_code == 404


def test_an_unknown_or_expired_token_shows_the_session_ended_page_with_a_way_to_start_again():
    response = Client().get(journey.step_url("not-a-real-token", "ms-type"))
    assert session_ended(response)
    assert f'action="{reverse("questionnaire:start")}"' in response.content.decode()
    assert "Start again" in response.content.decode()
