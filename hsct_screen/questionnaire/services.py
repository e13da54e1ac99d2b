"""Writes of the patient journey: storing a finished screening and, with consent, contact details."""

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hsct_screen.criteria import translations
from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.questionnaire import notifications, result_texts
from hsct_screen.questionnaire.answers import validate_answers
from hsct_screen.questionnaire.models import (
    ContactEvent,
    ContactRequest,
    DeletedSubmission,
    Submission,
    link_token_hash,
    new_link_token,
    new_reference_code,
)

logger = logging.getLogger(__name__)

# With 23**8 possible codes a clash is very rare; a few tries make a failure practically impossible.
REFERENCE_CODE_ATTEMPTS = 5


def submission_create(
    *, answers: Mapping[str, Any], today: date, submission_key: str | None = None, link_token: str | None = None
) -> Submission:
    """See `_submission_create`; also gives the submission its private link token as `link_token`.

    The token is only on the returned object, never stored: the database keeps its hash. A draft passes
    the token it was given when it started, so parallel submits of one questionnaire all carry the token
    of the one stored row. A repeat without that token (or a different one) gets `link_token` None.
    """
    token = link_token or new_link_token()
    submission = _submission_create(
        answers=answers, today=today, link_hash=link_token_hash(token), submission_key=submission_key
    )
    submission.link_token = token if submission.link_token_hash == link_token_hash(token) else None
    return submission


def _submission_create(
    *, answers: Mapping[str, Any], today: date, link_hash: str, submission_key: str | None = None
) -> Submission:
    """Validate every answer again, evaluate with the published criteria and store the result as seen.

    With a `submission_key` (the draft's), the questionnaire is stored at most once: a submit whose key is
    already stored, by an earlier or a simultaneous request, returns that stored submission unchanged. The
    unique constraint decides, not a look-up beforehand, so two requests at once cannot both insert.

    Raises `InvalidAnswers` for bad answers and `NoPublishedCriteria` when nothing can be evaluated;
    in both cases nothing is stored.
    """
    if submission_key and (stored := Submission.objects.filter(submission_key=submission_key).first()):
        return stored
    clean = validate_answers(dict(answers), today=today)
    with transaction.atomic():
        result, criteria_set = evaluate_answers(clean, on=today, language=translations.default_language())
        stored_result = result_as_seen(result.as_dict(), clean, today=today)
        for attempt in range(1, REFERENCE_CODE_ATTEMPTS + 1):
            try:
                # A savepoint, so a clashing code rolls back only this insert and we can try another.
                with transaction.atomic():
                    submission = Submission.objects.create(
                        reference_code=new_reference_code(),
                        submission_key=submission_key or None,
                        evaluated_on=today,
                        answers=clean,
                        outcome=str(result.outcome),
                        result=stored_result,
                        criteria_set=criteria_set,
                        link_token_hash=link_hash,
                    )
            except IntegrityError:
                # Another request stored this questionnaire first (it waited for that one to commit):
                # the person gets the result already stored.
                if submission_key and (stored := Submission.objects.filter(submission_key=submission_key).first()):
                    logger.info("submission already stored id=%s", stored.pk)
                    return stored
                if attempt == REFERENCE_CODE_ATTEMPTS:
                    raise
                continue
            break
    # Only the record id: answers and outcomes are health data and stay out of logs.
    logger.info("submission stored id=%s", submission.pk)
    return submission


def result_as_seen(
    result: dict[str, Any], answers: Mapping[str, Any], *, today: date, criteria_set=None
) -> dict[str, Any]:
    """The English result (the contract's shape) with its words in every other language beside it.

    Each language is a real evaluation of the same answers with the same set (the published one unless
    `criteria_set` is given), so the private link, the print view and staff read the result in their own
    language exactly as it was then.
    """
    words = {}
    for language in translations.other_languages():
        translated, _criteria_set = evaluate_answers(answers, on=today, language=language, criteria_set=criteria_set)
        # A publish between the two evaluations would mix two sets' words: keep the English only then.
        if translated.criteria_version == result["criteria_version"]:
            words[language] = result_texts.texts_of(translated.as_dict())
    return {**result, result_texts.TRANSLATIONS_KEY: words} if words else result


def contact_request_create(*, submission: Submission, name: str, email: str, phone: str) -> ContactRequest:
    """Store contact details the person agreed to share; a new request replaces the earlier one.

    The timeline gets a contact event, and the clinic is told once the request is committed (see notifications).
    """
    with transaction.atomic():
        earlier = ContactRequest.objects.filter(submission=submission).only("pk", "notified_at").first()
        if earlier is not None:
            earlier.delete()
        contact = ContactRequest.objects.create(
            submission=submission,
            name=name,
            email=email,
            phone=phone,
            consent_given_at=timezone.now(),
            # Replaced details: the clinic already knows this code is waiting; one email per request is enough.
            notified_at=earlier.notified_at if earlier is not None else None,
        )
        ContactEvent.objects.create(
            submission=submission, kind=ContactEvent.Kind.REPLACED if earlier is not None else ContactEvent.Kind.ADDED
        )
        if contact.notified_at is None:
            notifications.contact_request_notify_on_commit(contact)
    logger.info("contact request stored for submission id=%s", submission.pk)
    return contact


def contact_request_delete(*, submission: Submission) -> bool:
    """Remove the person's contact details; True when there were some."""
    with transaction.atomic():
        deleted, _per_model = ContactRequest.objects.filter(submission=submission).delete()
        if deleted:
            ContactEvent.objects.create(submission=submission, kind=ContactEvent.Kind.REMOVED)
    if deleted:
        logger.info("contact request removed for submission id=%s", submission.pk)
    return bool(deleted)


def submission_delete(*, submission: Submission) -> None:
    """Delete the whole submission (answers, result, contact details, staff notes) at the person's request.

    A tombstone with only the hashed link token stays, so the private link can say it was deleted.
    """
    with transaction.atomic():
        if submission.link_token_hash:
            DeletedSubmission.objects.get_or_create(link_token_hash=submission.link_token_hash)
        submission_id = submission.pk
        submission.delete()
    logger.info("submission deleted by its owner id=%s", submission_id)
