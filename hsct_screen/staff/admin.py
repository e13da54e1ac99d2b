"""Read-only admin views of reviews for superusers; staff work in the staff workspace, not here."""

from django.contrib import admin

from hsct_screen.staff.models import AuditEvent, Review, ReviewEvent, ReviewNote


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


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log, to read and search; the model itself also refuses changes and deletes."""

    list_display = ["created_at", "actor_label", "action", "reference_code", "identifiable", "row_count"]
    list_filter = ["action", "identifiable"]
    search_fields = ["reference_code", "actor_label"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "actor",
        "actor_label",
        "action",
        "submission",
        "reference_code",
        "identifiable",
        "row_count",
        "details",
        "reason",
    ]
    list_select_related = False

    def get_actions(self, request):
        # No "delete selected" either.
        return {}
