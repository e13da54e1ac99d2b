"""Reads for the learn app."""


def clinic_info():
    """The clinic's details shown on result pages, or None when none are set (stub)."""
    return None
