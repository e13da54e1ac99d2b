from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "hsct_screen.criteria"
    verbose_name = _("Screening criteria")
