"""Admin for criteria sets: drafts are edited through typed forms, previewed, then published; the rest is read-only."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from hsct_screen.criteria import selectors, services
from hsct_screen.criteria import translations as texts
from hsct_screen.criteria.forms import (
    TEXT_FIELDS,
    PublishForm,
    criteria_set_form_class,
    criterion_form_class,
    settings_fieldset_names,
    text_fieldset_names,
    translation_field_name,
)
from hsct_screen.criteria.labels import outcome_label, setting_label
from hsct_screen.criteria.models import CriteriaSet, Criterion
from hsct_screen.rules import KINDS

PUBLISH_PERMISSION = "criteria.publish_criteriaset"


def settings_summary(criterion: Criterion) -> str:
    """The settings in a line of plain words, for read-only lists."""
    parts = []
    for name, spec in KINDS[criterion.key].settings_schema.items() if criterion.key in KINDS else ():
        value = criterion.settings.get(name)
        if spec["type"] in {"choices", "messages"}:
            shown = ", ".join(str(item) for item in (value or ())) or "-"
        elif spec["type"] == "bool":
            shown = _("yes") if value else _("no")
        else:
            shown = str(value)
        parts.append(f"{setting_label(criterion.key, name)}: {shown}")
    return "; ".join(parts)


def translations_summary(obj, names) -> str:
    """The texts in other languages, one line each, for read-only pages (history, published sets)."""
    lines = []
    for language in texts.other_languages():
        for name in names:
            value = texts.text(obj, name, language) if (obj.translations.get(language) or {}).get(name) else ""
            lines.append((texts.field_label(type(obj), name, language), value or "–"))
    return format_html_join("", "<p><strong>{}</strong>: {}</p>", lines)


class NoHistoryRevertMixin:
    """History is for reading: a past version is restored by copying, never by posting an old form."""

    # The package's own list template carries an inline style, which the content security policy blocks.
    object_history_list_template = "admin/criteria/object_history_list.html"

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    can_delete = False
    show_change_link = False
    fields = ["position", "edit_link", "key", "required", "enabled", "settings_display"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Criteria are edited one at a time through their typed form, never as raw inline rows.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("title"))
    def edit_link(self, criterion):
        url = reverse("admin:criteria_criterion_change", args=[criterion.pk])
        return format_html('<a href="{}">{}</a>', url, criterion.title)

    @admin.display(description=_("settings"))
    def settings_display(self, criterion):
        return settings_summary(criterion)


COMPARISON_FIELDS = [
    "kind",
    "recruitment_status",
    "status_checked_on",
    "source_citation",
    "source_url",
    "registry_url",
    "countries",
    "listed",
    "comparison_order",
]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(NoHistoryRevertMixin, SimpleHistoryAdmin):
    list_display = ["name", "status", "kind", "recruitment_status", "status_check", "listed", "comparison_order"]
    list_filter = ["status", "kind", "listed"]
    search_fields = ["name", "identifier"]
    inlines = [CriterionInline]
    actions = ["copy_to_draft"]
    change_form_template = "admin/criteria/criteriaset/change_form.html"
    readonly_fields = ["status", "created_at", "created_by", "published_at", "change_note"]
    history_list_display = ["status", "recruitment_status", "status_checked_on", "listed"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_inlines(self, request, obj):
        # A new set gets its criteria when saved (see save_model), so the add page has none to show.
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = criteria_set_form_class()
        return super().get_form(request, obj, change=change, **kwargs)

    @staticmethod
    def _with_translations(name: str) -> tuple[str, ...]:
        """A text and its translations, on one line (side by side when wide)."""
        return (name, *(translation_field_name(name, language) for language in texts.other_languages()))

    def get_fieldsets(self, request, obj=None):
        if obj is None or obj.is_editable():
            own = [self._with_translations("name"), "identifier", self._with_translations("description")]
        else:
            own = ["name", "identifier", "description", "translations_display"]
        fieldsets = [(None, {"fields": own, "classes": ["translated-texts"]})]
        fieldsets.append(
            (
                _("Comparison beside each person's result"),
                {
                    "classes": ["translated-texts"],
                    "fields": [
                        self._with_translations(name) if name == "countries" else name for name in COMPARISON_FIELDS
                    ],
                    "description": _(
                        "These details can be changed on any set, including published and retired ones; the "
                        "criteria themselves change only in a draft. Past results keep what they showed."
                    ),
                },
            )
        )
        if obj is not None:
            fieldsets.append((_("Publishing"), {"fields": self.readonly_fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable():
            # Published and retired sets keep their criteria and texts; only the comparison details move.
            return ["name", "identifier", "description", "translations_display", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description=_("translations"))
    def translations_display(self, criteria_set):
        return translations_summary(criteria_set, ("name", "description"))

    @admin.display(description=_("status checked"), ordering="status_checked_on")
    def status_check(self, criteria_set):
        if not criteria_set.listed:
            return "-"
        if criteria_set.status_is_stale(timezone.localdate()):
            checked = criteria_set.status_checked_on
            message = (
                _("Stale: not checked since %(date)s") % {"date": date_format(checked)}
                if checked
                else _("Stale: never checked")
            )
            return format_html("<strong>{}</strong>", message)
        return date_format(criteria_set.status_checked_on)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # A published set, or one that submissions point to, must never go in a bulk delete.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj) or obj is None:
            return False
        return obj.is_editable() and not obj.submissions.exists()

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A draft's criteria belong to it and go with it, though none can be deleted on its own.
        perms_needed.discard(Criterion._meta.verbose_name)
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.criteria_set_create_draft(criteria_set=obj, user=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = dict(extra_context or {})
        if obj is not None:
            can_edit = self.has_change_permission(request, obj) and obj.is_editable()
            extra_context["preview_url"] = (
                reverse("admin:criteria_criteriaset_preview", args=[obj.pk]) if can_edit else ""
            )
            extra_context["copy_url"] = (
                reverse("admin:criteria_criteriaset_copy", args=[obj.pk]) if self.has_add_permission(request) else ""
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Copy to a new draft"), permissions=["add"])
    def copy_to_draft(self, request, queryset):
        for criteria_set in queryset.prefetch_related("criteria"):
            draft = services.criteria_set_copy(source=criteria_set, user=request.user)
            self.message_user(
                request, _("Made the draft “%(identifier)s”.") % {"identifier": draft.identifier}, messages.SUCCESS
            )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview/", wrap(self.preview_view), name="criteria_criteriaset_preview"),
            path(
                "<path:object_id>/publish/", wrap(require_POST(self.publish_view)), name="criteria_criteriaset_publish"
            ),
            path("<path:object_id>/copy/", wrap(self.copy_view), name="criteria_criteriaset_copy"),
            *super().get_urls(),
        ]

    # --- custom views -------------------------------------------------------------------------

    def _get_set_or_404(self, object_id) -> CriteriaSet:
        object_id = unquote(object_id)
        criteria_set = None
        if object_id.isdigit():
            criteria_set = CriteriaSet.objects.filter(pk=object_id).prefetch_related("criteria").first()
        if criteria_set is None:
            raise Http404(_("No criteria set with that id."))
        return criteria_set

    def _preview_limit(self, request) -> int:
        try:
            limit = int(request.GET.get("n", selectors.PREVIEW_DEFAULT_SUBMISSIONS))
        except ValueError:
            return selectors.PREVIEW_DEFAULT_SUBMISSIONS
        return max(1, min(limit, selectors.PREVIEW_MAX_SUBMISSIONS))

    def _render_preview(self, request, draft: CriteriaSet, form: PublishForm, status: int = 200):
        limit = self._preview_limit(request)
        published = CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).prefetch_related("criteria").first()
        examples = selectors.preview_examples(draft, published)
        submissions = selectors.preview_submissions(draft, limit=limit)
        no_set = _("(no published set)")

        def label(value, default=no_set):
            return outcome_label(value, default)

        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Preview and publish: %(name)s") % {"name": draft.name},
            "draft": draft,
            "published": published,
            "examples": [
                {
                    "name": row.name,
                    "before": label(row.published_outcome),
                    "after": label(row.draft_outcome),
                    "changed": row.changed,
                }
                for row in examples
            ],
            "examples_changed": sum(1 for row in examples if row.changed),
            "submissions": submissions,
            "submission_changes": [
                {
                    "before": label(change.before, change.before),
                    "after": label(change.after, change.after),
                    "count": change.count,
                    "submissions": [(code, reverse("staff:detail", args=[code])) for code in change.reference_codes],
                }
                for change in submissions.changes
            ],
            "limit": limit,
            "diff": selectors.criteria_set_diff(draft, published),
            "problems": selectors.publish_problems(draft, published),
            "form": form,
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        }
        return TemplateResponse(request, "admin/criteria/criteriaset/preview.html", context, status=status)

    def preview_view(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        draft = self._get_set_or_404(object_id)
        if not draft.is_editable():
            self.message_user(request, _("Only a draft can be previewed and published."), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:criteria_criteriaset_change", args=[draft.pk]))
        published = CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).first()
        initial = {
            "fingerprint": selectors.criteria_set_fingerprint(draft),
            # Suggest the name of the set it replaces and the next version label, never the draft's own.
            "name": published.name if published else "",
            **{
                translation_field_name("name", language): (published.translations.get(language) or {}).get("name", "")
                for language in texts.other_languages()
                if published is not None
            },
            "identifier": services.suggested_identifier(published),
        }
        return self._render_preview(request, draft, PublishForm(initial=initial))

    def publish_view(self, request, object_id):
        if not (self.has_change_permission(request) and request.user.has_perm(PUBLISH_PERMISSION)):
            raise PermissionDenied
        draft = self._get_set_or_404(object_id)
        change_url = reverse("admin:criteria_criteriaset_change", args=[draft.pk])
        if not draft.is_editable():
            self.message_user(request, _("Only a draft can be published."), messages.ERROR)
            return HttpResponseRedirect(change_url)
        current = selectors.criteria_set_fingerprint(draft)
        data = request.POST.copy()
        previewed = data.get("fingerprint")
        # The next attempt should carry the draft as it is now, once the admin has seen its preview.
        data["fingerprint"] = current
        form = PublishForm(data)
        valid = form.is_valid()
        if previewed != current:
            form.add_error(
                None,
                _("The draft was changed after this preview was made. Check the new preview below before publishing.")
                if previewed
                else _("Open the preview of this draft before publishing it."),
            )
        if not valid or previewed != current:
            return self._render_preview(request, draft, form, status=400)
        try:
            draft = services.criteria_set_publish(
                criteria_set=draft,
                user=request.user,
                note=form.cleaned_data["change_note"],
                name=form.cleaned_data["name"],
                identifier=form.cleaned_data["identifier"],
                translated_names=form.translated_names(),
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
            return self._render_preview(request, draft, form, status=400)
        except services.CriteriaSetNotDraft:
            self.message_user(request, _("Only a draft can be published."), messages.ERROR)
            return HttpResponseRedirect(change_url)
        except services.PublishConflict:
            self.message_user(
                request,
                _(
                    "Another criteria set was published at the same moment, so this one was not. Check which set is in use, then try again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        self.message_user(
            request,
            _("Published “%(name)s”. New screenings use it from now on; past results are unchanged.")
            % {"name": draft.name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url)

    def copy_view(self, request, object_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        source = self._get_set_or_404(object_id)
        if request.method == "POST":
            draft = services.criteria_set_copy(source=source, user=request.user)
            self.message_user(
                request,
                _("Made the draft “%(identifier)s”. Edit its criteria, then preview and publish it.")
                % {"identifier": draft.identifier},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:criteria_criteriaset_change", args=[draft.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Copy to a new draft: %(name)s") % {"name": source.name},
            "source": source,
        }
        return TemplateResponse(request, "admin/criteria/criteriaset/copy.html", context)


@admin.register(Criterion)
class CriterionAdmin(NoHistoryRevertMixin, SimpleHistoryAdmin):
    list_display = ["title", "key", "criteria_set", "required", "enabled"]
    list_filter = ["required", "enabled", "key"]
    list_select_related = ["criteria_set"]
    search_fields = ["title", "criteria_set__identifier"]
    history_list_display = ["required", "enabled"]

    def has_add_permission(self, request):
        # Every draft comes with one criterion of each kind; admins switch them on or off instead.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.criteria_set.is_editable())

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criteria_set")

    def _editable(self, request, obj) -> bool:
        return obj is not None and obj.key in KINDS and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if not self._editable(request, obj):
            return [
                (None, {"fields": ["criteria_set", "key", "position", "title", "required", "enabled"]}),
                (_("Settings"), {"fields": ["settings_display"]}),
                (_("Texts patients see"), {"fields": [*TEXT_FIELDS, "learn_more", "translations_display"]}),
            ]
        return [
            (None, {"fields": ["criteria_set", "key", "position", "required", "enabled"]}),
            (
                _("Texts patients see"),
                {
                    # Each English text and its translations on one line: side by side when wide, stacked when narrow.
                    "fields": [*text_fieldset_names(), "learn_more"],
                    "classes": ["translated-texts"],
                    "description": _(
                        "Write each text in every language. A set cannot be published while an English text "
                        "has no translation, so nobody reads English on a page in another language."
                    ),
                },
            ),
            (_("Settings"), {"fields": settings_fieldset_names(obj.key), "classes": ["translated-texts"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["criteria_set", "key", "position", "settings_display", "translations_display"]

    @admin.display(description=_("translations"))
    def translations_display(self, criterion):
        return translations_summary(criterion, texts.CRITERION_TEXTS)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._editable(request, obj):
            kwargs["form"] = criterion_form_class(obj.key)
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=_("settings"))
    def settings_display(self, criterion):
        return settings_summary(criterion)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        # "Save" goes back to the set being edited, not to the list of every set's criteria.
        if "_continue" not in request.POST and "_saveasnew" not in request.POST and response.status_code == 302:
            return HttpResponseRedirect(reverse("admin:criteria_criteriaset_change", args=[obj.criteria_set_id]))
        return response
