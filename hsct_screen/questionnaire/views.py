"""The patient pages: start, one page per question, check your answers, result, private link and contact opt-in."""

import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hsct_screen.criteria.selectors import NoPublishedCriteria
from hsct_screen.learn.selectors import clinic_info
from hsct_screen.questionnaire import drafts, labels, selectors, services, step_page, steps
from hsct_screen.questionnaire.answers import CROSS_FIELD_KEYS, InvalidAnswers, cross_field_errors
from hsct_screen.questionnaire.forms import ContactForm, EmailLinkForm
from hsct_screen.web import cookies, page_cache

CHANGE_PARAM = step_page.CHANGE_PARAM


def _step_url(draft: drafts.Draft, step: steps.Step, *, changing: bool = False) -> str:
    return step_page.step_url(draft.token, step.slug, changing=changing)


def _check_url(draft: drafts.Draft) -> str:
    return step_page.check_url(draft.token)


def _result_url(reference_code: str) -> str:
    return reverse("questionnaire:result", args=[reference_code])


def _redirect(url: str) -> cookies.HttpResponseRedirect:
    """redirect(url) for an address made here: the shortcut first tries the address as a view name to reverse.

    (The response renews the session cookie after a saved answer: hsct_screen.web.cookies makes it quicker.)"""
    return cookies.HttpResponseRedirect(url)


class SessionEnded(Exception):
    """The draft is not in this session: it expired, or the address came from somewhere else."""


def _own_draft(request, token: str) -> drafts.Draft:
    draft = drafts.draft_get(request.session, token)
    if draft is None:
        raise SessionEnded
    return draft


def _session_page(view):
    """Show the session-ended page, never a 404, when a questionnaire address no longer has its answers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SessionEnded:
            return render(request, "questionnaire/session_ended.html", {"hours": _session_hours()})

    return wrapper


def _session_hours() -> int:
    return max(1, round(settings.SESSION_COOKIE_AGE / 3600))


# A question page view restarts the session's idle clock, but at most once in this many seconds: saving the
# session on every read would cost a session-store write per page. The time shown stays exact either way.
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_REFRESHED_KEY = "questionnaire_clock"


def _session_expires(request) -> datetime:
    """When the answers will be forgotten if the person does nothing, shown on every question page."""
    session = request.session
    now = int(time.time())
    refreshed = session.get(SESSION_REFRESHED_KEY)
    # Activity restarts the clock: a save this request makes anyway (an answer), or a view long after the last.
    if session.modified or not isinstance(refreshed, int) or now - refreshed >= SESSION_REFRESH_SECONDS:
        session[SESSION_REFRESHED_KEY] = refreshed = now
    # The store forgets the session SESSION_COOKIE_AGE after its last save, which is at `refreshed` or later.
    return datetime.fromtimestamp(refreshed + settings.SESSION_COOKIE_AGE, tz=UTC)


def _session_context(request) -> dict:
    expires_iso, expires_time = step_page.expiry_holes(_session_expires(request))
    return {"session_expires_iso": expires_iso, "session_expires_time": expires_time}


def _cross_field_step(answers) -> steps.Step | None:
    """The page whose answer clashes with another page's (such as a diagnosis before birth)."""
    if not all(key in answers for key in CROSS_FIELD_KEYS):
        return None  # nothing to clash with yet (and no need to look up today's date)
    return next((steps.STEP_FOR_KEY[key] for key in cross_field_errors(answers, today=timezone.localdate())), None)


@require_http_methods(["GET", "HEAD", "POST"])
def start(request):
    if request.method == "POST":
        draft = drafts.draft_start(request.session)
        return redirect(_step_url(draft, steps.FIRST_STEP))
    return page_cache.render_shared(request, "questionnaire/start.html")


@require_http_methods(["GET", "HEAD", "POST"])
@_session_page
def step(request, token, step_slug):
    draft = _own_draft(request, token)
    if draft.is_finished:
        return _redirect(_result_url(draft.reference_code))
    current = steps.get_step(step_slug)
    if current is None:
        raise Http404
    answers = draft.answers
    changing = request.GET.get(CHANGE_PARAM) == "1"
    if not steps.is_reachable(current, answers):
        return _redirect(_step_url(draft, steps.first_unanswered(answers)))
    if not current.applies(answers):
        following = steps.next_step(current.slug, answers)
        return _redirect(_step_url(draft, following, changing=changing) if following else _check_url(draft))

    form = None
    if request.method == "POST":
        today = timezone.localdate()
        others = {key: value for key, value in answers.items() if key not in current.keys}
        cleaned = current.form_class.valid_answers(request.POST, today=today, other_answers=others)
        if cleaned is not None:
            answers = steps.with_step_answers(answers, current, cleaned)
            draft = drafts.draft_save_answers(request.session, draft, answers)
            # An answer here can show that an earlier one cannot be right: go back there to say so.
            following = _cross_field_step(answers) or steps.after_save(current, answers, changing=changing)
            return _redirect(_step_url(draft, following, changing=changing) if following else _check_url(draft))
        # Not valid: the form says why.
        form = current.form_class(request.POST, today=today, other_answers=others)
        form.is_valid()
    elif current == _cross_field_step(answers):
        # Shown again because of a clash: the stored answer, with the message that says what to check.
        others = {key: value for key, value in answers.items() if key not in current.keys}
        form = current.form_class(
            {key: str(value) for key, value in current.initial(answers).items()},
            today=timezone.localdate(),
            other_answers=others,
        )
        form.is_valid()

    page = step_page.page_of(current, answers, changing=changing)
    holes = step_page.Holes(draft.token, get_token(request), *step_page.expiry_holes(_session_expires(request)))
    if form is None and step_page.is_plain_view(request):
        # What everyone at this point shares, kept rendered, with this person's own values filled in.
        html = step_page.kept_html(request, page, holes)
        if html is not None:
            return cookies.HttpResponse(html)  # the CSRF cookie is renewed on it (hsct_screen.web.cookies)
    if form is None:
        form = current.form_class(initial=page.initial(), today=timezone.localdate())
    return cookies.HttpResponse(step_page.render(request, page, form, holes))


@require_http_methods(["GET", "HEAD", "POST"])
@_session_page
def check(request, token):
    draft = _own_draft(request, token)
    if draft.is_finished:
        return redirect(_result_url(draft.reference_code))
    missing = steps.first_unanswered(draft.answers) or _cross_field_step(draft.answers)
    if missing is not None:
        return redirect(_step_url(draft, missing))

    if request.method == "POST":
        try:
            # Keyed by the draft, so a double click or parallel submits all lead to one stored result.
            submission = services.submission_create(
                answers=draft.answers,
                today=timezone.localdate(),
                submission_key=draft.submission_key,
                link_token=draft.link_token or None,
            )
        except NoPublishedCriteria:
            return render(request, "questionnaire/unavailable.html", {"check_url": _check_url(draft)}, status=503)
        except InvalidAnswers as error:
            # The session said these were valid; never trust it. Ask those questions again.
            kept = {key: value for key, value in draft.answers.items() if key not in error.errors}
            draft = drafts.draft_save_answers(request.session, draft, kept)
            return redirect(_step_url(draft, steps.first_unanswered(kept) or steps.FIRST_STEP))
        drafts.draft_finish(request.session, draft, submission.reference_code, getattr(submission, "link_token", None))
        return redirect(_result_url(submission.reference_code))

    rows = [
        {
            "key": key,
            "name": name,
            "value": value,
            "change_url": _step_url(draft, steps.STEP_FOR_KEY[key], changing=True),
        }
        for key, name, value in labels.answer_rows(draft.answers)
    ]
    return render(
        request,
        "questionnaire/check.html",
        {
            "rows": rows,
            "back_url": _step_url(draft, steps.last_step(draft.answers)),
            "action_url": _check_url(draft),
            **_session_context(request),
        },
    )


def _private(view):
    """Pages that show a private link: never cached, and only the site's origin ever sent as a referrer.

    Not "no-referrer": Chromium then sends "Origin: null" with the page's own forms, which Django's CSRF check refuses.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        return response

    return never_cache(wrapper)


def _owned_submission(request, reference_code: str):
    # Without the private link, only the browser that made a result may see it; others get a plain 404.
    if not drafts.owns_submission(request.session, reference_code):
        raise Http404
    submission = selectors.submission_for_result(reference_code)
    if submission is None:
        raise Http404
    return submission


def _linked_submission(token: str):
    found = selectors.private_link_lookup(token)
    if found.submission is None:
        raise Http404
    return found.submission


def _private_url(token: str, name: str = "private_result") -> str:
    return reverse(f"questionnaire:{name}", args=[token])


def _render_result(request, submission, *, link_token: str | None, via_link: bool):
    retry_name, retry_data = drafts.form_retry_take(request.session)
    contact_form = ContactForm(retry_data) if retry_name == "contact" else ContactForm()
    email_form = EmailLinkForm(retry_data) if retry_name == "email" else EmailLinkForm()
    # Bound forms from a failed attempt show their messages again after the redirect.
    for form in (contact_form, email_form):
        if form.is_bound:
            form.is_valid()
    # The forms post back to the kind of address the page was opened with.
    if via_link:
        actions = {
            "contact": _private_url(link_token, "private_contact"),
            "contact_remove": _private_url(link_token, "private_contact_remove"),
        }
    else:
        actions = {
            "contact": reverse("questionnaire:contact", args=[submission.reference_code]),
            "contact_remove": reverse("questionnaire:contact_remove", args=[submission.reference_code]),
        }
    return render(
        request,
        "questionnaire/result.html",
        {
            "submission": submission,
            "result": selectors.result_view(submission),
            "contact": selectors.contact_request_of(submission),
            "contact_form": contact_form,
            "email_form": email_form,
            "clinic": clinic_info(),
            "actions": actions,
            "link_token": link_token,
            "private_link": request.build_absolute_uri(_private_url(link_token)) if link_token else "",
            "link_expires_on": selectors.link_expires_on(submission),
        },
    )


@require_http_methods(["GET", "HEAD"])
@_private
def result(request, reference_code):
    submission = _owned_submission(request, reference_code)
    token = drafts.link_token_of(request.session, reference_code)
    return _render_result(request, submission, link_token=token, via_link=False)


@require_http_methods(["GET", "HEAD"])
@_private
def private_result(request, token):
    found = selectors.private_link_lookup(token)
    if found.submission is None:
        return render(
            request,
            "questionnaire/link_gone.html",
            {"deleted": found.deleted, "expired": found.expired, "days": settings.SUBMISSION_RETENTION_DAYS},
            status=404 if found.deleted is None and not found.expired else 410,
        )
    return _render_result(request, found.submission, link_token=token, via_link=True)


def _save_contact(request, submission, back_url: str):
    form = ContactForm(request.POST)
    if not form.is_valid():
        drafts.form_retry_keep(request.session, "contact", {key: request.POST.get(key, "") for key in form.fields})
        return redirect(f"{back_url}#contact")
    services.contact_request_create(
        submission=submission,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        phone=form.cleaned_data["phone"],
    )
    messages.success(request, _("Thank you. The clinic can now contact you about this screening."))
    return redirect(f"{back_url}#contact")


def _remove_contact(request, submission, back_url: str):
    if services.contact_request_delete(submission=submission):
        messages.success(request, _("We have deleted your contact details."))
    return redirect(f"{back_url}#contact")


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def contact(request, reference_code):
    submission = _owned_submission(request, reference_code)
    if request.method != "POST":
        # Reloading or opening this address after sending the form leads back to the form, never to an error.
        return redirect(f"{_result_url(reference_code)}#contact")
    return _save_contact(request, submission, _result_url(reference_code))


@require_POST
@_private
def contact_remove(request, reference_code):
    submission = _owned_submission(request, reference_code)
    return _remove_contact(request, submission, _result_url(reference_code))


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def private_contact(request, token):
    submission = _linked_submission(token)
    if request.method != "POST":
        return redirect(f"{_private_url(token)}#contact")
    return _save_contact(request, submission, _private_url(token))


@require_POST
@_private
def private_contact_remove(request, token):
    submission = _linked_submission(token)
    return _remove_contact(request, submission, _private_url(token))


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def private_email(request, token):
    submission = _linked_submission(token)
    if request.method != "POST":
        return redirect(f"{_private_url(token)}#private-link")
    form = EmailLinkForm(request.POST)
    if not form.is_valid():
        drafts.form_retry_keep(request.session, "email", {"link-email": request.POST.get("link-email", "")})
        return redirect(f"{_private_url(token)}#private-link")
    link = request.build_absolute_uri(_private_url(token))
    context = {"link": link, "reference_code": submission.reference_code}
    # Only the link and the reference code: never answers or a result, which would sit in a mailbox.
    send_mail(
        subject=_("Your HSCT Screen result link"),
        message=render_to_string("questionnaire/email/private_link.txt", context),
        from_email=None,
        recipient_list=[form.cleaned_data["email"]],
    )
    messages.success(request, _("We have sent the link to your email address. We have not kept the address."))
    return redirect(f"{_private_url(token)}#private-link")


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def private_delete(request, token):
    submission = _linked_submission(token)
    if request.method == "POST":
        services.submission_delete(submission=submission)
        return redirect(_private_url(token))
    return render(
        request,
        "questionnaire/delete.html",
        {
            "submission": submission,
            "result_url": _private_url(token),
            "action_url": _private_url(token, "private_delete"),
        },
    )
