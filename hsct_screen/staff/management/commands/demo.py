"""Create demo staff users, the clinic's details and a few hundred realistic submissions, so a newcomer can try
every role. Built from hsct_screen.staff.demo (plain Python), so it runs without the development packages."""

import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from hsct_screen.criteria.selectors import NoPublishedCriteria, published_criteria_set
from hsct_screen.questionnaire.models import Submission
from hsct_screen.staff import demo, services
from hsct_screen.staff.models import ReviewEvent, ReviewNote, ReviewStatus

CLINIC_STAFF = "Clinic staff"
CRITERIA_EDITORS = "Criteria editors"
STAFF_USERNAME = "demo-staff"
EDITOR_USERNAME = "demo-editor"
NOTES = (
    "Left a voicemail; will try again on Thursday.",
    "Spoke to the person. Their neurologist will send the latest MRI report.",
    "Asked for the letter that names the MS type.",
    "Discussed at the team meeting: worth a clinic appointment.",
    "Told them the tool is not a decision and to talk to their neurologist.",
)


class Command(BaseCommand):
    help = "Create a demo clinic staff user, a demo criteria editor and realistic demo submissions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--submissions",
            type=int,
            default=300,
            help="How many submissions there should be in total (default 300). Only the shortfall is created.",
        )
        parser.add_argument("--password", help="Password for both demo users (default: a new random one each).")
        parser.add_argument("--seed", type=int, help="Seed the random answers, for repeatable demo data.")
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG is off: this looks like a real system. Add --force to create demo users anyway.")
        if options["submissions"] < 0:
            raise CommandError("--submissions must be 0 or more.")
        try:
            criteria_set = published_criteria_set()
        except NoPublishedCriteria as error:
            raise CommandError("No criteria set is published; run `python manage.py migrate` first.") from error
        rng = random.Random(options["seed"])  # noqa: S311 - demo data, not secrets

        with transaction.atomic():
            staff, staff_password = self.demo_user(STAFF_USERNAME, CLINIC_STAFF, options["password"], is_staff=False)
            editor, editor_password = self.demo_user(
                EDITOR_USERNAME, CRITERIA_EDITORS, options["password"], is_staff=True
            )
            clinic, clinic_created = demo.demo_clinic()
            existing = Submission.objects.count()
            wanted = max(0, options["submissions"] - existing)
            for _index in range(wanted):
                self.demo_submission(rng, criteria_set, staff)

        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Submissions: {wanted} created, {existing + wanted} in total.")
        state = "created" if clinic_created else "already set, left as they are"
        self.stdout.write(f"Clinic details: {clinic.name} ({state}; criteria editors can change them in /admin/).")
        self.stdout.write("")
        self.stdout.write("Run `python manage.py runserver`, then log in at http://127.0.0.1:8000/staff/login/")
        self.stdout.write(f"  Clinic staff (queue, overview, export at /staff/):  {staff.username} / {staff_password}")
        self.stdout.write(
            f"  Criteria editor (criteria in /admin/):              {editor.username} / {editor_password}"
        )
        self.stdout.write("  Superuser (everything): python manage.py createsuperuser")
        self.stdout.write("  Patient (no login): http://127.0.0.1:8000/")

    def demo_user(self, username, group_name, password, *, is_staff):
        """Create or reset one demo user in its group; returns the user and the password to print."""
        password = password or secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(username=username)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(f"The password is too weak: {' '.join(error.messages)}") from error
        user.set_password(password)
        user.is_active = True
        user.is_staff = is_staff
        user.is_superuser = False
        user.email = f"{username}@clinic.example"
        user.save()
        group, created = Group.objects.get_or_create(name=group_name)
        if created:
            self.stderr.write(f"Note: the group '{group_name}' did not exist; it was created without permissions.")
        user.groups.add(group)
        return user, password

    def demo_submission(self, rng, criteria_set, staff):
        """One submission, sometimes with contact details, and for older ones some review history."""
        submission = demo.demo_submission(rng, criteria_set)
        wants_contact = rng.random() < (0.45 if submission.outcome == "possible_candidate" else 0.15)
        if wants_contact:
            demo.demo_contact(rng, submission)
        # Only older submissions have history, so back-dated events never land in the future.
        if timezone.now() - submission.created_at > timedelta(days=7) and rng.random() < 0.55:
            self.demo_review(submission, staff, wants_contact, rng)

    def demo_review(self, submission, staff, wants_contact, rng):
        """Walk a submission through the workflow as a member of staff would, back-dated after it arrived."""
        services.review_assign(submission=submission, user=staff, assignee=staff)
        services.review_status_change(submission=submission, user=staff, status=ReviewStatus.IN_REVIEW)
        if rng.random() < 0.6:
            services.review_note_add(submission=submission, user=staff, text=rng.choice(NOTES))
        if wants_contact and rng.random() < 0.6:
            services.review_status_change(submission=submission, user=staff, status=ReviewStatus.CONTACTED)
        if rng.random() < 0.4:
            services.review_status_change(submission=submission, user=staff, status=ReviewStatus.CLOSED)
        when = submission.created_at + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8))
        ReviewEvent.objects.filter(submission=submission).update(created_at=when)
        ReviewNote.objects.filter(submission=submission).update(created_at=when)
