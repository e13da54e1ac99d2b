"""App configuration of the edge layer; registers its deploy checks."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hsct_screen.web"
    verbose_name = "Web edge"

    def ready(self):
        from hsct_screen.web import checks  # noqa: F401  (registers the checks)
