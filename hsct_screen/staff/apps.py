"""App configuration of the clinic staff workspace."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "hsct_screen.staff"
    verbose_name = _("Staff")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from hsct_screen.questionnaire.models import ContactRequest, Submission
        from hsct_screen.staff import figures
        from hsct_screen.staff.models import Review

        # The queue's counts and the overview count these rows; any change makes them count again.
        for model in (Submission, Review, ContactRequest):
            post_save.connect(figures.invalidate, sender=model, dispatch_uid=f"staff-figures-save-{model.__name__}")
            post_delete.connect(figures.invalidate, sender=model, dispatch_uid=f"staff-figures-delete-{model.__name__}")
