"""The result page: plain-words outcome, findings from the stored snapshot, advice to talk to a doctor, printing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hsct_screen.criteria.models import Criterion
from hsct_screen.learn.models import ClinicInfo
from hsct_screen.questionnaire.models import Submission
from tests.factories import answers as valid_answers
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db


def result_page(client, answers):
    code = journey.finish(client, answers)
    response = client.get(reverse("questionnaire:result", args=[code]))
    assert response.status_code == 200
    return code, response.content.decode()


def main_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_possible_candidate_page_says_may_be_a_candidate_and_to_talk_to_a_doctor():
    client = Client()
    code, page = result_page(client, valid_answers())
    main = main_of(page)
    assert main.count("<h1") == 1
    assert "<h1>You may be a candidate for HSCT</h1>" in main
    assert "outcome-panel--possible_candidate" in main
    assert "Talk to your doctor" in main
    assert f'<strong class="reference-code">{code}</strong>' in main
    assert "this page, printed or on your phone" in main
    assert "This is not medical advice" in main
    assert "eligible" not in page.lower()
    assert re.search(r"<title>You may be a candidate for HSCT", page)


def test_unlikely_candidate_page_uses_gentle_words():
    client = Client()
    _code, page = result_page(client, valid_answers(walking="two_aids"))
    assert "<h1>HSCT is unlikely to be suitable for you at the moment</h1>" in page
    assert "Talk to your doctor" in page
    assert "eligible" not in page.lower()


def test_more_information_page_lists_what_to_find_out_from_the_unknown_criteria():
    client = Client()
    _code, page = result_page(client, valid_answers(ms_type="unsure", relapses_12m="unsure"))
    assert "<h1>We need more information</h1>" in page
    section = re.search(r'<h2 id="find-out-heading">What to find out</h2>(.*?)</section>', page, re.S).group(1)
    ms_type = Criterion.objects.get(criteria_set__status="published", key="ms_type")
    activity = Criterion.objects.get(criteria_set__status="published", key="inflammatory_activity")
    assert section.count("<li>") == 2
    assert ms_type.text_unknown.replace("'", "&#x27;") in section
    assert activity.text_unknown.replace("'", "&#x27;") in section
    assert "Talk to your doctor" in page


def test_other_outcomes_have_no_what_to_find_out_list():
    client = Client()
    _code, page = result_page(client, valid_answers())
    assert "What to find out" not in page


def test_each_criterion_has_a_block_with_its_status_in_words_and_a_read_more_link():
    client = Client()
    code, page = result_page(client, valid_answers(walking="wheelchair", ms_type="unsure"))
    submission = Submission.objects.get(reference_code=code)
    for finding in submission.result["criteria"]:
        word = {"met": "Met", "not_met": "Not met", "unknown": "Not sure yet"}[finding["status"]]
        block = re.search(
            rf'<div class="finding finding--{finding["status"]}">\s*<h3 class="finding__title">{re.escape(finding["title"])}: '
            rf'<span class="status-tag">{word}</span></h3>(.*?)</div>',
            page,
            re.S,
        )
        assert block, finding["key"]
        assert f'<a href="{finding["learn_more_url"]}">Read more about {finding["title"]}</a>' in block.group(1)


def test_an_advisory_criterion_that_is_not_met_is_never_shown_as_not_met():
    """Contract v2: advisory criteria that are not met read "to discuss with your doctor"."""
    client = Client()
    code, page = result_page(client, valid_answers(age=60, health_conditions=["heart"]))
    statuses = {f["key"]: f["status"] for f in Submission.objects.get(reference_code=code).result["criteria"]}
    assert statuses["age"] == statuses["health_conditions"] == "not_met"
    findings = main_of(page)[: main_of(page).index('id="advisories-heading"')]
    assert "Not met" not in findings
    assert findings.count('<span class="status-tag">To discuss with your doctor</span>') == 2


def test_advisories_are_listed_as_things_to_discuss():
    client = Client()
    code, page = result_page(client, valid_answers(age=60, health_conditions=["heart", "pregnancy"]))
    advisories = Submission.objects.get(reference_code=code).result["advisories"]
    assert len(advisories) == 3
    section = re.search(
        r'<h2 id="advisories-heading">Things to discuss with your doctor</h2>(.*?)</section>', page, re.S
    )
    for advisory in advisories:
        assert advisory["message"].replace("'", "&#x27;") in section.group(1)


def test_the_page_lists_the_answers_and_the_learn_pages():
    client = Client()
    _code, page = result_page(client, valid_answers())
    assert "Your answers" in page
    assert "Relapsing-remitting MS (RRMS)" in page
    assert "I can walk 500 metres or more without help or a rest" in page
    for slug in (
        "what-is-hsct",
        "hsct-step-by-step",
        "evidence",
        "risks",
        "where-and-trials",
        "questions-for-your-doctor",
    ):
        assert f'href="/learn/{slug}/"' in page
    assert f'href="{reverse("questionnaire:start")}">Start again</a>' in page


def test_the_clinics_details_are_shown():
    ClinicInfo.objects.create(name="Example Neurology Centre", phone="01632 960 001", email="hsct@clinic.example")
    client = Client()
    _code, page = result_page(client, valid_answers())
    assert "Example Neurology Centre" in page
    assert "hsct@clinic.example" in page


def test_without_clinic_details_the_page_still_says_who_to_ask():
    client = Client()
    _code, page = result_page(client, valid_answers())
    assert "Who to contact" in page
    assert "Ask your GP or neurologist" in page


def test_the_page_is_print_friendly():
    client = Client()
    _code, page = result_page(client, valid_answers())
    assert 'href="/static/css/print.css" media="print"' in page
    assert 'class="contact-section no-print"' in page
    assert 'class="print-only"' in page


def test_stored_result_is_shown_unchanged_after_the_criteria_are_edited():
    client = Client()
    code, before = result_page(client, valid_answers())
    snapshot = Submission.objects.get(reference_code=code).result
    Criterion.objects.filter(criteria_set__status="published").update(
        title="Edited title", text_met="Edited text", text_not_met="Edited text", required=True
    )
    Criterion.objects.filter(criteria_set__status="published", key="walking").update(settings={"accepted": []})
    after = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    assert Submission.objects.get(reference_code=code).result == snapshot
    assert "Edited" not in after
    assert "<h1>You may be a candidate for HSCT</h1>" in after
    assert main_of(after).count("finding--met") == main_of(before).count("finding--met")


def test_a_result_page_needs_the_session_that_made_it():
    owner = Client()
    code = journey.finish(owner, valid_answers())
    assert Client().get(reverse("questionnaire:result", args=[code])).status_code == 404


def test_an_unknown_reference_code_is_not_found():
    assert Client().get(reverse("questionnaire:result", args=["AAAA-AAAA"])).status_code == 404


def test_a_result_owned_by_the_session_but_deleted_is_not_found():
    client = Client()
    code = journey.finish(client, valid_answers())
    Submission.objects.filter(reference_code=code).delete()
    assert client.get(reverse("questionnaire:result", args=[code])).status_code == 404


def test_the_result_page_refuses_post():
    client = Client()
    code = journey.finish(client, valid_answers())
    assert client.post(reverse("questionnaire:result", args=[code])).status_code == 405
