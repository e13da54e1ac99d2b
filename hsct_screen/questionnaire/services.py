"""Writes of the patient journey: storing a finished screening and, with consent, contact details."""

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.questionnaire.answers import validate_answers
from hsct_screen.questionnaire.models import ContactRequest, Submission, new_reference_code

logger = logging.getLogger(__name__)

# With 23**8 possible codes a clash is very rare; a few tries make a failure practically impossible.
REFERENCE_CODE_ATTEMPTS = 5


def submission_create(*, answers: Mapping[str, Any], today: date, submission_key: str | None = None) -> Submission:
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
        result, criteria_set = evaluate_answers(clean, on=today)
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
                        result=result.as_dict(),
                        criteria_set=criteria_set,
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


def contact_request_create(*, submission: Submission, name: str, email: str, phone: str) -> ContactRequest:
    """Store contact details the person agreed to share; a new request replaces the earlier one."""
    with transaction.atomic():
        ContactRequest.objects.filter(submission=submission).delete()
        contact = ContactRequest.objects.create(
            submission=submission, name=name, email=email, phone=phone, consent_given_at=timezone.now()
        )
    logger.info("contact request stored for submission id=%s", submission.pk)
    return contact


def contact_request_delete(*, submission: Submission) -> bool:
    """Remove the person's contact details; True when there were some."""
    with transaction.atomic():
        deleted, _per_model = ContactRequest.objects.filter(submission=submission).delete()
    if deleted:
        logger.info("contact request removed for submission id=%s", submission.pk)
    return bool(deleted)
