"""Third-party apps and models read Spanish in the Spanish admin, under the same labels and migrations."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _admin_index_names(client: Client, language: str) -> dict[tuple[str, str], str]:
    """Every name on the admin index in the given language: (app label, "" for the app or the model) → name."""
    # The override puts back the language active before, which the request's LocaleMiddleware would leave changed;
    # the names are lazy, so they are read inside it.
    with translation.override(language):
        response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        names = {}
        for app in response.context["app_list"]:
            names[app["app_label"], ""] = str(app["name"])
            for model in app["models"]:
                names[app["app_label"], model["object_name"]] = str(model["name"])
    return names


def test_the_spanish_admin_index_shows_no_app_or_model_under_its_english_name():
    client = Client()
    client.force_login(UserFactory(username="ada-admin", is_staff=True, is_superuser=True))
    english = _admin_index_names(client, "en")
    spanish = _admin_index_names(client, "es")

    assert english.keys() == spanish.keys()
    assert {("axes", ""), ("otp_static", "StaticDevice"), ("otp_totp", "TOTPDevice"), ("learn", "")} <= set(spanish)
    assert [key for key, name in spanish.items() if name == english[key]] == []


def test_third_party_apps_keep_their_labels_and_need_no_new_migration():
    for label in ("axes", "otp_static", "otp_totp"):
        assert apps.get_app_config(label).label == label

    # Raises SystemExit if renaming the apps or their models would change a migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_web_edge_app_name_is_translated():
    with translation.override("es"):
        assert str(apps.get_app_config("web").verbose_name) == "Capa web"
