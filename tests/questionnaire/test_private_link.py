"""The private result link: opens the stored result in any browser, emails itself, deletes, and leaks nothing."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hsct_screen.questionnaire.models import ContactRequest, DeletedSubmission, Submission, link_token_hash
from tests.factories import answers as valid_answers
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db

GOOD_CONTACT = {"name": "Alex Example", "email": "alex@example.com", "phone": "", "consent": "on"}


def finish_with_link(client) -> tuple[str, str]:
    """Submit, then read the private link off the result page: (reference code, link path)."""
    code = journey.finish(client, valid_answers())
    page = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    link = re.search(r'id="private-link-url"[^>]*value="http://testserver(/r/[^/"]+/)"', page).group(1)
    return code, link


def test_the_result_page_shows_a_private_link_that_is_not_the_reference_code():
    client = Client()
    code, link = finish_with_link(client)
    token = link.split("/")[2]
    assert code not in link
    assert len(token) >= 32
    submission = Submission.objects.get(reference_code=code)
    # Only a hash is stored: the token itself appears nowhere in the row.
    assert submission.link_token_hash == link_token_hash(token)
    assert token not in str(Submission.objects.filter(pk=submission.pk).values().get())


def test_the_private_link_opens_the_result_in_another_browser():
    code, link = finish_with_link(Client())
    response = Client().get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert code in page
    assert "<h1>HSCT could be worth talking about with your neurologist</h1>" in page
    assert 'id="private-link"' in page


def test_private_pages_are_not_cached_and_send_no_referrer():
    client = Client()
    code, link = finish_with_link(client)
    for response in (client.get(reverse("questionnaire:result", args=[code])), Client().get(link)):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "strict-origin"


def test_the_reference_code_alone_opens_nothing():
    code, _link = finish_with_link(Client())
    assert Client().get(reverse("questionnaire:result", args=[code])).status_code == 404
    assert Client().get(reverse("questionnaire:private_result", args=[code])).status_code == 404


def test_an_unknown_token_says_it_cannot_find_the_result():
    response = Client().get(reverse("questionnaire:private_result", args=["x" * 32]))
    assert response.status_code == 404
    assert "We cannot find this result" in response.content.decode()


def test_the_link_stops_working_after_the_retention_period(settings):
    _code, link = finish_with_link(Client())
    settings.SUBMISSION_RETENTION_DAYS = 30
    Submission.objects.update(created_at=timezone.now() - timedelta(days=31))
    response = Client().get(link)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_contact_details_can_be_given_and_removed_through_the_link():
    _code, link = finish_with_link(Client())
    other = Client()
    response = other.post(link + "contact/", GOOD_CONTACT)
    assert (response.status_code, response["Location"]) == (302, link + "#contact")
    assert ContactRequest.objects.get().email == "alex@example.com"
    other.post(link + "contact/remove/")
    assert ContactRequest.objects.count() == 0


def test_emailing_the_link_sends_only_the_link_and_the_reference_code():
    code, link = finish_with_link(Client())
    other = Client()
    response = other.post(link + "email/", {"link-email": "me@example.com"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["me@example.com"]
    assert "http://testserver" + link in message.body
    assert code in message.body
    for answer_word in ("rrms", "Relapsing", "walk", "possible"):
        assert answer_word not in message.body
    assert "me@example.com" not in str(list(Submission.objects.values()))
    assert "We have sent the link" in other.get(link).content.decode()


def test_the_link_is_emailed_in_the_language_the_person_is_using(spanish_for):
    spanish_for(
        {
            "Your HSCT Screen result link": "El enlace a su resultado de HSCT Screen",
            "Your private link:": "Su enlace privado:",
        }
    )
    _code, link = finish_with_link(Client())
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    english = Client(HTTP_ACCEPT_LANGUAGE="en")

    spanish.post(link + "email/", {"link-email": "yo@example.com"})
    english.post(link + "email/", {"link-email": "me@example.com"})

    to_spanish, to_english = mail.outbox
    assert to_spanish.subject == "El enlace a su resultado de HSCT Screen"
    assert "Su enlace privado: http://testserver" + link in to_spanish.body
    assert to_english.subject == "Your HSCT Screen result link"
    assert "Your private link: http://testserver" + link in to_english.body


def test_a_bad_email_address_is_shown_after_the_redirect_and_nothing_is_sent():
    _code, link = finish_with_link(Client())
    other = Client()
    response = other.post(link + "email/", {"link-email": "not-an-address"})
    assert response.status_code == 302
    page = other.get(response["Location"]).content.decode()
    assert "Enter an email address in the correct format" in page
    assert 'href="#id_link-email"' in page
    assert mail.outbox == []


def test_deleting_asks_first_then_removes_everything_and_leaves_only_a_tombstone():
    code, link = finish_with_link(Client())
    other = Client()
    other.post(link + "contact/", GOOD_CONTACT)
    confirm = other.get(link + "delete/")
    assert confirm.status_code == 200
    assert "Are you sure you want to delete your result?" in confirm.content.decode()
    assert Submission.objects.count() == 1

    response = other.post(link + "delete/")
    assert (response.status_code, response["Location"]) == (302, link)
    assert Submission.objects.count() == 0
    assert ContactRequest.objects.count() == 0
    (tombstone,) = DeletedSubmission.objects.values()
    assert set(tombstone) == {"id", "link_token_hash", "deleted_at"}
    gone = Client().get(link)
    assert gone.status_code == 410
    page = gone.content.decode()
    assert "This result was deleted" in page
    assert code not in page


def test_the_private_link_actions_need_a_csrf_token():
    _code, link = finish_with_link(Client())
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(link + "delete/").status_code == 403
    assert Submission.objects.count() == 1
