"""Services and session drafts behind the web journey: storing a submission, contact details, draft ownership."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import IntegrityError

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.criteria.selectors import NoPublishedCriteria
from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.questionnaire import drafts, result_texts, services
from hsct_screen.questionnaire import models as questionnaire_models
from hsct_screen.questionnaire.answers import InvalidAnswers
from hsct_screen.questionnaire.models import REFERENCE_ALPHABET, ContactRequest, Submission, new_reference_code
from tests.factories import SubmissionFactory
from tests.factories import answers as valid_answers

CODE = re.compile(rf"^[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}$")


@pytest.mark.django_db
def test_submission_create_stores_the_clean_answers_and_the_result_as_evaluated(today):
    answers = valid_answers(dmt_failures="none", high_efficacy_dmt_failed="yes")
    submission = services.submission_create(answers=answers, today=today)
    expected, criteria_set = evaluate_answers(
        valid_answers(dmt_failures="none", high_efficacy_dmt_failed=...), on=today, language="en"
    )
    in_spanish, _set = evaluate_answers(
        valid_answers(dmt_failures="none", high_efficacy_dmt_failed=...), on=today, language="es"
    )
    submission.refresh_from_db()
    assert "high_efficacy_dmt_failed" not in submission.answers
    stored = dict(submission.result)
    assert stored.pop("translations") == {"es": result_texts.texts_of(in_spanish.as_dict())}
    assert stored == expected.as_dict()
    assert submission.outcome == expected.outcome == "unlikely_candidate"
    assert submission.criteria_set == criteria_set
    assert submission.evaluated_on == today
    assert CODE.match(submission.reference_code)


@pytest.mark.django_db
def test_submission_create_refuses_invalid_answers_and_stores_nothing(today):
    with pytest.raises(InvalidAnswers) as error:
        services.submission_create(answers=valid_answers(age=0, walking=...), today=today)
    assert set(error.value.errors) == {"age", "walking"}
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_submission_create_without_published_criteria_stores_nothing(today):
    CriteriaSet.objects.update(status=CriteriaSet.Status.RETIRED)
    with pytest.raises(NoPublishedCriteria):
        services.submission_create(answers=valid_answers(), today=today)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_a_clashing_reference_code_is_retried(today, monkeypatch):
    taken = SubmissionFactory(reference_code="AAAA-AAAA")
    codes = iter(["AAAA-AAAA", "AAAA-AAAA", "CCCC-DDDD"])
    monkeypatch.setattr("hsct_screen.questionnaire.services.new_reference_code", lambda: next(codes))
    submission = services.submission_create(answers=valid_answers(), today=today)
    assert submission.reference_code == "CCCC-DDDD"
    assert Submission.objects.exclude(pk=taken.pk).get() == submission


# A real transaction shows nothing half-saved survives; serialized_rollback restores the seeded
# criteria that a transactional test's flush would otherwise wipe for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_endless_clashes_fail_without_storing_anything(today, monkeypatch):
    SubmissionFactory(reference_code="AAAA-AAAA")
    monkeypatch.setattr("hsct_screen.questionnaire.services.new_reference_code", lambda: "AAAA-AAAA")
    with pytest.raises(IntegrityError):
        services.submission_create(answers=valid_answers(), today=today)
    assert Submission.objects.count() == 1


def test_reference_codes_are_short_readable_and_vary():
    codes = {new_reference_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(CODE.match(code) for code in codes)
    assert not set("01IOLSZB58UV") & set("".join(codes))
    assert questionnaire_models.REFERENCE_LENGTH == 8


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_reference_code():
    SubmissionFactory(reference_code="AAAA-AAAA")
    with pytest.raises(IntegrityError):
        SubmissionFactory(reference_code="AAAA-AAAA")


@pytest.mark.django_db
def test_contact_request_create_stores_and_replaces():
    submission = SubmissionFactory()
    first = services.contact_request_create(submission=submission, name="A", email="a@example.com", phone="")
    second = services.contact_request_create(submission=submission, name="B", email="", phone="01632 960001")
    assert list(ContactRequest.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.pk != second.pk
    assert second.consent_given_at is not None


@pytest.mark.django_db
def test_contact_request_delete_removes_only_that_submissions_details():
    kept = services.contact_request_create(submission=SubmissionFactory(), name="K", email="k@example.com", phone="")
    submission = SubmissionFactory()
    services.contact_request_create(submission=submission, name="A", email="a@example.com", phone="")
    assert services.contact_request_delete(submission=submission) is True
    assert services.contact_request_delete(submission=submission) is False
    assert list(ContactRequest.objects.all()) == [kept]


# Drafts in the session


def test_each_start_makes_a_new_unguessable_token():
    session = SessionStore()
    tokens = {drafts.draft_start(session).token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(token) >= 20 for token in tokens)


def test_a_token_from_another_session_finds_nothing():
    mine, theirs = SessionStore(), SessionStore()
    draft = drafts.draft_start(theirs)
    assert drafts.draft_get(mine, draft.token) is None
    assert drafts.draft_get(theirs, draft.token) is not None


def test_old_drafts_are_dropped_so_the_session_stays_small():
    session = SessionStore()
    first = drafts.draft_start(session)
    for _ in range(drafts.MAX_DRAFTS):
        drafts.draft_start(session)
    assert drafts.draft_get(session, first.token) is None
    assert len(session[drafts.SESSION_KEY]["drafts"]) == drafts.MAX_DRAFTS


def test_finishing_a_draft_forgets_its_answers_and_remembers_the_submission():
    session = SessionStore()
    draft = drafts.draft_save_answers(session, drafts.draft_start(session), {"ms_type": "rrms"})
    assert not drafts.owns_submission(session, "AAAA-AAAA")
    drafts.draft_finish(session, draft, "AAAA-AAAA")
    finished = drafts.draft_get(session, draft.token)
    assert finished.is_finished
    assert finished.answers == {}
    assert drafts.owns_submission(session, "AAAA-AAAA")
    assert not drafts.owns_submission(SessionStore(), "AAAA-AAAA")


def test_the_session_only_remembers_recent_submissions():
    session = SessionStore()
    for number in range(drafts.MAX_OWNED_SUBMISSIONS + 1):
        drafts.draft_finish(session, drafts.draft_start(session), f"CODE-{number:04d}")
    assert not drafts.owns_submission(session, "CODE-0000")
    assert drafts.owns_submission(session, f"CODE-{drafts.MAX_OWNED_SUBMISSIONS:04d}")
