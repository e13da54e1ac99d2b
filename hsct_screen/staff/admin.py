"""Read-only admin views of reviews for superusers; staff work in the staff workspace, not here."""

from django.contrib import admin

from hsct_screen.staff.models import Review, ReviewEvent, ReviewNote


class ReadOnlyAdmin(admin.ModelAdmin):
    """The timeline is a record: nobody adds, edits or deletes it from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["submission", "status", "assignee", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["submission", "assignee"]


@admin.register(ReviewNote)
class ReviewNoteAdmin(ReadOnlyAdmin):
    list_display = ["submission", "author", "created_at"]
    list_select_related = ["submission", "author"]


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ["submission", "kind", "actor", "created_at", "from_value", "to_value"]
    list_filter = ["kind"]
    list_select_related = ["submission", "actor"]
