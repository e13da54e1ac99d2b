"""A plain admin for criteria sets; safe editing and publishing build on it."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hsct_screen.criteria.models import CriteriaSet, Criterion


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "identifier", "status", "published_at"]
    list_filter = ["status"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "key", "criteria_set", "required", "enabled"]
    list_filter = ["criteria_set", "required", "enabled"]
