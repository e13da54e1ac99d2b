"""Views of the clinic staff workspace: log in and two-factor sign-in, the queue, one submission, CSV export,
the overview, deleting a submission on request and the audit log."""

from functools import wraps

import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hsct_screen.questionnaire.labels import answer_rows
from hsct_screen.questionnaire.models import Outcome
from hsct_screen.staff import charts, export, selectors, services, two_factor
from hsct_screen.staff.forms import (
    AssignForm,
    BulkChangeForm,
    CodeForm,
    EraseForm,
    NoteForm,
    OverviewPeriodForm,
    QueueFilterForm,
    StatusForm,
)
from hsct_screen.staff.models import ReviewStatus

REVIEW = "staff.review_submission"
EXPORT = "staff.export_submissions"
ERASE = "staff.erase_submission"
AUDIT = "staff.view_auditevent"
PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50


def staff_permission_required(permission: str):
    """Anonymous people go to the login page; people logged in without the permission get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def _home_url(user) -> str:
    # Criteria editors work in the admin; sending them to the queue would only show a 403.
    if not user.has_perm(REVIEW) and user.is_staff:
        return reverse("admin:index")
    return reverse("staff:queue")


class StaffLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return _home_url(self.request.user)


login = StaffLoginView.as_view()
logout = auth_views.LogoutView.as_view()


def _statuses() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in ReviewStatus.choices]


def _outcomes() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Outcome.choices]


@require_GET
@staff_permission_required(REVIEW)
def queue(request):
    form = QueueFilterForm(request.GET, user=request.user)
    oldest_first = False
    if form.is_valid():
        filters = form.filters()
        oldest_first = filters.oldest_first
        submissions = selectors.queue(filters)
        counts = selectors.queue_counts(filters)
        if filters.searches_contact_details:
            services.audit_contact_searched(user=request.user, filters=filters, row_count=counts["total"])
    else:
        # Show what is wrong rather than a list that only looks filtered.
        submissions, counts = selectors.queue(selectors.QueueFilters()).none(), None
    paginator = Paginator(submissions, PAGE_SIZE)
    if counts:
        # The counts already hold the total: the paginator need not count the rows again.
        paginator.count = counts["total"]
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "staff/queue.html",
        {
            "form": form,
            # Its own ids: the filter form above has fields of the same names.
            "bulk_form": BulkChangeForm(auto_id="id_bulk_%s"),
            "oldest_first": oldest_first,
            "now": timezone.now(),
            "page": page,
            "counts": counts,
            "outcome_counts": [(v, label, counts["outcomes"][v]) for v, label in _outcomes()] if counts else [],
            "status_counts": [(v, label, counts["statuses"][v]) for v, label in _statuses()] if counts else [],
            "can_export": request.user.has_perm(EXPORT),
        },
    )


def _render_detail(request, submission, *, status=200, **forms):
    """The detail page; showing contact details is recorded in the audit first, so it is on the timeline."""
    if getattr(submission, "contact_request", None) is not None:
        services.audit_contact_viewed(submission=submission, user=request.user)
    context = _detail_context(submission, **forms)
    context["can_erase"] = request.user.has_perm(ERASE)
    return render(request, "staff/detail.html", context, status=status)


def _detail_context(submission, **forms):
    review = getattr(submission, "review", None)
    context = {
        "submission": submission,
        "assignee": review.assignee if review else None,
        "contact": getattr(submission, "contact_request", None),
        "answers": answer_rows(submission.answers),
        # The result as the person saw it, in the reader's language when it was stored in that language too.
        "findings": selectors.result_as_read(submission).get("criteria", []),
        "advisories": selectors.result_as_read(submission).get("advisories", []),
        "timeline": selectors.timeline(submission),
        "review_status_label": ReviewStatus(review.status if review else ReviewStatus.NEW).label,
        "status_form": StatusForm(initial={"status": review.status if review else ReviewStatus.NEW}),
        "assign_form": AssignForm(initial={"assignee": review.assignee_id if review else None}),
        "note_form": NoteForm(),
    }
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


def _get_submission(reference_code):
    return get_object_or_404(selectors.submission_for_review(reference_code))


@require_GET
@staff_permission_required(REVIEW)
def detail(request, reference_code):
    submission = _get_submission(reference_code)
    if submission.reference_code != reference_code:
        return redirect("staff:detail", reference_code=submission.reference_code)
    return _render_detail(request, submission)


def _change(request, reference_code, form_class, form_name, apply):
    """Shared flow of the three POST-only changes: validate, write through a service, redirect or show errors."""
    submission = _get_submission(reference_code)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = apply(submission, form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            if message:
                messages.success(request, message)
            return HttpResponseRedirect(reverse("staff:detail", args=[submission.reference_code]))
    return _render_detail(request, submission, status=400, **{form_name: form})


@staff_permission_required(REVIEW)
@require_POST
def change_status(request, reference_code):
    def apply(submission, data):
        services.review_status_change(submission=submission, user=request.user, status=data["status"])
        return _("Review status is now “%(status)s”.") % {"status": ReviewStatus(data["status"]).label}

    return _change(request, reference_code, StatusForm, "status_form", apply)


@staff_permission_required(REVIEW)
@require_POST
def assign(request, reference_code):
    def apply(submission, data):
        assignee = data["assignee"]
        services.review_assign(submission=submission, user=request.user, assignee=assignee)
        if assignee is None:
            return _("Nobody is assigned now.")
        return _("Assigned to %(name)s.") % {"name": assignee.get_username()}

    return _change(request, reference_code, AssignForm, "assign_form", apply)


@staff_permission_required(REVIEW)
@require_POST
def add_note(request, reference_code):
    def apply(submission, data):
        services.review_note_add(submission=submission, user=request.user, text=data["text"])
        return _("Note added.")

    return _change(request, reference_code, NoteForm, "note_form", apply)


def _queue_return_url(request) -> str:
    """Back to the queue with the filters the change was made from (only a query string is taken)."""
    # Parsed and encoded again, so it is only ever a query string after "/staff/?": no other site, no line breaks.
    query = QueryDict(request.POST.get("return_query", "")[:2000]).urlencode()
    return f"{reverse('staff:queue')}?{query}" if query else reverse("staff:queue")


@staff_permission_required(REVIEW)
@require_POST
def bulk_change(request):
    """Ticked submissions from the queue: a page listing what will change, then the change on confirming."""
    form = BulkChangeForm(request.POST)
    return_url = _queue_return_url(request)
    context = {
        "form": form,
        "return_url": return_url,
        "return_query": QueryDict(request.POST.get("return_query", "")[:2000]).urlencode(),
        "statuses": _statuses(),
    }
    if not form.is_valid():
        return render(request, "staff/bulk_confirm.html", context, status=400)
    chosen = form.chosen()
    if request.POST.get("confirm") != "yes":
        status_label = ReviewStatus(form.cleaned_data["status"]).label if form.cleaned_data["status"] else None
        context.update({"chosen": chosen, "new_status": status_label, "new_assignee": form.new_assignee})
        context["changes_assignee"] = form.changes_assignee
        return render(request, "staff/bulk_confirm.html", context)
    try:
        count = services.review_bulk_change(
            submissions=chosen,
            user=request.user,
            status=form.cleaned_data["status"],
            change_assignee=form.changes_assignee,
            assignee=form.new_assignee,
        )
    except ValidationError as error:
        for text in error.messages:
            form.add_error(None, text)
        return render(request, "staff/bulk_confirm.html", context, status=400)
    message = ngettext(
        "%(count)d submission changed; its timeline shows the change.",
        "%(count)d submissions changed; each timeline shows the change.",
        count,
    ) % {"count": count}
    if count < len(chosen):
        unchanged = len(chosen) - count
        message += " " + ngettext(
            "%(count)d already had it and was left as it was.",
            "%(count)d already had it and were left as they were.",
            unchanged,
        ) % {"count": unchanged}
    messages.success(request, message)
    return HttpResponseRedirect(return_url)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_permission_required(EXPORT)
def export_csv(request):
    """De-identified: straight to the file. With contact details: a confirmation page first, then a POST."""
    data = request.POST if request.method == "POST" else request.GET
    form = QueueFilterForm(data, user=request.user)
    if not form.is_valid():
        # The queue shows what is wrong with the same filters.
        messages.error(request, _("Fix the filters before exporting."))
        return HttpResponseRedirect(f"{reverse('staff:queue')}?{data.urlencode()}")
    deidentified = request.method != "POST" and request.GET.get("deidentified") in ("1", "yes", "on", "true")
    submissions = selectors.export_queryset(form.filters())
    counts = selectors.export_counts(submissions)
    if request.method != "POST" and not deidentified:
        return render(request, "staff/export_confirm.html", {"form": form, "counts": counts})
    services.audit_export(
        user=request.user, filters=form.filters(), row_count=counts["rows"], identifiable=not deidentified
    )
    response = StreamingHttpResponse(
        export.csv_lines(submissions, deidentified=deidentified), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"submissions-{'deidentified-' if deidentified else ''}{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@staff_permission_required(ERASE)
def erase(request, reference_code):
    submission = _get_submission(reference_code)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_erase(submission=submission, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(
                request,
                _("Submission %(code)s and everything stored with it have been deleted.")
                % {"code": submission.reference_code},
            )
            return HttpResponseRedirect(reverse("staff:queue"))
    status = 400 if request.method == "POST" else 200
    return render(request, "staff/erase_confirm.html", {"submission": submission, "form": form}, status=status)


@require_GET
@staff_permission_required(AUDIT)
def audit(request):
    page = Paginator(selectors.audit_log(), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staff/audit.html", {"page": page, "owner_deletions": selectors.owner_deletions()})


@require_GET
@staff_permission_required(REVIEW)
def overview(request):
    form = OverviewPeriodForm(request.GET)
    context = {"form": form}
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        weeks = selectors.weekly_outcomes(start, end)
        series = [charts.Series(key=value, label=label) for value, label in _outcomes()]
        totals = {item.key: sum(week.counts[item.key] for week in weeks) for item in series}
        total = sum(totals.values())
        mix = [(item, totals[item.key]) for item in series]
        period = _("%(start)s to %(end)s") % {"start": start.isoformat(), "end": end.isoformat()}
        context.update(
            {
                # Show the period in use, also when it was the default.
                "form": OverviewPeriodForm({"start": start.isoformat(), "end": end.isoformat()}),
                "start": start,
                "end": end,
                "weeks": weeks,
                "week_rows": [
                    {
                        "start": week.week_start,
                        "counts": [week.counts[item.key] for item in series],
                        "total": week.total,
                    }
                    for week in weeks
                ],
                "series": series,
                "total": total,
                "mix": [
                    {"label": item.label, "count": count, "share": round(100 * count / total) if total else 0}
                    for item, count in mix
                ],
                "weekly_chart": charts.weekly_stacked_bars(
                    weeks,
                    series,
                    chart_id="weekly-chart",
                    title=_("Submissions per week by outcome, %(period)s") % {"period": period},
                    description=_("Stacked bars, one per week. The same figures are in the table below."),
                ),
                "mix_chart": charts.horizontal_bars(
                    mix,
                    chart_id="mix-chart",
                    title=_("Outcome mix, %(period)s") % {"period": period},
                    description=_(
                        "One bar per outcome with its count and share. The same figures are in the table below."
                    ),
                ),
            }
        )
    return render(request, "staff/overview.html", context)


def _next_url(request) -> str:
    """Where to go after signing in: the page asked for, if it is on this site, else the person's home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return _home_url(request.user)


def _wrong_code_message(*, waiting: bool, confirmed: bool) -> str:
    if waiting:
        # Each wrong code doubles the wait before the next try, so guessing takes too long to work.
        return _("Too many wrong codes in a row. Wait a few seconds, then enter the code the app shows at that time.")
    if confirmed:
        return _(
            "That code did not work. Enter the code the app shows now (check the phone's clock is right), "
            "or a recovery code you have not used."
        )
    return _("That code did not work. Enter the code the app shows now, and check the phone's clock is right.")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_verify(request):
    if not two_factor.has_device(request.user):
        return redirect(f"{reverse('staff:two_factor_setup')}?{request.GET.urlencode()}")
    if request.user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Asked before trying: the try itself makes every device rest for a moment.
        waiting = two_factor.must_wait(request.user)
        device = two_factor.verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            if not two_factor.has_app(request.user):
                # Signed in with a recovery code made by an administrator: set up the app now.
                return redirect(f"{reverse('staff:two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", _wrong_code_message(waiting=waiting, confirmed=True))
    status = 400 if request.method == "POST" else 200
    return render(request, "otp/verify.html", {"form": form, "next": _next_url(request)}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_setup(request):
    if two_factor.has_app(request.user) or (two_factor.has_device(request.user) and not request.user.is_verified()):
        # A lost phone is reset by an administrator; nobody adds an app without signing in with a code first.
        return redirect(f"{reverse('staff:two_factor_verify')}?{request.GET.urlencode()}")
    device = two_factor.pending_app_device(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None, allow_recovery=False)
    if request.method == "POST" and form.is_valid():
        waiting = not device.verify_is_allowed()[0]
        codes = two_factor.app_confirm(user=request.user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            return render(request, "otp/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _wrong_code_message(waiting=waiting, confirmed=False))
    return render(
        request,
        "otp/setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_text(device),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_recovery_codes(request):
    """How many recovery codes are left, and new ones on request (the old ones then stop working)."""
    if not two_factor.has_device(request.user):
        return redirect("staff:two_factor_setup")
    if request.method == "POST":
        codes = two_factor.recovery_codes_replace(user=request.user)
        return render(request, "otp/recovery_codes.html", {"codes": codes, "next": _home_url(request.user)})
    return render(
        request,
        "otp/recovery_status.html",
        {"left": two_factor.recovery_codes_left(request.user), "has_app": two_factor.has_app(request.user)},
    )
