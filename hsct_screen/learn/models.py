"""Clinic details shown to patients, editable in admin."""
