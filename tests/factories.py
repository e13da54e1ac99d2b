"""All test factories, in one module."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from hsct_screen.criteria.models import CriteriaSet, Criterion
from hsct_screen.questionnaire.models import ContactRequest, Outcome, Submission, new_reference_code


def answers(*, on=None, **overrides):
    """A complete, valid set of answers that meets every default criterion on `on` (default today).

    Override any key; `key=...` leaves the key out.
    """
    base = {
        "ms_type": "rrms",
        "diagnosis_year": (on or timezone.localdate()).year - 4,
        "walking": "no_limit",
        "relapses_12m": "two_or_more",
        "mri_activity_12m": "yes",
        "dmt_failures": "one",
        "high_efficacy_dmt_failed": "no",
        "age": 34,
        "health_conditions": [],
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not ...}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@clinic.example")
    password = factory.django.Password("correct horse battery staple")


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    identifier = factory.Sequence(lambda n: f"test-set-{n}")
    name = factory.Sequence(lambda n: f"Test set {n}")
    status = CriteriaSet.Status.DRAFT


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    key = "walking"
    settings = factory.LazyFunction(lambda: {"accepted": ["no_limit", "unaided_short", "one_aid"]})
    title = "Walking"
    text_met = "met"
    text_not_met = "not met"
    text_unknown = "unknown"


def published_set() -> CriteriaSet:
    return CriteriaSet.objects.get(status=CriteriaSet.Status.PUBLISHED)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    reference_code = factory.LazyFunction(new_reference_code)
    evaluated_on = factory.LazyFunction(timezone.localdate)
    answers = factory.LazyFunction(answers)
    outcome = Outcome.POSSIBLE_CANDIDATE
    criteria_set = factory.LazyFunction(published_set)
    result = factory.LazyAttribute(
        lambda o: {
            "outcome": o.outcome,
            "criteria_version": o.criteria_set.identifier,
            "criteria": [],
            "advisories": [],
        }
    )


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    submission = factory.SubFactory(SubmissionFactory)
    name = factory.Faker("name")
    email = factory.Faker("safe_email")
    phone = ""
    consent_given_at = factory.LazyFunction(timezone.now)


class ClinicInfoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learn.ClinicInfo"

    name = "Riverside MS Centre"
    phone = "+44 20 7946 0000"
    email = "ms.team@clinic.example"
    website = "https://clinic.example/ms"
    opening_hours = "Monday to Friday, 9am to 5pm"
    referral_steps = "1. Ask your neurologist to email the MS team.\n2. We will call you within 2 weeks."
