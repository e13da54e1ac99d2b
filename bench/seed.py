"""Fill a bench database with realistic submissions, fast, and hand back a logged-in staff cookie.

Run as `python -m bench.seed --count N` with DATABASE_URL set (the bench does this in a process of its
own, one per database): it migrates, brings the submissions to exactly N, and prints one JSON line.
Answers are drawn like a clinic's real enquiries and evaluated by the app's own service
(`evaluate_answers`) with the published criteria; rows are written with COPY on PostgreSQL (bulk_create elsewhere) in batches.
A database that already holds N submissions is reused as it is.
"""

import argparse
import json
import math
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

# How far back submissions go: the default retention, the most a live system keeps.
WINDOW_DAYS = 365
# Distinct answer sets evaluated per day; rows of the same day reuse them (evaluating each row would be slow).
ANSWERS_PER_DAY = 8
BATCH_SIZE = 2000
STAFF_USERNAME = "bench-staff"
CLINIC_STAFF = "Clinic staff"
STAFF_PERMISSIONS = ("review_submission", "export_submissions")

# Rough shares of a clinic's enquiries; values the contract adds later get weight 1.
WEIGHTS = {
    "ms_type": {"rrms": 70, "spms": 10, "ppms": 7, "cis": 5, "unsure": 8},
    "walking": {"no_limit": 35, "unaided_short": 25, "one_aid": 20, "two_aids": 12, "wheelchair": 8},
    "relapses_12m": {"none": 20, "one": 30, "two_or_more": 35, "unsure": 15},
    "mri_activity_12m": {"yes": 40, "no": 35, "unsure": 20},
    "dmt_failures": {"none": 20, "one": 40, "two_or_more": 30, "unsure": 10},
    "high_efficacy_dmt_failed": {"yes": 30, "no": 50, "unsure": 20},
}


def realistic_answers(rng: random.Random, on: date) -> dict:
    """One person's raw answers on `on`, before validation: plausible, and valid for the contract."""
    from hsct_screen.rules import answers as a

    def pick(key):
        values = a.CHOICES[key]
        return rng.choices(values, weights=[WEIGHTS.get(key, {}).get(value, 1) for value in values])[0]

    age = min(80, max(18, round(rng.gauss(41, 10))))
    # Diagnosed a few years ago, mostly; never before the age of ten.
    years_since = min(int(rng.expovariate(1 / 5)), age - 10, on.year - a.MIN_DIAGNOSIS_YEAR)
    data = {key: pick(key) for key in a.CHOICES if key != a.HIGH_EFFICACY_FAILED}
    data[a.DIAGNOSIS_YEAR] = on.year - years_since
    data[a.AGE] = age
    data[a.HEALTH_CONDITIONS] = sorted(rng.sample(a.CONDITIONS, rng.randint(1, 2))) if rng.random() < 0.15 else []
    if a.high_efficacy_applies(data[a.DMT_FAILURES]) and rng.random() < 0.9:
        data[a.HIGH_EFFICACY_FAILED] = pick(a.HIGH_EFFICACY_FAILED)
    return data


@contextmanager
def _keep_created_at(model):
    """Let bulk_create store the back-dated created_at instead of "now" (the field is auto_now_add)."""
    created_at = model._meta.get_field("created_at")
    saved = created_at.auto_now_add
    created_at.auto_now_add = False
    try:
        yield
    finally:
        created_at.auto_now_add = saved


def insert(model, objects: list) -> list:
    """Insert many new rows and set their primary keys: COPY on PostgreSQL, bulk_create elsewhere.

    COPY takes each field's value exactly as Django's own INSERT would (pre_save, then get_db_prep_save),
    so fields that other branches add with defaults keep working.
    """
    from django.db import connection

    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(connection.ops.quote_name(name) for name in [meta.pk.column, *(f.column for f in fields)])
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row(
                    [obj.pk, *(field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields)]
                )
    return objects


@dataclass
class SeedReport:
    count: int
    created: int
    deleted: int
    evaluated: int
    seconds: float

    @property
    def reused(self) -> bool:
        return self.created == 0 and self.deleted == 0


def staff_user():
    """The bench's clinic staff member (no password: the bench logs in with a session made here)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    user, created = get_user_model().objects.get_or_create(username=STAFF_USERNAME)
    if created:
        user.set_unusable_password()
        user.save()
    group, _created = Group.objects.get_or_create(name=CLINIC_STAFF)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="staff", codename__in=STAFF_PERMISSIONS))
    user.groups.add(group)
    return user


def staff_cookies(user) -> dict[str, str]:
    """Session cookies of a fresh login for `user`, as a browser would hold them."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client = Client()
    client.force_login(user)
    # Staff pages ask for a second factor (STAFF_REQUIRE_2FA, on with DEBUG off): mark the session verified
    # with a device of the bench's own, as django_otp.login does after a correct code.
    device, _created = StaticDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return {name: morsel.value for name, morsel in client.cookies.items()}


def _evaluated_pool(rng, days: list[date], per_day: int):
    """`per_day` answer sets for each day, each with its result from the published criteria."""
    from hsct_screen.criteria.selectors import published_criteria_set
    from hsct_screen.criteria.services import evaluate_answers
    from hsct_screen.questionnaire.answers import validate_answers

    criteria_set = published_criteria_set()
    pool, evaluated = {}, 0
    for day in days:
        entries = []
        for _index in range(per_day):
            clean = validate_answers(realistic_answers(rng, day), today=day)
            result, _set = evaluate_answers(clean, on=day, criteria_set=criteria_set)
            evaluated += 1
            entries.append((clean, result.as_dict(), str(result.outcome)))
        pool[day] = entries
    return pool, evaluated, criteria_set


def _add(count: int, rng: random.Random, now: datetime, reviewer, log) -> int:
    """Create `count` submissions spread over the last WINDOW_DAYS, with contacts and reviews like a clinic's."""
    from django.db import transaction
    from django.utils import timezone

    from hsct_screen.questionnaire.models import ContactRequest, Submission, new_reference_code
    from hsct_screen.staff.models import Review, ReviewStatus

    window = timedelta(days=WINDOW_DAYS)
    moments = sorted(now - window * rng.random() for _index in range(count))
    days = sorted({timezone.localdate(moment) for moment in moments})
    per_day = max(1, min(ANSWERS_PER_DAY, math.ceil(count / len(days))))
    pool, evaluated, criteria_set = _evaluated_pool(rng, days, per_day)
    log(f"  evaluated {evaluated} answer sets over {len(days)} days")

    taken = set(Submission.objects.values_list("reference_code", flat=True))
    done = 0
    with _keep_created_at(Submission), transaction.atomic():
        for start in range(0, count, BATCH_SIZE):
            rows = []
            for moment in moments[start : start + BATCH_SIZE]:
                day = timezone.localdate(moment)
                answers, result, outcome = rng.choice(pool[day])
                code = new_reference_code()
                while code in taken:
                    code = new_reference_code()
                taken.add(code)
                rows.append(
                    Submission(
                        reference_code=code,
                        created_at=moment,
                        evaluated_on=day,
                        answers=answers,
                        outcome=outcome,
                        result=result,
                        criteria_set=criteria_set,
                    )
                )
            created = insert(Submission, rows)
            contacts, reviews = [], []
            for submission in created:
                wants_contact = rng.random() < (0.45 if submission.outcome == "possible_candidate" else 0.15)
                if wants_contact:
                    # Made-up details on a reserved domain: no real person's data.
                    contacts.append(
                        ContactRequest(
                            submission=submission,
                            name="Bench Person",
                            email=f"person-{submission.reference_code.lower()}@example.org",
                            consent_given_at=submission.created_at + timedelta(minutes=2),
                        )
                    )
                age = now - submission.created_at
                if (age > timedelta(days=7) and rng.random() < 0.55) or rng.random() < 0.1:
                    status = rng.choices(
                        [ReviewStatus.IN_REVIEW, ReviewStatus.CONTACTED, ReviewStatus.CLOSED], weights=[35, 25, 40]
                    )[0]
                    reviews.append(Review(submission=submission, status=status, assignee=reviewer))
            insert(ContactRequest, contacts)
            insert(Review, reviews)
            done += len(created)
            if done % (BATCH_SIZE * 10) == 0 or done == count:
                log(f"  {done} of {count} submissions written")
    return evaluated


def seed(count: int, *, seed_value: int = 9, now: datetime | None = None, log=lambda message: None) -> SeedReport:
    """Bring the submissions to exactly `count`: reuse, top up, or trim the newest extras."""
    from django.utils import timezone

    from hsct_screen.questionnaire.models import Submission

    started = time.perf_counter()
    now = now or timezone.now()
    reviewer = staff_user()
    existing = Submission.objects.count()
    created = deleted = evaluated = 0
    if existing < count:
        rng = random.Random(seed_value + existing)  # noqa: S311 - made-up data, not secrets
        evaluated = _add(count - existing, rng, now, reviewer, log)
        created = count - existing
    elif existing > count:
        extra = list(Submission.objects.order_by("-pk").values_list("pk", flat=True)[: existing - count])
        for start in range(0, len(extra), BATCH_SIZE):
            Submission.objects.filter(pk__in=extra[start : start + BATCH_SIZE]).delete()
        deleted = len(extra)
    return SeedReport(
        count=Submission.objects.count(),
        created=created,
        deleted=deleted,
        evaluated=evaluated,
        seconds=round(time.perf_counter() - started, 2),
    )


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would give a live database in time.

    Right after a bulk load PostgreSQL has none, and picks plans no running system would (a filtered
    queue took 43 ms instead of 5 ms that way). Every run analyses, so runs stay comparable.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="how many submissions the database should hold")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 or more")

    import django

    django.setup()
    from django.core.management import call_command

    def log(message):
        print(message, file=sys.stderr, flush=True)

    call_command("migrate", interactive=False, verbosity=0)
    report = seed(args.count, log=log)
    analyse()
    cookies = staff_cookies(staff_user())
    print(json.dumps({**asdict(report), "reused": report.reused, "cookies": cookies}))
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hsct_screen.settings")
    sys.exit(main())
