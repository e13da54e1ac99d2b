"""The patient pages: start, one page per question, check your answers, result and contact opt-in."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hsct_screen.criteria.selectors import NoPublishedCriteria
from hsct_screen.learn.selectors import clinic_info
from hsct_screen.questionnaire import drafts, labels, selectors, services, steps
from hsct_screen.questionnaire.answers import InvalidAnswers
from hsct_screen.questionnaire.forms import ContactForm

CHANGE_PARAM = "change"


def _step_url(draft: drafts.Draft, step: steps.Step, *, changing: bool = False) -> str:
    url = reverse("questionnaire:step", args=[draft.token, step.slug])
    return f"{url}?{CHANGE_PARAM}=1" if changing else url


def _check_url(draft: drafts.Draft) -> str:
    return reverse("questionnaire:check", args=[draft.token])


def _result_url(reference_code: str) -> str:
    return reverse("questionnaire:result", args=[reference_code])


def _own_draft(request, token: str) -> drafts.Draft:
    draft = drafts.draft_get(request.session, token)
    if draft is None:
        raise Http404
    return draft


@require_http_methods(["GET", "HEAD", "POST"])
def start(request):
    if request.method == "POST":
        draft = drafts.draft_start(request.session)
        return redirect(_step_url(draft, steps.FIRST_STEP))
    return render(request, "questionnaire/start.html")


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, token, step_slug):
    draft = _own_draft(request, token)
    if draft.is_finished:
        return redirect(_result_url(draft.reference_code))
    current = steps.get_step(step_slug)
    if current is None:
        raise Http404
    answers = draft.answers
    changing = request.GET.get(CHANGE_PARAM) == "1"
    if not steps.is_reachable(current, answers):
        return redirect(_step_url(draft, steps.first_unanswered(answers)))
    if not current.applies(answers):
        following = steps.next_step(current.slug, answers)
        return redirect(_step_url(draft, following, changing=changing) if following else _check_url(draft))

    today = timezone.localdate()
    if request.method == "POST":
        form = current.form_class(request.POST, today=today)
        if form.is_valid():
            answers = steps.with_step_answers(answers, current, form.cleaned_data)
            draft = drafts.draft_save_answers(request.session, draft, answers)
            following = steps.after_save(current, answers, changing=changing)
            return redirect(_step_url(draft, following, changing=changing) if following else _check_url(draft))
    else:
        form = current.form_class(initial=current.initial(answers), today=today)

    if changing and steps.first_unanswered(answers) is None:
        back_url = _check_url(draft)
    else:
        previous = steps.previous_step(current.slug, answers)
        back_url = _step_url(draft, previous, changing=changing) if previous else reverse("questionnaire:start")
    return render(
        request,
        "questionnaire/step.html",
        {
            "step": current,
            "form": form,
            "back_url": back_url,
            "action_url": _step_url(draft, current, changing=changing),
            "is_single_question": len(current.keys) == 1,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def check(request, token):
    draft = _own_draft(request, token)
    if draft.is_finished:
        return redirect(_result_url(draft.reference_code))
    missing = steps.first_unanswered(draft.answers)
    if missing is not None:
        return redirect(_step_url(draft, missing))

    if request.method == "POST":
        try:
            # Keyed by the draft, so a double click or parallel submits all lead to one stored result.
            submission = services.submission_create(
                answers=draft.answers, today=timezone.localdate(), submission_key=draft.submission_key
            )
        except NoPublishedCriteria:
            return render(request, "questionnaire/unavailable.html", {"check_url": _check_url(draft)}, status=503)
        except InvalidAnswers as error:
            # The session said these were valid; never trust it. Ask those questions again.
            kept = {key: value for key, value in draft.answers.items() if key not in error.errors}
            draft = drafts.draft_save_answers(request.session, draft, kept)
            return redirect(_step_url(draft, steps.first_unanswered(kept) or steps.FIRST_STEP))
        drafts.draft_finish(request.session, draft, submission.reference_code)
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
        },
    )


def _owned_submission(request, reference_code: str):
    # Without staff access, only the browser that made a result may see it; others get a plain 404.
    if not drafts.owns_submission(request.session, reference_code):
        raise Http404
    submission = selectors.submission_for_result(reference_code)
    if submission is None:
        raise Http404
    return submission


def _render_result(request, submission, *, contact_form: ContactForm, status: int = 200):
    return render(
        request,
        "questionnaire/result.html",
        {
            "submission": submission,
            "result": selectors.result_view(submission),
            "contact": selectors.contact_request_of(submission),
            "contact_form": contact_form,
            "clinic": clinic_info(),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def result(request, reference_code):
    submission = _owned_submission(request, reference_code)
    return _render_result(request, submission, contact_form=ContactForm())


@require_POST
def contact(request, reference_code):
    submission = _owned_submission(request, reference_code)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _render_result(request, submission, contact_form=form)
    services.contact_request_create(
        submission=submission,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        phone=form.cleaned_data["phone"],
    )
    messages.success(request, _("Thank you. The clinic can now contact you about this screening."))
    return redirect(f"{_result_url(reference_code)}#contact")


@require_POST
def contact_remove(request, reference_code):
    submission = _owned_submission(request, reference_code)
    if services.contact_request_delete(submission=submission):
        messages.success(request, _("We have deleted your contact details."))
    return redirect(f"{_result_url(reference_code)}#contact")
