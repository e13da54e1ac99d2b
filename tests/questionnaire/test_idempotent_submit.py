"""One questionnaire is stored at most once: repeated, stale and simultaneous submits all lead to one result."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection
from django.test import Client
from django.urls import resolve, reverse

from hsct_screen.questionnaire import drafts, services
from hsct_screen.questionnaire.models import Submission, link_token_hash
from tests.factories import answers as valid_answers
from tests.questionnaire import journey

PARALLEL_SUBMITS = 10


@pytest.mark.django_db
def test_a_draft_gets_its_own_submission_key_when_it_starts():
    client = Client()
    first, second = journey.start(client), journey.start(client)
    session = client.session

    keys = {drafts.draft_get(session, first).submission_key, drafts.draft_get(session, second).submission_key}

    assert len(keys) == 2
    assert all(len(key) >= 40 for key in keys)


@pytest.mark.django_db
def test_the_key_survives_answering_and_finishing_the_draft():
    client = Client()
    token = journey.start(client)
    key = drafts.draft_get(client.session, token).submission_key
    journey.answer_all(client, valid_answers(), token)

    assert drafts.draft_get(client.session, token).submission_key == key
    journey.submit(client, token)
    assert Submission.objects.get().submission_key == key


def test_a_draft_from_before_keys_existed_gets_the_same_key_on_every_request():
    session = {
        drafts.SESSION_KEY: {"drafts": {"old-token": {"answers": {}, "reference_code": None}}, "submissions": []}
    }

    first = drafts.draft_get(session, "old-token").submission_key
    again = drafts.draft_get(session, "old-token").submission_key

    assert first == again
    assert first


@pytest.mark.django_db
def test_submitting_the_same_key_twice_returns_the_stored_submission_unchanged(today):
    first = services.submission_create(answers=valid_answers(), today=today, submission_key="k" * 40)
    again = services.submission_create(answers=valid_answers(age=60), today=today, submission_key="k" * 40)

    assert again.pk == first.pk
    assert Submission.objects.get().answers["age"] == 34


@pytest.mark.django_db
def test_the_constraint_decides_when_the_look_up_beforehand_misses(today, monkeypatch):
    """A request that looked before the other one committed still ends with the stored row, not a second one."""
    stored = services.submission_create(answers=valid_answers(), today=today, submission_key="k" * 40)
    real_filter = Submission.objects.filter
    calls = []

    def blind_first_look(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            return Submission.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Submission.objects, "filter", blind_first_look)
    again = services.submission_create(answers=valid_answers(), today=today, submission_key="k" * 40)

    assert again.pk == stored.pk
    assert Submission.objects.count() == 1
    assert len(calls) == 2


@pytest.mark.django_db
def test_submissions_without_a_key_are_each_stored(today):
    services.submission_create(answers=valid_answers(), today=today)
    services.submission_create(answers=valid_answers(), today=today)

    assert Submission.objects.count() == 2


@pytest.mark.django_db
def test_a_submit_from_a_stale_session_leads_to_the_same_result_page():
    """The losing request of a double click read the session before the winner marked the draft finished."""
    client = Client()
    token = journey.answer_all(client, valid_answers())
    stale = client.session.load()  # the session as the second request read it
    first = journey.submit(client, token)

    session = client.session
    session.update(stale)
    session.save()
    for _ in range(3):
        again = journey.submit(client, token)
        assert again.status_code == 302
        assert again["Location"] == first["Location"]

    assert Submission.objects.count() == 1
    code = resolve(first["Location"]).kwargs["reference_code"]
    assert client.get(reverse("questionnaire:result", args=[code])).status_code == 200


def _post(url, cookie, body, results, barrier):
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie}, method="POST")  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    barrier.wait()
    try:
        with opener.open(request, timeout=30) as response:
            results.append((response.status, response.headers.get("Location")))
    except urllib.error.HTTPError as error:
        results.append((error.code, error.headers.get("Location")))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Real parallel HTTP requests need a real transaction; serialized_rollback restores the seeded criteria after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_final_submits_store_one_submission_and_all_lead_to_its_result(live_server):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL; SQLite serialises them (see the stale-session test)")
    client = Client()
    token = journey.answer_all(client, valid_answers())
    link_token = drafts.draft_get(client.session, token).link_token
    session_cookie = f"sessionid={client.cookies['sessionid'].value}"
    check_url = live_server.url + journey.check_url(token)
    # A real browser first loads the check page, which gives it the CSRF cookie and the form's token.
    page_request = urllib.request.Request(check_url, headers={"Cookie": session_cookie})  # noqa: S310
    page = urllib.request.urlopen(page_request, timeout=30)  # noqa: S310
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    cookie = f"{session_cookie}; csrftoken={csrf_cookie}"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": form_token}).encode()

    results, barrier = [], threading.Barrier(PARALLEL_SUBMITS)
    threads = [
        threading.Thread(target=_post, args=(check_url, cookie, body, results, barrier))
        for _ in range(PARALLEL_SUBMITS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    stored = Submission.objects.get()
    # Whichever request stored the row, its private link is the one every request put in the session.
    assert stored.link_token_hash == link_token_hash(link_token)
    assert len(results) == PARALLEL_SUBMITS
    assert {status for status, _location in results} == {302}
    assert {location for _status, location in results} == {
        reverse("questionnaire:result", args=[stored.reference_code])
    }


def test_simultaneous_writers_on_sqlite_wait_for_each_other_instead_of_failing(tmp_path, settings, django_db_blocker):
    """Two transactions that read and then write (as a submit does) would make SQLite refuse one at once with
    "database is locked" (the 500 of a double submit); with the write lock taken at the start, one waits."""
    import time

    from django.db.backends.sqlite3.base import DatabaseWrapper

    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("only SQLite locks the whole database")
    file_config = {**config, "NAME": str(tmp_path / "writers.sqlite3"), "TEST": {}}
    django_db_blocker.unblock()  # a scratch database file of this test's own, not the test database
    setup = DatabaseWrapper(file_config, alias="writers-setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE rows (n integer)")
    setup.close()

    errors, barrier = [], threading.Barrier(2)

    def read_then_write(n):
        wrapper = DatabaseWrapper(file_config, alias=f"writer-{n}")
        try:
            barrier.wait()
            with wrapper.cursor() as cursor:
                cursor.execute("BEGIN " + config.get("OPTIONS", {}).get("transaction_mode", "DEFERRED"))
                cursor.execute("SELECT count(*) FROM rows")
                time.sleep(0.2)
                cursor.execute("INSERT INTO rows VALUES (%s)", [n])
                cursor.execute("COMMIT")
        except Exception as error:  # the test reports whatever went wrong
            errors.append(error)
        finally:
            wrapper.close()

    threads = [threading.Thread(target=read_then_write, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    django_db_blocker.restore()

    assert errors == []


@pytest.mark.django_db
def test_a_repeated_submit_of_one_draft_keeps_the_private_link_that_was_stored(today):
    """Both submits carry the draft's link token, so whichever stores the row, the link shown opens it."""
    first = services.submission_create(
        answers=valid_answers(), today=today, submission_key="k" * 40, link_token="the-drafts-token"
    )
    again = services.submission_create(
        answers=valid_answers(), today=today, submission_key="k" * 40, link_token="the-drafts-token"
    )

    assert again.pk == first.pk
    assert first.link_token == again.link_token == "the-drafts-token"


@pytest.mark.django_db
def test_a_repeat_with_another_link_token_is_given_no_link_rather_than_a_broken_one(today):
    services.submission_create(answers=valid_answers(), today=today, submission_key="k" * 40, link_token="first")

    again = services.submission_create(
        answers=valid_answers(), today=today, submission_key="k" * 40, link_token="second"
    )

    assert again.link_token is None


@pytest.mark.django_db
def test_the_result_page_after_a_repeated_submit_shows_the_working_private_link():
    client = Client()
    token = journey.start(client)
    journey.answer_all(client, valid_answers(), token)
    journey.submit(client, token)
    # A second click of "Submit" from the same browser.
    page = client.post(reverse("questionnaire:check", args=[token]), follow=True).content.decode()

    link = re.search(r'id="private-link"[^>]*>.*?(http://testserver/r/[\w-]+/)', page, re.S).group(1)
    assert Client().get(link).status_code == 200
