"""App configuration of the edge layer; registers its deploy checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "hsct_screen.web"
    verbose_name = _("Web edge")

    def ready(self):
        from hsct_screen.web import (
            checks,  # noqa: F401  (registers the checks)
            lifecycle,
            tokens,
        )

        tokens.use_for_tokens()
        lifecycle.use_cheaper_request_finished()
