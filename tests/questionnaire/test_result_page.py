"""The result page: plain-words outcome, findings from the stored snapshot, advice to talk to a doctor, printing."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hsct_screen.criteria.models import CriteriaSet, Criterion
from hsct_screen.learn.models import ClinicInfo, HsctProvision
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


KEEP_MEDICINES = "Do not stop, pause or change it because of this result or to try to qualify for HSCT."


def visible_sentences(main: str) -> list[str]:
    """The sentences a person reads in the page's main part (tags and print-only lines left out)."""
    main = re.sub(r'<p class="print-only[^"]*">.*?</p>', " ", main, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", main)
    text = re.sub(r"\s+", " ", text)
    return [part.strip() for part in re.split(r"(?<=[.!?])\s", text) if len(part.strip()) > 30]


def test_possible_candidate_page_says_it_may_be_worth_discussing_and_what_to_do_next():
    client = Client()
    code, page = result_page(client, valid_answers())
    main = main_of(page)
    assert main.count("<h1") == 1
    assert "<h1>HSCT could be worth talking about with your neurologist</h1>" in main
    assert "outcome-panel--possible_candidate" in main
    assert '<h2 id="next-heading" class="section-title">What to do next</h2>' in main
    assert "Ask your neurologist or MS nurse about HSCT" in main
    assert 'id="private-link"' in main
    assert f'<strong class="reference-code">{code}</strong>' in main
    assert "not medical advice" in main
    assert "eligible" not in page.lower()
    assert re.search(r"<title>HSCT could be worth talking about", page)


def test_unlikely_candidate_page_says_it_is_not_a_decision_about_care():
    client = Client()
    _code, page = result_page(client, valid_answers(walking="two_aids"))
    assert "<h1>Your answers do not fit the usual reasons specialists consider HSCT at the moment</h1>" in page
    assert "This is not a decision about your care." in page
    assert "Ask your neurologist or MS nurse about HSCT or other treatments." in page
    assert "eligible" not in page.lower()


def test_more_information_page_marks_what_to_find_out_once():
    client = Client()
    _code, page = result_page(client, valid_answers(ms_type="unsure", relapses_12m="unsure"))
    main = main_of(page)
    assert "<h1>We need a few more answers to say more</h1>" in main
    assert "Find out the answers marked “Not sure yet” below" in main
    ms_type = Criterion.objects.get(criteria_set__status="published", key="ms_type")
    activity = Criterion.objects.get(criteria_set__status="published", key="inflammatory_activity")
    for text in (ms_type.text_unknown, activity.text_unknown):
        assert main.count(text.replace("'", "&#x27;")) == 1
    assert main.count('<span class="status-tag">Not sure yet</span>') == 2


@pytest.mark.parametrize(
    "overrides", [{}, {"walking": "two_aids"}, {"ms_type": "unsure"}], ids=["possible", "unlikely", "more-info"]
)
def test_every_outcome_says_once_to_keep_taking_ms_medicine(overrides):
    client = Client()
    _code, page = result_page(client, valid_answers(**overrides))
    main = main_of(page)
    assert main.count(KEEP_MEDICINES) == 1
    assert "Plan any change with your neurologist." in main


@pytest.mark.parametrize(
    "overrides",
    [{"age": 60, "health_conditions": ["heart"]}, {"walking": "two_aids", "age": 60}, {"ms_type": "unsure"}],
    ids=["possible", "unlikely", "more-info"],
)
def test_no_sentence_appears_twice(overrides):
    # Statuses checked on the same day would rightly give table rows the same "not checked since" note once they
    # are 120 days old; checked today, the page's prose alone is compared, whatever the date the test runs.
    CriteriaSet.objects.update(status_checked_on=timezone.localdate())
    client = Client()
    _code, page = result_page(client, valid_answers(**overrides))
    sentences = visible_sentences(main_of(page))
    repeated = sorted({sentence for sentence in sentences if sentences.count(sentence) > 1})
    assert not repeated


def test_each_required_criterion_has_its_status_in_words_and_a_read_more_link():
    client = Client()
    code, page = result_page(client, valid_answers(walking="wheelchair", ms_type="unsure"))
    submission = Submission.objects.get(reference_code=code)
    for finding in submission.result["criteria"]:
        if not finding["required"]:
            continue
        word = {"met": "Met", "not_met": "Not met", "unknown": "Not sure yet"}[finding["status"]]
        block = re.search(
            rf'<li class="finding finding--{finding["status"]}">\s*<h3 class="finding__title">{re.escape(finding["title"])} '
            rf'<span class="status-tag">{word}</span></h3>(.*?)</li>',
            page,
            re.S,
        )
        assert block, finding["key"]
        assert f'<a class="no-print" href="{finding["learn_more_url"]}">Read more' in block.group(1)


def test_an_advisory_criterion_is_never_shown_as_not_met():
    client = Client()
    code, page = result_page(client, valid_answers(age=70))
    age = next(item for item in Submission.objects.get(reference_code=code).result["criteria"] if item["key"] == "age")
    assert (age["status"], age["required"]) == ("not_met", False)
    assert "Not met" not in page
    section = re.search(r'<h2 id="advisories-heading">(.*?)</section>', page, re.S).group(1)
    assert "Things to discuss with your doctor" in section
    assert "<li>" in section


def test_an_advisory_criterion_that_is_not_met_is_never_shown_as_not_met():
    """Contract v2: advisory criteria that are not met read "to discuss with your doctor"."""
    client = Client()
    code, page = result_page(client, valid_answers(age=60, health_conditions=["heart"]))
    statuses = {f["key"]: f["status"] for f in Submission.objects.get(reference_code=code).result["criteria"]}
    assert statuses["age"] == statuses["health_conditions"] == "not_met"
    assert "Not met" not in main_of(page)
    # Both are listed once, under things to discuss, and not in the list of criteria that decide the result.
    section = re.search(r'<h2 id="advisories-heading">(.*?)</section>', page, re.S).group(1)
    for advisory in Submission.objects.get(reference_code=code).result["advisories"]:
        assert advisory["key"] in {"age", "health_conditions"}
        assert page.count(advisory["message"]) == 1
        assert advisory["message"] in section


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
    for slug in ("what-is-hsct", "risks", "questions-for-your-doctor"):
        assert f'href="/learn/{slug}/"' in page
    assert f'href="{reverse("questionnaire:start")}">Start again</a>' in page


def test_the_clinics_details_are_shown():
    ClinicInfo.objects.create(name="Example Neurology Centre", phone="01632 960 001", email="hsct@clinic.example")
    client = Client()
    _code, page = result_page(client, valid_answers())
    assert "Example Neurology Centre" in page
    assert "hsct@clinic.example" in page


def test_the_conflict_of_interest_note_is_shown_once_next_to_the_contact_form():
    ClinicInfo.objects.create(name="Example Transplant Centre", hsct_provision=HsctProvision.FOR_A_FEE)
    client = Client()
    _code, page = result_page(client, valid_answers())
    main = main_of(page)
    note = "Example Transplant Centre provides HSCT itself and charges for it"
    assert main.count(note) == 1
    assert main.count('id="clinic-interest-heading"') == 1
    # It comes after the answers and straight before the form where a person asks the clinic to contact them.
    between = main[main.index(note) : main.index('id="contact"')]
    assert "<form" not in between and "<h2" not in between
    assert main.index('id="answers-heading"') < main.index(note)


def test_without_clinic_details_the_note_says_not_to_give_contact_details_yet():
    client = Client()
    _code, page = result_page(client, valid_answers())
    main = main_of(page)
    assert main.count("has not added its details yet") == 1
    assert main.index("has not added its details yet") < main.index('id="contact"')


def test_a_previous_stem_cell_transplant_is_listed_as_a_thing_to_discuss():
    client = Client()
    code, page = result_page(client, valid_answers(health_conditions=["previous_hsct"]))
    submission = Submission.objects.get(reference_code=code)
    assert submission.answers["health_conditions"] == ["previous_hsct"]
    advisory = next(item for item in submission.result["advisories"] if item["key"] == "health_conditions")
    assert "stem cell transplant before" in advisory["message"]
    section = re.search(r'<h2 id="advisories-heading">(.*?)</section>', page, re.S).group(1)
    assert advisory["message"].replace("'", "&#x27;") in section
    # The answer itself is listed with its label, and the result is not changed by it alone.
    assert "A stem cell transplant before" in page
    assert submission.outcome == "possible_candidate"


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
    assert "<h1>HSCT could be worth talking about with your neurologist</h1>" in after
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
