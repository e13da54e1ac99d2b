"""Reads for the learn app."""

from hsct_screen.learn.models import ClinicInfo


def clinic_info() -> ClinicInfo | None:
    """The clinic's details shown on result pages: the most recently updated row, or None when none are set."""
    return ClinicInfo.objects.order_by("-updated_at", "-pk").first()
