"""App configuration of the clinic staff workspace."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "hsct_screen.staff"
    verbose_name = _("Staff")
