"""Third-party apps under names that can be translated, so the admin index reads Spanish in Spanish.

Each class is the app's own AppConfig with a translated verbose_name (Django's documented way to rename an app);
INSTALLED_APPS lists these classes instead of the bare app modules. App labels and models stay the same, so no
migration changes. Model names that the app leaves untranslatable are set, translated, when the app is
ready: only `_meta.verbose_name(_plural)`, never `original_attrs`, which migrations read.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OTPStaticAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPAppConfig


def _name_models(app_config, names):
    for model_name, (singular, plural) in names.items():
        options = app_config.get_model(model_name)._meta
        options.verbose_name = singular
        options.verbose_name_plural = plural


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts (Axes)")

    def ready(self):
        super().ready()
        # The same words django-axes marks for translation: here so that makemessages puts them in our catalogue
        # (django-axes ships no Spanish).
        _name_models(
            self,
            {
                "AccessAttempt": (_("access attempt"), _("access attempts")),
                "AccessFailureLog": (_("access failure"), _("access failures")),
                "AccessLog": (_("access log"), _("access logs")),
                "AccessAttemptExpiration": (_("access attempt expiration"), _("access attempt expirations")),
            },
        )


class OTPStaticConfig(OTPStaticAppConfig):
    verbose_name = _("Two-factor sign-in: recovery codes")

    def ready(self):
        super().ready()
        _name_models(
            self,
            {
                "StaticDevice": (_("static device"), _("static devices")),
                "StaticToken": (_("static token"), _("static tokens")),
            },
        )


class OTPTOTPConfig(OTPTOTPAppConfig):
    verbose_name = _("Two-factor sign-in: authenticator apps")

    def ready(self):
        super().ready()
        _name_models(self, {"TOTPDevice": (_("TOTP device"), _("TOTP devices"))})
