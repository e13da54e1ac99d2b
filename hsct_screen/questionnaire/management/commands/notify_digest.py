"""`manage.py notify_digest`: email the clinic every contact request it has not been told about yet.

Run daily (docker-compose.yml does). For a clinic set to "daily digest" this is its notification; for one
set to "immediately" it resends the requests whose email failed, so none is lost.
"""

from django.core.management.base import BaseCommand

from hsct_screen.questionnaire.notifications import digest_send


class Command(BaseCommand):
    help = "Email the clinic's notification addresses a list of contact requests not yet announced."

    def handle(self, *args, **options):
        count = digest_send()
        self.stdout.write(f"Contact requests announced: {count}.")
