"""The contact opt-in on the result page: consent first, email or phone, replace and remove, owner only."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hsct_screen.questionnaire.models import ContactRequest
from tests.factories import answers as valid_answers
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db

GOOD = {"name": "Alex Example", "email": "alex@example.com", "phone": "", "consent": "on"}


@pytest.fixture
def owner():
    client = Client()
    client.code = journey.finish(client, valid_answers())
    return client


def contact_url(code):
    return reverse("questionnaire:contact", args=[code])


def remove_url(code):
    return reverse("questionnaire:contact_remove", args=[code])


def result_url(code):
    return reverse("questionnaire:result", args=[code])


def test_the_result_page_offers_the_contact_form_with_a_consent_box(owner):
    page = owner.get(result_url(owner.code)).content.decode()
    assert f'action="{contact_url(owner.code)}"' in page
    assert (
        "I agree that the clinic may contact me about this screening and store my contact details for that purpose"
        in page
    )
    for field in ("name", "email", "phone", "consent"):
        assert f'for="id_{field}"' in page
        assert f'id="id_{field}"' in page
    assert "Remove my contact details" not in page


def test_with_consent_the_details_are_stored_and_shown(owner):
    response = owner.post(contact_url(owner.code), GOOD)
    assert response.status_code == 302
    assert response["Location"] == result_url(owner.code) + "#contact"
    contact = ContactRequest.objects.get()
    assert contact.submission.reference_code == owner.code
    assert (contact.name, contact.email, contact.phone) == ("Alex Example", "alex@example.com", "")
    assert contact.consent_given_at is not None
    page = owner.get(response["Location"]).content.decode()
    assert "alex@example.com" in page
    assert "Remove my contact details" in page
    assert "The clinic can now contact you" in page


def test_a_phone_number_alone_is_enough(owner):
    owner.post(contact_url(owner.code), {**GOOD, "email": "", "phone": "+44 (0)1632 960-001"})
    assert ContactRequest.objects.get().phone == "+44 (0)1632 960-001"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**GOOD, "consent": ""}, "consent", "Tick the box to agree"),
        ({**GOOD, "email": "", "phone": ""}, "email", "Enter an email address or a phone number"),
        ({**GOOD, "email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({**GOOD, "email": "", "phone": "12345"}, "phone", "Enter a phone number using digits"),
        ({**GOOD, "email": "", "phone": "call me maybe 0123456"}, "phone", "Enter a phone number using digits"),
        ({**GOOD, "email": "", "phone": "1" * 21}, "phone", "Enter a phone number using digits"),
        ({**GOOD, "name": "  "}, "name", "Enter your name"),
        ({**GOOD, "name": "x" * 101}, "name", "100 characters or fewer"),
    ],
)
def test_a_bad_form_stores_nothing_and_shows_the_errors(owner, data, field, message):
    # Post/redirect/get: the errors are shown on the result page the redirect leads to, so a reload is harmless.
    response = owner.post(contact_url(owner.code), data)
    assert response.status_code == 302
    assert response["Location"] == result_url(owner.code) + "#contact"
    assert ContactRequest.objects.count() == 0
    page = owner.get(response["Location"]).content.decode()
    assert re.search(r"<title>Error: ", page)
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert re.search(rf'<a href="#id_{field}">[^<]*{re.escape(message)}', summary)
    assert f'id="id_{field}_error"' in page
    # What the person typed is kept; the consent box is never ticked for them.
    if data["email"]:
        assert f'value="{data["email"]}"' in page
    consent_box = re.search(r'<input type="checkbox" name="consent"[^>]*>', page).group(0)
    assert ("checked" in consent_box) == bool(data["consent"])


def test_a_second_request_replaces_the_first(owner):
    owner.post(contact_url(owner.code), GOOD)
    owner.post(contact_url(owner.code), {**GOOD, "name": "Sam", "email": "", "phone": "07700 900982"})
    contact = ContactRequest.objects.get()
    assert (contact.name, contact.email, contact.phone) == ("Sam", "", "07700 900982")


def test_remove_deletes_the_contact_details(owner):
    owner.post(contact_url(owner.code), GOOD)
    response = owner.post(remove_url(owner.code))
    assert response.status_code == 302
    assert ContactRequest.objects.count() == 0
    page = owner.get(response["Location"]).content.decode()
    assert "We have deleted your contact details" in page
    assert "alex@example.com" not in page


def test_remove_without_details_does_nothing_harmful(owner):
    assert owner.post(remove_url(owner.code)).status_code == 302
    assert ContactRequest.objects.count() == 0


def test_only_the_owning_session_can_send_or_remove_details(owner):
    owner.post(contact_url(owner.code), GOOD)
    outsider = Client()
    assert outsider.post(contact_url(owner.code), {**GOOD, "email": "evil@example.com"}).status_code == 404
    assert outsider.post(remove_url(owner.code)).status_code == 404
    assert ContactRequest.objects.get().email == "alex@example.com"


def test_the_typed_details_are_shown_once_then_forgotten(owner):
    owner.post(contact_url(owner.code), {**GOOD, "consent": ""})
    assert "alex@example.com" in owner.get(result_url(owner.code)).content.decode()
    assert "alex@example.com" not in owner.get(result_url(owner.code)).content.decode()


def test_opening_the_contact_address_leads_back_to_the_form_never_to_an_error(owner):
    # Spec change (issue 8): a reload after an error used to be a 405; it now returns to the form.
    response = owner.get(contact_url(owner.code))
    assert (response.status_code, response["Location"]) == (302, result_url(owner.code) + "#contact")
    assert owner.get(remove_url(owner.code)).status_code == 405


def test_contact_and_remove_need_a_csrf_token(owner):
    owner.post(contact_url(owner.code), GOOD)
    same_session = Client(enforce_csrf_checks=True)
    same_session.cookies = owner.cookies
    assert same_session.get(result_url(owner.code)).status_code == 200
    assert same_session.post(contact_url(owner.code), {**GOOD, "name": "Changed"}).status_code == 403
    assert same_session.post(remove_url(owner.code)).status_code == 403
    assert ContactRequest.objects.get().name == "Alex Example"
