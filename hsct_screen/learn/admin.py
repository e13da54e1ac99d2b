"""Admin for the clinic details patients see; every change is kept in history."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hsct_screen.learn.models import ClinicInfo


class ClinicInfoForm(forms.ModelForm):
    # A website typed without a scheme should become https://, never http://.
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = ClinicInfo
        fields = [
            "name",
            "hsct_provision",
            "phone",
            "email",
            "website",
            "opening_hours",
            "referral_steps",
            "notification_emails",
            "notification_mode",
        ]


@admin.register(ClinicInfo)
class ClinicInfoAdmin(SimpleHistoryAdmin):
    form = ClinicInfoForm
    list_display = ["name", "hsct_provision", "phone", "email", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (
            _("Shown to patients"),
            {"fields": ["name", "hsct_provision", "phone", "email", "website", "opening_hours", "referral_steps"]},
        ),
        (
            _("Contact request notifications (staff only)"),
            {"fields": ["notification_emails", "notification_mode"]},
        ),
        (None, {"fields": ["updated_at"]}),
    ]
