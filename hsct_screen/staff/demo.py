"""Demo data made from plain Python (random with an optional seed), so `manage.py demo` runs in the Docker image
without the test-only packages: plausible answers, really evaluated submissions, contact requests, review
history and the clinic's details. Demo contact details use reserved example domains and phone ranges."""

import random
from datetime import timedelta

from django.utils import timezone

from hsct_screen.criteria import translations
from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.learn.models import ClinicInfo, HsctProvision, NotificationMode
from hsct_screen.questionnaire.answers import validate_answers
from hsct_screen.questionnaire.models import ContactEvent, ContactRequest, Submission, new_reference_code
from hsct_screen.questionnaire.services import result_as_seen
from hsct_screen.staff import figures as staff_figures

FIRST_NAMES = ("Alex", "Sam", "Priya", "Tomasz", "Grace", "Noor", "Jamie", "Chen", "Maria", "Olu", "Fiona", "Dev")
LAST_NAMES = ("Morgan", "Patel", "Nowak", "Okafor", "Smith", "Khan", "Evans", "Li", "Garcia", "Murphy", "Jones")
CONDITIONS = ("heart", "lung", "kidney", "liver", "cancer", "infection", "pregnancy")
DAYS_BACK = 182

CLINIC = {
    "name": "Riverside MS Centre (demo)",
    "hsct_provision": HsctProvision.NO,
    "phone": "+44 20 7946 0000",
    "email": "ms.team@clinic.example",
    "website": "https://clinic.example/ms",
    "opening_hours": "Monday to Friday, 9am to 5pm",
    "referral_steps": (
        "1. Ask your neurologist or GP to email the MS team with your latest clinic letter.\n"
        "2. The team replies within two weeks to say whether an appointment makes sense."
    ),
    "notification_emails": "ms.team@clinic.example",
    "notification_mode": NotificationMode.IMMEDIATE,
}


def demo_answers(rng: random.Random, on) -> dict:
    """Plausible answers from people with MS, spread like a real clinic's enquiries; always valid."""
    dmt_failures = rng.choices(["none", "one", "two_or_more", "unsure"], weights=[20, 40, 30, 10])[0]
    age = min(80, max(16, int(rng.gauss(40, 10))))
    # Diagnosed at least ten years after birth: a diagnosis before birth is refused (contract v2).
    years_since_diagnosis = min(int(rng.expovariate(1 / 5)), 40, age - 10)
    data = {
        "ms_type": rng.choices(["rrms", "spms", "ppms", "cis", "unsure"], weights=[70, 10, 7, 5, 8])[0],
        "diagnosis_year": max(1940, on.year - years_since_diagnosis),
        "walking": rng.choices(
            ["no_limit", "unaided_short", "one_aid", "two_aids", "wheelchair"], weights=[35, 25, 20, 12, 8]
        )[0],
        "relapses_12m": rng.choices(["none", "one", "two_or_more", "unsure"], weights=[20, 30, 35, 15])[0],
        "mri_activity_12m": rng.choices(["yes", "no", "unsure"], weights=[40, 35, 25])[0],
        "dmt_failures": dmt_failures,
        "age": age,
        "health_conditions": sorted(rng.sample(CONDITIONS, rng.randint(1, 2))) if rng.random() < 0.15 else [],
    }
    if dmt_failures in ("one", "two_or_more") and rng.random() < 0.9:
        data["high_efficacy_dmt_failed"] = rng.choices(["yes", "no", "unsure"], weights=[30, 50, 20])[0]
    return validate_answers(data, today=on)


def demo_submission(rng: random.Random, criteria_set) -> Submission:
    """A submission from some time in the last six months, its result really evaluated, back-dated."""
    created_at = timezone.now() - timedelta(minutes=rng.randint(0, DAYS_BACK * 24 * 60))
    on = timezone.localdate(created_at)
    answers = demo_answers(rng, on)
    result, _criteria_set = evaluate_answers(
        answers, on=on, criteria_set=criteria_set, language=translations.default_language()
    )
    submission = Submission.objects.create(
        reference_code=new_reference_code(),
        evaluated_on=on,
        answers=answers,
        outcome=str(result.outcome),
        result=result_as_seen(result.as_dict(), answers, today=on, criteria_set=criteria_set),
        criteria_set=criteria_set,
    )
    # created_at is auto_now_add, so back-date it after the insert.
    Submission.objects.filter(pk=submission.pk).update(created_at=created_at)
    # update() sends no signal: the cached queue and overview figures must still see the new date.
    staff_figures.invalidate()
    submission.created_at = created_at
    return submission


def demo_contact(rng: random.Random, submission: Submission) -> ContactRequest:
    """Contact details on reserved example ranges (Ofcom's 07700 900xxx drama numbers, example.org)."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    phone = rng.choice(["", f"07700 900{rng.randint(0, 999):03d}", f"+44 7700 900{rng.randint(0, 999):03d}"])
    email = f"{first}.{last}{rng.randint(1, 99)}@example.org".lower() if phone == "" or rng.random() < 0.6 else ""
    # Demo requests count as announced: a demo must not email the clinic's addresses about invented people.
    contact = ContactRequest.objects.create(
        submission=submission,
        name=f"{first} {last}",
        email=email,
        phone=phone,
        consent_given_at=submission.created_at,
        notified_at=submission.created_at,
    )
    event = ContactEvent.objects.create(submission=submission, kind=ContactEvent.Kind.ADDED)
    # Given with the answers, so the timeline shows it at the submission's time (auto_now_add, so afterwards).
    ContactEvent.objects.filter(pk=event.pk).update(created_at=submission.created_at)
    return contact


def demo_clinic() -> tuple[ClinicInfo, bool]:
    """The demo clinic's details, unless some are set already (a real clinic's are never overwritten)."""
    existing = ClinicInfo.objects.order_by("-updated_at", "-pk").first()
    if existing is not None:
        return existing, False
    clinic = ClinicInfo(**CLINIC)
    clinic.full_clean()
    clinic.save()
    return clinic, True
