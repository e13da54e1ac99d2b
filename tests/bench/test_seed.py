"""Seeding: realistic answers evaluated by the app's own service, fast inserts, reuse, and a staff login."""

import random
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bench import seed
from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.questionnaire.answers import validate_answers
from hsct_screen.questionnaire.models import ContactRequest, Submission
from hsct_screen.staff.models import Review


def test_realistic_answers_are_always_valid_and_varied(today):
    rng = random.Random(1)
    drawn = [seed.realistic_answers(rng, today) for _ in range(400)]
    for answers in drawn:
        validate_answers(answers, today=today)
    assert len({answers["ms_type"] for answers in drawn}) >= 4
    assert any(answers["health_conditions"] for answers in drawn)


@pytest.mark.django_db
def test_seeding_stores_results_the_evaluate_service_gives_spread_over_the_year():
    report = seed.seed(40)
    assert (report.count, report.created, report.deleted) == (40, 40, 0)
    submissions = list(Submission.objects.all())
    for submission in submissions:
        expected, _set = evaluate_answers(submission.answers, on=submission.evaluated_on)
        assert submission.result == expected.as_dict()
        assert submission.outcome == submission.result["outcome"]
        assert submission.evaluated_on == timezone.localdate(submission.created_at)
    now = timezone.now()
    ages = [now - submission.created_at for submission in submissions]
    assert max(ages) > timedelta(days=30) and min(ages) >= timedelta(0) and max(ages) <= timedelta(days=366)
    assert len({submission.reference_code for submission in submissions}) == 40
    contacts = ContactRequest.objects.select_related("submission")
    assert all(contact.consent_given_at > contact.submission.created_at for contact in contacts)
    assert Review.objects.filter(assignee__username=seed.STAFF_USERNAME).exists()


@pytest.mark.django_db
def test_a_seeded_database_is_reused_topped_up_or_trimmed_to_the_size_asked():
    seed.seed(30)
    assert seed.seed(30).reused
    topped = seed.seed(45)
    assert (topped.created, topped.count) == (15, 45)
    trimmed = seed.seed(20)
    assert (trimmed.deleted, trimmed.count) == (25, 20)
    # created_at is auto_now_add again once seeding is done.
    assert Submission._meta.get_field("created_at").auto_now_add


@pytest.mark.django_db
def test_the_staff_cookie_opens_the_queue():
    cookies = seed.staff_cookies(seed.staff_user())
    browser = Client()
    browser.cookies.load(cookies)
    assert browser.get("/staff/").status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_seeding_postgresql_has_planner_statistics():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL keeps planner statistics that a bulk load leaves empty")
    seed.seed(5)
    seed.analyse()  # VACUUM cannot run inside the transaction a normal test wraps itself in
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s", ["staff_review"])
        assert cursor.fetchone() == (True,)
