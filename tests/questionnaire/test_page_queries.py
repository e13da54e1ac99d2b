"""Each patient page runs a small, fixed number of SQL queries, however many submissions are stored."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hsct_screen.questionnaire import drafts, steps
from tests.factories import ContactRequestFactory, SubmissionFactory
from tests.factories import answers as valid_answers
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db

# The most any patient page may take: session read and write, a criteria set with its criteria,
# the listed comparison sets with theirs, the submission and the clinic details. Savepoints count too.
MAX_QUERIES_PER_PAGE = 14


def count(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return len(queries), response


def walk_and_count() -> dict[str, int]:
    """Go through the whole journey in a new browser and count the queries of every page."""
    client = Client()
    answers = valid_answers(health_conditions=["heart"])
    counts = {}
    counts["start GET"], _ = count(lambda: client.get(reverse("questionnaire:start")))
    counts["start POST"], response = count(lambda: client.post(reverse("questionnaire:start")))
    token = response["Location"].split("/")[2]
    for step in steps.STEPS:
        url = journey.step_url(token, step.slug)
        counts[f"{step.slug} GET"], response = count(lambda url=url: client.get(url))
        assert response.status_code == 200
        data = journey.post_data(step, answers)
        counts[f"{step.slug} POST"], response = count(lambda url=url, data=data: client.post(url, data))
        assert response.status_code == 302
    counts["check GET"], response = count(lambda: client.get(journey.check_url(token)))
    assert response.status_code == 200
    counts["check POST (submit)"], response = count(lambda: client.post(journey.check_url(token)))
    result_url = response["Location"]
    counts["result GET"], response = count(lambda: client.get(result_url))
    assert response.status_code == 200
    code = result_url.strip("/").split("/")[-1]
    contact = {"name": "A", "email": "a@example.com", "phone": "", "consent": "on"}
    counts["contact POST"], response = count(
        lambda: client.post(reverse("questionnaire:contact", args=[code]), contact)
    )
    assert response.status_code == 302
    counts["result GET with contact"], _ = count(lambda: client.get(result_url))
    counts["contact POST with an error"], response = count(
        lambda: client.post(reverse("questionnaire:contact", args=[code]), {**contact, "consent": ""})
    )
    assert response.status_code == 302
    counts["result GET showing the error"], response = count(lambda: client.get(result_url))
    assert response.status_code == 200
    counts["contact remove POST"], _ = count(lambda: client.post(reverse("questionnaire:contact_remove", args=[code])))
    link = reverse("questionnaire:private_result", args=[drafts.link_token_of(client.session, code)])
    counts["private link GET in another browser"], response = count(lambda: Client().get(link))
    assert response.status_code == 200
    counts["delete confirmation GET"], response = count(lambda: Client().get(link + "delete/"))
    assert response.status_code == 200
    return counts


def test_patient_pages_use_few_queries_that_do_not_grow_with_stored_submissions():
    # Each walk starts with an empty cache, so the submit loads the published criteria: the worst case is pinned.
    cache.clear()
    few = walk_and_count()
    for submission in SubmissionFactory.create_batch(30):
        ContactRequestFactory(submission=submission)
    cache.clear()
    many = walk_and_count()
    print("\nqueries per patient page:", *(f"  {page}: {number}" for page, number in few.items()), sep="\n")
    assert many == few
    assert max(few.values()) <= MAX_QUERIES_PER_PAGE, few
    # With the published criteria cached (hsct_screen.criteria.cache), a submit skips their four queries.
    warm = walk_and_count()
    assert warm["check POST (submit)"] == few["check POST (submit)"] - 4
