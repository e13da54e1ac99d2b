"""Management commands of the staff workspace."""
