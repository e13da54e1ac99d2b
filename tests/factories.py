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


# --- staff workspace: realistic demo submissions (appended by the staff helper) ---


def demo_answers(on):
    """Plausible answers from people with MS, spread like a real clinic's enquiries; always valid."""
    import factory.random

    from hsct_screen.questionnaire.answers import validate_answers

    rng = factory.random.randgen
    dmt_failures = rng.choices(["none", "one", "two_or_more", "unsure"], weights=[20, 40, 30, 10])[0]
    data = {
        "ms_type": rng.choices(["rrms", "spms", "ppms", "cis", "unsure"], weights=[70, 10, 7, 5, 8])[0],
        "diagnosis_year": max(1940, on.year - min(int(rng.expovariate(1 / 5)), 40)),
        "walking": rng.choices(
            ["no_limit", "unaided_short", "one_aid", "two_aids", "wheelchair"], weights=[35, 25, 20, 12, 8]
        )[0],
        "relapses_12m": rng.choices(["none", "one", "two_or_more", "unsure"], weights=[20, 30, 35, 15])[0],
        "mri_activity_12m": rng.choices(["yes", "no", "unsure"], weights=[40, 35, 25])[0],
        "dmt_failures": dmt_failures,
        "age": min(80, max(16, int(rng.gauss(40, 10)))),
        "health_conditions": (
            sorted(
                rng.sample(["heart", "lung", "kidney", "liver", "cancer", "infection", "pregnancy"], rng.randint(1, 2))
            )
            if rng.random() < 0.15
            else []
        ),
    }
    if dmt_failures in ("one", "two_or_more") and rng.random() < 0.9:
        data["high_efficacy_dmt_failed"] = rng.choices(["yes", "no", "unsure"], weights=[30, 50, 20])[0]
    return validate_answers(data, today=on)


def _recent_moment():
    """Some moment in the last six months."""
    from datetime import timedelta

    import factory.random

    return timezone.now() - timedelta(minutes=factory.random.randgen.randint(0, 182 * 24 * 60))


def _demo_result(o):
    from hsct_screen.criteria.services import evaluate_answers

    result, _criteria_set = evaluate_answers(o.answers, on=o.evaluated_on, criteria_set=o.criteria_set)
    return result.as_dict()


class DemoSubmissionFactory(SubmissionFactory):
    """A submission from some time in the last six months, with its result really evaluated."""

    created_at = factory.LazyFunction(_recent_moment)
    evaluated_on = factory.LazyAttribute(lambda o: timezone.localdate(o.created_at))
    answers = factory.LazyAttribute(lambda o: demo_answers(o.evaluated_on))
    result = factory.LazyAttribute(_demo_result)
    outcome = factory.LazyAttribute(lambda o: o.result["outcome"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # created_at is auto_now_add, so back-date it after the insert.
        created_at = kwargs.pop("created_at")
        submission = super()._create(model_class, *args, **kwargs)
        model_class.objects.filter(pk=submission.pk).update(created_at=created_at)
        submission.created_at = created_at
        return submission


# --- end staff workspace ---
